/**
 * Adam's fused update (one backend pass, src/backend/cpu/optimizer-updates.ts)
 * against Keras's rule written out with public ops, one op at a time: the
 * two must agree bit for bit in float32 and float64, with and without amsgrad,
 * over several steps (so the slots feed back), with extreme gradients.
 */
import { describe, expect, it } from "vitest";
import * as optimizers from "../../src/optimizers/index.js";
import { Tensor, Variable, ops } from "../../src/index.js";
import type { DType } from "../../src/engine/dtype.js";

type Float = "float32" | "float64";

function tensor(values: number[], dtype: Float): Tensor {
  return new Tensor(dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values), [values.length], dtype);
}

/** Keras 3.15.1's Adam.update_step, each line one op rounded to the dtype. */
function referenceAdam(steps: number[][], w0: number[], dtype: Float, amsgrad: boolean) {
  const [lr, beta1, beta2, epsilon] = [0.01, 0.9, 0.999, 1e-7];
  let w = tensor(w0, dtype);
  let m = ops.zerosLike(w);
  let v = ops.zerosLike(w);
  let vHat = ops.zerosLike(w);
  steps.forEach((grad, step) => {
    const g = tensor(grad, dtype);
    const t = ops.cast(step + 1, dtype);
    const alpha = ops.divide(
      ops.multiply(ops.cast(lr, dtype), ops.sqrt(ops.subtract(1, ops.power(ops.cast(beta2, dtype), t)))),
      ops.subtract(1, ops.power(ops.cast(beta1, dtype), t)),
    );
    m = ops.add(m, ops.multiply(ops.subtract(g, m), 1 - beta1));
    v = ops.add(v, ops.multiply(ops.subtract(ops.square(g), v), 1 - beta2));
    let denominatorV = v;
    if (amsgrad) {
      vHat = ops.maximum(vHat, v);
      denominatorV = vHat;
    }
    w = ops.subtract(w, ops.divide(ops.multiply(m, alpha), ops.add(ops.sqrt(denominatorV), epsilon)));
  });
  return { w, m, v };
}

const W0 = [0.5, -1.25, 3, 0, 1e-3, -7];
const GRADIENTS = [
  [0.1, -0.2, 0.3, 0, 1e-8, 5],
  [1e4, -3e-5, 0.7, -0.1, 2, 0],
  [-0.5, 0.25, -0.125, 1e-20, -2, 3.3],
  [0.01, 0.02, -0.03, 0.04, -0.05, 0.06],
];

describe("Adam: fused update equals the op-by-op rule", () => {
  for (const dtype of ["float32", "float64"] as const satisfies readonly DType[]) {
    for (const amsgrad of [false, true]) {
      it(`${dtype}, amsgrad ${amsgrad}: variable and slots identical after every step count`, () => {
        for (let stepCount = 1; stepCount <= GRADIENTS.length; stepCount++) {
          const steps = GRADIENTS.slice(0, stepCount);
          const variable = new Variable(tensor(W0, dtype), { name: "w", dtype });
          const optimizer = new optimizers.Adam({ learningRate: 0.01, amsgrad });
          for (const grad of steps) optimizer.applyGradients([[tensor(grad, dtype), variable]]);
          const expected = referenceAdam(steps, W0, dtype, amsgrad);
          const slot = (name: string) => optimizer.variables.find((s) => s.path.endsWith(name))!.value;
          expect(Array.from(variable.value.data)).toEqual(Array.from(expected.w.data));
          expect(Array.from(slot("w_momentum").data)).toEqual(Array.from(expected.m.data));
          expect(Array.from(slot("w_velocity").data)).toEqual(Array.from(expected.v.data));
          expect(variable.value.dtype).toBe(dtype);
        }
      });
    }
  }

  it("a NaN gradient propagates NaN into the variable, as the ops do", () => {
    const variable = new Variable(tensor([1, 2], "float32"), { name: "w" });
    new optimizers.Adam().applyGradients([[tensor([NaN, 1], "float32"), variable]]);
    const [a, b] = Array.from(variable.value.data);
    expect(Number.isNaN(a)).toBe(true);
    expect(b).toBeCloseTo(2 - 0.001, 6);
  });
});
