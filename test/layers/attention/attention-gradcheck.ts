/**
 * Float64 finite-difference check of an attention layer called on several
 * inputs: the VJP of sum_i sum(output_i * w_i) (fixed random w_i) w.r.t. every
 * float input and every trainable weight, by valueAndGrad, against central
 * differences. `listInput` calls `layer.apply([a, b, ...], kwargs)` (Attention)
 * instead of `layer.apply(a, b, ..., kwargs)` (MultiHeadAttention).
 */
import { expect } from "vitest";
import { Layer, Tensor, ops, valueAndGrad } from "../../../src/index.js";
import { flatten } from "../../../src/utils/tree.js";
import { randomTensor } from "../../utils/gradcheck.js";

export function checkAttentionGradients(
  layer: Layer, inputs: Tensor[], kwargs: Record<string, unknown> = {}, options: { listInput?: boolean; h?: number; tol?: number; maxEntries?: number } = {},
): void {
  const h = options.h ?? 1e-6;
  const tol = options.tol ?? 1e-6;
  const call = (xs: Tensor[]) => flatten<Tensor>(options.listInput ? layer.apply(xs, kwargs) : layer.apply(...xs, kwargs));
  const outs0 = call(inputs);
  outs0.forEach((o) => expect(o.dtype, "the layer must compute in float64").toBe("float64"));
  const ws = outs0.map((o, i) => randomTensor(o.shape.slice(), 40 + i, 0.5, 1.5));
  const loss = (xs: Tensor[]) => call(xs).reduce((acc: Tensor, o, i) => ops.add(acc, ops.sum(ops.multiply(o, ws[i]))) as Tensor, ops.zeros([], "float64"));
  const lossValue = (xs: Tensor[]) => Number(loss(xs).item());
  const weights = layer.trainableWeights;
  const { grads } = valueAndGrad(() => loss(inputs), [...inputs, ...weights]);

  const compare = (what: string, analytic: Tensor, size: number, perturbed: (i: number, delta: number) => number) => {
    const stride = Math.max(1, Math.floor(size / (options.maxEntries ?? 8)));
    for (let i = 0; i < size; i += stride) {
      const numeric = (perturbed(i, h) - perturbed(i, -h)) / (2 * h);
      const a = Number(analytic.data[i]);
      const err = Math.abs(a - numeric) / Math.max(1, Math.abs(numeric));
      if (!(err <= tol)) expect.fail(`${layer.name}: gradient w.r.t. ${what} at flat index ${i}: analytic ${a}, numeric ${numeric} (rel err ${err})`);
    }
  };
  // The same tensor may be passed twice (self-attention): its gradient (taken once) covers both uses.
  const distinct = [...new Set(inputs)];
  distinct.forEach((x) => {
    const analytic = grads[inputs.indexOf(x)];
    compare(`input ${inputs.indexOf(x)}`, analytic, x.size, (i, delta) => {
      const data = Float64Array.from(x.data as Float64Array);
      data[i] += delta;
      const px = new Tensor(data, x.shape, "float64");
      return lossValue(inputs.map((xi) => (xi === x ? px : xi)));
    });
  });
  weights.forEach((v, k) => {
    const analytic = grads[inputs.length + k];
    expect(analytic.shape, `gradient shape of ${v.path}`).toEqual(v.shape);
    const original = v.value;
    compare(v.path ?? v.name, analytic, v.size, (i, delta) => {
      const data = Float64Array.from(original.data as Float64Array);
      data[i] += delta;
      v.assign(new Tensor(data, v.shape, "float64"));
      const out = lossValue(inputs);
      v.assign(original);
      return out;
    });
  });
}
