/**
 * Finite-difference gradient check of a layer call in float64: the VJP of
 * sum(layer(x) * w) (w fixed, uniform in [0.5, 1.5)) with respect to the input
 * and every trainable weight, computed by valueAndGrad, against central
 * differences (perturbing the input data or assigning perturbed weight values).
 * The layer must compute in float64 (dtype: "float64") and `x` be float64.
 */
import { expect } from "vitest";
import { Layer, Tensor, ops, valueAndGrad } from "../../src/index.js";
import { randomTensor } from "../utils/gradcheck.js";

export interface LayerGradCheckOptions {
  h?: number;
  /** Max allowed |analytic - numeric| / max(1, |numeric|). */
  tol?: number;
  /** At most this many entries per input / weight, spread over it. */
  maxEntries?: number;
}

function weightedSum(y: Tensor, w: Tensor): number {
  let s = 0;
  for (let i = 0; i < y.size; i++) s += Number(y.data[i]) * Number(w.data[i]);
  return s;
}

export function checkLayerGradients(layer: Layer, x: Tensor, kwargs: Record<string, unknown> = {}, options: LayerGradCheckOptions = {}): void {
  const h = options.h ?? 1e-6;
  const tol = options.tol ?? 1e-6;
  const maxEntries = options.maxEntries ?? 30;
  expect(x.dtype, "checkLayerGradients needs a float64 input").toBe("float64");
  const call = (input: Tensor) => layer.apply(input, kwargs) as Tensor;
  const y0 = call(x);
  expect(y0.dtype, "checkLayerGradients needs a layer computing in float64").toBe("float64");
  const w = randomTensor(y0.shape.slice(), 7, 0.5, 1.5);
  const weights = layer.trainableWeights;
  const { grads } = valueAndGrad(() => ops.sum(ops.multiply(call(x), w)), [x, ...weights]);

  const compare = (what: string, analytic: Tensor, size: number, perturbed: (i: number, delta: number) => number) => {
    expect(analytic.shape, `${what}: gradient shape`).toEqual(what === "input" ? x.shape : analytic.shape);
    const stride = Math.max(1, Math.floor(size / maxEntries));
    for (let i = 0; i < size; i += stride) {
      const numeric = (perturbed(i, h) - perturbed(i, -h)) / (2 * h);
      const a = Number(analytic.data[i]);
      const err = Math.abs(a - numeric) / Math.max(1, Math.abs(numeric));
      if (!(err <= tol)) expect.fail(`${layer.name}: gradient w.r.t. ${what} at flat index ${i}: analytic ${a}, numeric ${numeric} (rel err ${err})`);
    }
  };

  compare("input", grads[0], x.size, (i, delta) => {
    const data = Float64Array.from(x.data as Float64Array);
    data[i] += delta;
    return weightedSum(call(new Tensor(data, x.shape, "float64")), w);
  });
  weights.forEach((v, k) => {
    expect(grads[k + 1].shape, `gradient shape of ${v.path}`).toEqual(v.shape);
    const original = v.value;
    compare(v.path ?? v.name, grads[k + 1], v.size, (i, delta) => {
      const data = Float64Array.from(original.data as Float64Array);
      data[i] += delta;
      v.assign(new Tensor(data, v.shape, "float64"));
      const s = weightedSum(call(x), w);
      v.assign(original);
      return s;
    });
  });
}
