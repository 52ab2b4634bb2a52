/* eslint-disable @typescript-eslint/no-explicit-any -- KerasTensors pass through the ops' eager signatures. */
/** The linear algebra and Fourier ops on KerasTensors: shape inference, op nodes, predictions and config round trips. */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, Model, Tensor, models, ops, utils } from "../../src/index.js";
import { expectClose } from "../utils/gradcheck.js";

beforeEach(() => utils.clearSession());

const shapes = (xs: any[]) => xs.map((x) => x.shape);

describe("linear algebra ops on KerasTensors", () => {
  it("infer output shapes and dtypes (dummy zeros do not trip the singular-matrix checks)", () => {
    const x: any = Input({ shape: [3, 3] });
    expect(shapes([ops.inv(x), ops.det(x), ops.cholesky(x), ops.choleskyInverse(x), ops.logdet(x)])).toEqual([[null, 3, 3], [null], [null, 3, 3], [null, 3, 3], [null]]);
    expect(shapes([...ops.eigh(x), ...ops.eig(x), ...ops.luFactor(x)])).toEqual([[null, 3], [null, 3, 3], [null, 3], [null, 3, 3], [null, 3, 3], [null, 3]]);
    expect(ops.luFactor(x)[1].dtype).toBe("int32");
    expect(shapes([ops.solve(x, x), ops.solveTriangular(x, x, true), ops.norm(x, 2, [1, 2])])).toEqual([[null, 3, 3], [null, 3, 3], [null]]);
    const w: any = Input({ shape: [4, 2] });
    expect(shapes(ops.qr(w))).toEqual([[null, 4, 2], [null, 2, 2]]);
    expect(shapes(ops.qr(w, "complete"))).toEqual([[null, 4, 4], [null, 4, 2]]);
    expect(shapes(ops.svd(w) as any[])).toEqual([[null, 4, 4], [null, 2], [null, 2, 2]]);
    expect(shapes(ops.svd(w, false) as any[])).toEqual([[null, 4, 2], [null, 2], [null, 2, 2]]);
    expect((ops.svd(w, { computeUv: false }) as any).shape).toEqual([null, 2]);
  });

  it("predict like the eager ops and survive a config round trip", () => {
    const x: any = Input({ shape: [3, 3], name: "x" });
    const model = new Model({ inputs: x, outputs: [ops.inv(x), ops.svd(x, false)[1] as any, ops.qr(x)[1]] });
    const a = ops.convertToTensor([[[4, 1, 0], [1, 3, 0], [0, 0, 2]]], "float32");
    const outs = model.predict(a, { verbose: 0 }) as Tensor[];
    expectClose(outs[0], ops.inv(a).data, 1e-6, 1e-7);
    expectClose(outs[1], [(7 + Math.sqrt(5)) / 2, (7 - Math.sqrt(5)) / 2, 2], 1e-6);
    expectClose(outs[2], ops.qr(a)[1].data, 1e-6, 1e-7);
    const copy = models.modelFromJson(model.toJson());
    expectClose((copy.predict(a, { verbose: 0 }) as Tensor[])[1], outs[1].data, 1e-7);
  });
});

describe("Fourier ops on KerasTensors", () => {
  it("infer shapes for pairs and real signals, and predict like the eager ops", () => {
    const s: any = Input({ shape: [32], name: "s" });
    const [r, i]: any[] = ops.rfft(s);
    expect(shapes([r, i])).toEqual([[null, 17], [null, 17]]);
    const st: any[] = ops.stft(s, 8, 4, 8);
    expect(shapes(st)).toEqual([[null, 9, 5], [null, 9, 5]]);
    const back: any = ops.istft(st as any, 8, 4, 8);
    expect(back.shape).toEqual([null, 32]);
    expect(shapes(ops.fft([s, s]))).toEqual([[null, 32], [null, 32]]);
    const ir: any = ops.irfft([r, i], 32);
    expect(ir.shape).toEqual([null, 32]);
    const model = new Model({ inputs: s, outputs: [r, back] });
    const signal = ops.sin(ops.multiply(ops.reshape(ops.arange(64, null, null, "float32"), [2, 32]), 0.4));
    const [pr, pb] = model.predict(signal, { verbose: 0 }) as Tensor[];
    expectClose(pr, ops.rfft(signal)[0].data, 1e-6, 1e-6);
    expectClose(pb, signal.data, 1e-5, 1e-5);
  });
});
