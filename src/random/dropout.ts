/**
 * `keras.random.dropout(inputs, rate, noiseShape=null, seed=null)`: inverted
 * dropout. Each entry of a mask of `noiseShape` (default: the input shape) is
 * kept with probability 1 - rate; kept entries are scaled by 1 / (1 - rate)
 * so the expected value is unchanged. The mask is a constant, so the result
 * is differentiable in `inputs` (the gradient is the same scaled mask).
 */
import { isFloat } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { formatShape, sizeOf } from "../engine/shape.js";
import { Tensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import { floatx } from "../config/settings.js";
import { readOptions } from "../ops/op.js";
import { multiply } from "../ops/math/arithmetic.js";
import { cast } from "../ops/core/cast.js";
import { SeedLike, streamFor } from "./seed-generator.js";

type DropoutOptions = { noiseShape: readonly (number | null)[] | null; seed: SeedLike };

function resolveNoiseShape(noiseShape: readonly (number | null)[] | null | undefined, shape: readonly number[], ctx: string): number[] {
  if (noiseShape === null || noiseShape === undefined) return shape.slice();
  if (!Array.isArray(noiseShape) || noiseShape.length !== shape.length) {
    throw new ValueError(`${ctx}: \`noiseShape\` must have the rank of the inputs (${shape.length}), received ${JSON.stringify(noiseShape)} for inputs of shape ${formatShape(shape)}.`);
  }
  return noiseShape.map((d, i) => {
    const dim = d === null ? shape[i] : d;
    if (dim !== 1 && dim !== shape[i]) {
      throw new ValueError(`${ctx}: \`noiseShape\` ${JSON.stringify(noiseShape)} does not broadcast to the input shape ${formatShape(shape)}.`);
    }
    return dim;
  });
}

export function dropout(inputs: unknown, rate: number, ...rest: unknown[]): Tensor {
  const ctx = "random.dropout";
  const o = readOptions<DropoutOptions>(ctx, rest, ["noiseShape", "seed"]);
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    throw new ValueError(`${ctx}: \`rate\` must be a number in the range [0, 1], received ${String(rate)}.`);
  }
  let x = toTensor(inputs, undefined, ctx);
  if (!isFloat(x.dtype)) x = cast(x, floatx());
  const maskShape = resolveNoiseShape(o.noiseShape, x.shape, ctx);
  const keepProb = 1 - rate;
  const scale = keepProb > 0 ? 1 / keepProb : 0;
  const stream = streamFor(o.seed, ctx);
  const Ctor = x.dtype === "float64" ? Float64Array : Float32Array;
  const mask = new Ctor(sizeOf(maskShape));
  for (let i = 0; i < mask.length; i++) mask[i] = stream.nextFloat24() < keepProb ? scale : 0;
  return multiply(x, new Tensor(mask, maskShape, x.dtype));
}
