/**
 * The fused LSTM / GRU sequence ops against the op-by-op reference
 * recurrences, finite differences in float64 (masks, goBackwards, every
 * masked-output mode), and gradients of gradients.
 */
import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops, valueAndGrad } from "../../../src/index.js";
import { gruRecurrence, gruSequence, lstmRecurrence, lstmSequence, MaskedOutput } from "../../../src/ops/nn/rnn-kernels.js";
import { gruRecurrenceReference, lstmRecurrenceReference } from "../../../src/ops/nn/rnn-reference.js";
import { checkGradients, expectClose, randomTensor } from "../../utils/gradcheck.js";

/** A (batch, timesteps) bool mask with holes at the start, the middle and the end. */
function makeMask(batch: number, timesteps: number): Tensor {
  const data = new Uint8Array(batch * timesteps);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < timesteps; t++) data[b * timesteps + t] = (b + 2 * t) % 3 === 1 ? 0 : 1;
  }
  return new Tensor(data, [batch, timesteps], "bool");
}

function flatConcat(ts: Tensor[]): Tensor {
  return ops.concatenate(ts.map((t) => ops.reshape(t, [-1])), 0);
}

const MODES: MaskedOutput[] = ["state", "zeros", "previous"];
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [2, 4, 5],
  [4, 3, 2],
];

describe("lstmRecurrence", () => {
  for (const [B, T, U] of SHAPES) {
    for (const goBackwards of [false, true]) {
      for (const masked of [false, true]) {
        for (const maskedOutput of masked ? MODES : (["state"] as MaskedOutput[])) {
          const label = `B=${B} T=${T} U=${U} goBackwards=${goBackwards} mask=${masked} ${maskedOutput}`;
          const xProj = randomTensor([B, T, 4 * U], 1, -2, 2);
          const h0 = randomTensor([B, U], 2);
          const c0 = randomTensor([B, U], 3);
          const R = randomTensor([U, 4 * U], 4);
          const mask = masked ? makeMask(B, T) : null;
          const options = { mask, goBackwards, maskedOutput };

          it(`matches the reference: ${label}`, () => {
            const fused = lstmRecurrence(xProj, h0, c0, R, options);
            const ref = lstmRecurrenceReference(xProj, h0, c0, R, mask, { goBackwards, maskedOutput });
            fused.forEach((t, i) => expectClose(t, ref[i].data, 1e-12, 1e-12));
          });

          it(`finite differences: ${label}`, () => {
            checkGradients((x, h, c, r) => flatConcat(lstmRecurrence(x, h, c, r, options)), [xProj, h0, c0, R], { tol: 1e-6 });
          });
        }
      }
    }
  }

  it("holds masked steps: states carried, outputs by mode", () => {
    const [B, T, U] = [2, 3, 2];
    const xProj = randomTensor([B, T, 4 * U], 5, -2, 2);
    const h0 = randomTensor([B, U], 6);
    const c0 = randomTensor([B, U], 7);
    const R = randomTensor([U, 4 * U], 8);
    // Sample 0: step 0 masked; sample 1: last step masked.
    const mask = new Tensor(Uint8Array.from([0, 1, 1, 1, 1, 0]), [B, T], "bool");
    const [outState, hS, cS] = lstmRecurrence(xProj, h0, c0, R, { mask, maskedOutput: "state" });
    const [outZero] = lstmRecurrence(xProj, h0, c0, R, { mask, maskedOutput: "zeros" });
    const [outPrev] = lstmRecurrence(xProj, h0, c0, R, { mask, maskedOutput: "previous" });
    const o = (t: Tensor, b: number, s: number) => Array.from(t.data.slice((b * T + s) * U, (b * T + s + 1) * U));
    expect(o(outState, 0, 0)).toEqual(Array.from(h0.data.slice(0, U)));
    expect(o(outZero, 0, 0)).toEqual([0, 0]);
    expect(o(outPrev, 0, 0)).toEqual([0, 0]);
    expect(o(outState, 1, 2)).toEqual(o(outState, 1, 1));
    expect(o(outZero, 1, 2)).toEqual([0, 0]);
    expect(o(outPrev, 1, 2)).toEqual(o(outPrev, 1, 1));
    // The final states of sample 1 are those after step 1.
    expect(Array.from(hS.data.slice(U, 2 * U))).toEqual(o(outState, 1, 1));
    const [, , cAfter2] = lstmRecurrence(ops.slice(xProj, [1, 0, 0], [1, 2, 4 * U]), ops.slice(h0, [1, 0], [1, U]), ops.slice(c0, [1, 0], [1, U]), R);
    expectClose(Array.from(cS.data.slice(U, 2 * U)), cAfter2.data, 1e-12, 1e-12);
  });

  it("lstmSequence projects the inputs with one matmul and matches the step formula", () => {
    const x = randomTensor([2, 3, 4], 9);
    const W = randomTensor([4, 8], 10);
    const Rk = randomTensor([2, 8], 11);
    const bias = randomTensor([8], 12);
    const h0 = ops.zeros([2, 2], "float64");
    const [outputs, h, c] = lstmSequence(x, h0, h0, W, Rk, bias);
    // Hand-rolled single steps with the Keras equations.
    let hs = h0;
    let cs = h0;
    const sig = (t: Tensor) => ops.divide(1, ops.add(1, ops.exp(ops.negative(t))));
    for (let t = 0; t < 3; t++) {
      const z = ops.add(ops.add(ops.matmul(ops.take(x, t, 1), W), ops.matmul(hs, Rk)), bias);
      const [i, f, g, o] = ops.split(z, 4, -1);
      cs = ops.add(ops.multiply(sig(f), cs), ops.multiply(sig(i), ops.tanh(g)));
      hs = ops.multiply(sig(o), ops.tanh(cs));
      expectClose(ops.take(outputs, t, 1), hs.data, 1e-12, 1e-12);
    }
    expectClose(h, hs.data, 1e-12, 1e-12);
    expectClose(c, cs.data, 1e-12, 1e-12);
    checkGradients((a, w, r, bb) => flatConcat(lstmSequence(a, h0, h0, w, r, bb, { mask: makeMask(2, 3), goBackwards: true })), [x, W, Rk, bias]);
  });

  it("gradients of gradients go through the differentiable reference", () => {
    const [B, T, U] = [2, 3, 2];
    const xProj = randomTensor([B, T, 4 * U], 13);
    const h0 = randomTensor([B, U], 14);
    const c0 = randomTensor([B, U], 15);
    const R = randomTensor([U, 4 * U], 16);
    const mask = makeMask(B, T);
    const secondOrder = (fn: typeof lstmRecurrence | ((...a: any[]) => Tensor[])) => {
      const outer = new GradientTape();
      outer.watch(R);
      const g = outer.record(() => {
        const inner = new GradientTape();
        inner.watch(R);
        const y = inner.record(() => ops.sum(ops.square(fn(xProj, h0, c0, R, { mask, goBackwards: true })[0])));
        return ops.sum(ops.square(inner.gradient(y, [R])[0]!));
      });
      return outer.gradient(g, [R])[0]!;
    };
    const fused = secondOrder(lstmRecurrence);
    const ref = secondOrder((x: Tensor, h: Tensor, c: Tensor, r: Tensor, o: { mask: Tensor; goBackwards: boolean }) =>
      lstmRecurrenceReference(x, h, c, r, o.mask, { goBackwards: o.goBackwards, maskedOutput: "state" }),
    );
    expect(ops.max(ops.abs(ref)).item()).toBeGreaterThan(1e-5);
    expectClose(fused, ref.data, 1e-10, 1e-12);
  });

  it("computes in float32 close to float64", () => {
    const xProj = randomTensor([3, 4, 8], 17);
    const h0 = randomTensor([3, 2], 18);
    const R = randomTensor([2, 8], 19);
    const f64 = lstmRecurrence(xProj, h0, h0, R);
    const f32 = lstmRecurrence(...([xProj, h0, h0, R].map((t) => ops.cast(t, "float32")) as [Tensor, Tensor, Tensor, Tensor]));
    f32.forEach((t, i) => {
      expect(t.dtype).toBe("float32");
      expectClose(t, f64[i].data, 1e-6, 1e-7);
    });
  });

  it("rejects bad shapes and dtypes", () => {
    const x = randomTensor([2, 3, 8], 1);
    const h = randomTensor([2, 2], 1);
    expect(() => lstmRecurrence(x, h, h, randomTensor([2, 6], 1))).toThrow(/recurrentKernel/);
    expect(() => lstmRecurrence(x, randomTensor([3, 2], 1), h, randomTensor([2, 8], 1))).toThrow(/h0/);
    expect(() => lstmRecurrence(x, h, h, randomTensor([2, 8], 1), { mask: ops.ones([2, 4], "bool") })).toThrow(/mask/);
    expect(() => lstmRecurrence(x, h, ops.cast(h, "float32"), randomTensor([2, 8], 1))).toThrow(/same dtype/);
  });
});

describe("gruRecurrence", () => {
  for (const resetAfter of [true, false]) {
    for (const [B, T, U] of SHAPES) {
      for (const goBackwards of [false, true]) {
        for (const masked of [false, true]) {
          for (const maskedOutput of masked ? MODES : (["state"] as MaskedOutput[])) {
            const label = `resetAfter=${resetAfter} B=${B} T=${T} U=${U} goBackwards=${goBackwards} mask=${masked} ${maskedOutput}`;
            const xProj = randomTensor([B, T, 3 * U], 21, -2, 2);
            const h0 = randomTensor([B, U], 22);
            const R = randomTensor([U, 3 * U], 23);
            const br = resetAfter ? randomTensor([3 * U], 24) : null;
            const mask = masked ? makeMask(B, T) : null;
            const options = { mask, goBackwards, maskedOutput, resetAfter };

            it(`matches the reference: ${label}`, () => {
              const fused = gruRecurrence(xProj, h0, R, br, options);
              const ref = gruRecurrenceReference(xProj, h0, R, br, mask, { goBackwards, maskedOutput, resetAfter });
              fused.forEach((t, i) => expectClose(t, ref[i].data, 1e-12, 1e-12));
            });

            it(`finite differences: ${label}`, () => {
              const inputs = br ? [xProj, h0, R, br] : [xProj, h0, R];
              checkGradients((x, h, r, b) => flatConcat(gruRecurrence(x, h, r, b ?? null, options)), inputs, { tol: 1e-6 });
            });
          }
        }
      }
    }
  }

  it("gruSequence splits Keras's (2, 3u) bias into input and recurrent rows", () => {
    const x = randomTensor([2, 3, 4], 31);
    const W = randomTensor([4, 6], 32);
    const Rk = randomTensor([2, 6], 33);
    const bias = randomTensor([2, 6], 34);
    const h0 = randomTensor([2, 2], 35);
    const [outputs, h] = gruSequence(x, h0, W, Rk, bias);
    let hs = h0;
    const sig = (t: Tensor) => ops.divide(1, ops.add(1, ops.exp(ops.negative(t))));
    const [bi, brec] = ops.unstack(bias, 2, 0);
    for (let t = 0; t < 3; t++) {
      const [xz, xr, xh] = ops.split(ops.add(ops.matmul(ops.take(x, t, 1), W), bi), 3, -1);
      const [rz, rr, rh] = ops.split(ops.add(ops.matmul(hs, Rk), brec), 3, -1);
      const z = sig(ops.add(xz, rz));
      const r = sig(ops.add(xr, rr));
      const hh = ops.tanh(ops.add(xh, ops.multiply(r, rh)));
      hs = ops.add(ops.multiply(z, hs), ops.multiply(ops.subtract(1, z), hh));
      expectClose(ops.take(outputs, t, 1), hs.data, 1e-12, 1e-12);
    }
    expectClose(h, hs.data, 1e-12, 1e-12);
    checkGradients((a, w, r, bb) => flatConcat(gruSequence(a, h0, w, r, bb, { mask: makeMask(2, 3) })), [x, W, Rk, bias]);
    checkGradients((a, w, r, bb) => flatConcat(gruSequence(a, h0, w, r, bb, { resetAfter: false, goBackwards: true })), [x, W, Rk, randomTensor([6], 36)]);
  });

  it("gradients of gradients (resetAfter false) match the reference", () => {
    const xProj = randomTensor([2, 3, 6], 37);
    const h0 = randomTensor([2, 2], 38);
    const R = randomTensor([2, 6], 39);
    const run = (fn: (r: Tensor) => Tensor) => {
      const outer = new GradientTape();
      outer.watch(R);
      const g = outer.record(() => {
        const inner = new GradientTape();
        inner.watch(R);
        const y = inner.record(() => ops.sum(ops.square(fn(R))));
        return ops.sum(ops.square(inner.gradient(y, [R])[0]!));
      });
      return outer.gradient(g, [R])[0]!;
    };
    const opts = { goBackwards: false, maskedOutput: "state" as const, resetAfter: false };
    const fused = run((r) => gruRecurrence(xProj, h0, r, null, { ...opts, mask: makeMask(2, 3) })[0]);
    const ref = run((r) => gruRecurrenceReference(xProj, h0, r, null, makeMask(2, 3), opts)[0]);
    expectClose(fused, ref.data, 1e-10, 1e-12);
  });
});

describe("whole-sequence ops", () => {
  const x = randomTensor([3, 4, 2], 41);
  const mask = makeMask(3, 4);
  const cases: [string, (x: Tensor, w: Tensor, r: Tensor, b: Tensor) => Tensor[], number[], number[]][] = [
    ["lstmSequence", (a, w, r, b) => lstmSequence(a, ops.zeros([3, 2], "float64"), randomTensor([3, 2], 42), w, r, b, { mask, goBackwards: true }), [2, 8], [8]],
    ["gruSequence resetAfter", (a, w, r, b) => gruSequence(a, randomTensor([3, 2], 43), w, r, b, { mask }), [2, 6], [2, 6]],
    ["gruSequence resetAfter=false", (a, w, r, b) => gruSequence(a, randomTensor([3, 2], 44), w, r, b, { mask, resetAfter: false, maskedOutput: "zeros" }), [2, 6], [6]],
  ];
  for (const [name, run, kernelShape, biasShape] of cases) {
    const W = randomTensor(kernelShape, 45);
    const R = randomTensor([2, kernelShape[1]], 46);
    const b = randomTensor(biasShape, 47);
    const loss = (...xs: Tensor[]) => ops.sum(ops.multiply(flatConcat(run(xs[0], xs[1], xs[2], xs[3])), 0.7));

    it(`${name}: weight gradients do not depend on whether the inputs are watched`, () => {
      const withX = valueAndGrad(() => loss(x, W, R, b), [x, W, R, b]).grads;
      const withoutX = valueAndGrad(() => loss(x, W, R, b), [W, R, b]).grads;
      withoutX.forEach((g, i) => expectClose(g, withX[i + 1].data, 1e-13, 1e-13));
      expect(ops.max(ops.abs(withX[0])).item()).toBeGreaterThan(0);
    });

    it(`${name}: gradients of gradients match finite differences of the first gradient`, () => {
      // d/dW of sum(dL/dR ** 2), through the differentiable reference the op falls back to.
      const gradNormSq = (w: Tensor) => {
        const tape = new GradientTape();
        tape.watch(R);
        const l = tape.record(() => loss(x, w, R, b));
        return ops.sum(ops.square(tape.gradient(l, [R])[0]!));
      };
      checkGradients((w) => gradNormSq(w), [W], { tol: 1e-5, maxEntries: 6 });
    });
  }
});

