/** The rectifier family: relu (Keras's general form), leakyRelu, relu6, elu, selu, celu, threshold. */
import { readOptions } from "../ops/op.js";
import type { Tensor } from "../engine/tensor.js";
import { ValueError } from "../engine/errors.js";
import { add, cast, clip, greater, multiply, negative, nn, standardize, subtract } from "./nn-ops.js";

type ReluOptions = { negativeSlope: number; maxValue: number | null; threshold: number };

/**
 * `keras.activations.relu(x, negativeSlope=0, maxValue=null, threshold=0)`:
 * x for threshold < x < maxValue, maxValue above it, and
 * negativeSlope * (x - threshold) below the threshold.
 */
export function relu(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<ReluOptions>("activations.relu", rest, ["negativeSlope", "maxValue", "threshold"]);
  const negativeSlope = o.negativeSlope ?? 0;
  const maxValue = o.maxValue ?? null;
  const threshold = o.threshold ?? 0;
  for (const [name, v] of [["negativeSlope", negativeSlope], ["threshold", threshold], ["maxValue", maxValue ?? 0]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`activations.relu: \`${name}\` must be a finite number, received ${String(v)}.`);
  }
  const t = standardize(x);
  if (negativeSlope !== 0 && maxValue === null && threshold === 0) return nn.leakyRelu(t, negativeSlope);
  let negativePart: Tensor | null = null;
  if (negativeSlope !== 0) negativePart = nn.relu(threshold !== 0 ? add(negative(t), threshold) : negative(t));
  let clipMax = maxValue !== null;
  let y: Tensor;
  if (threshold !== 0) {
    y = multiply(t, cast(greater(t, threshold), t.dtype));
  } else if (maxValue === 6) {
    y = nn.relu6(t);
    clipMax = false;
  } else {
    y = nn.relu(t);
  }
  if (clipMax) y = clip(y, 0, maxValue);
  if (negativePart !== null) y = subtract(y, multiply(negativePart, negativeSlope));
  return y;
}

/** `keras.activations.leaky_relu(x, negativeSlope=0.2)`. */
export function leakyRelu(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ negativeSlope: number }>("activations.leakyRelu", rest, ["negativeSlope"]);
  return nn.leakyRelu(standardize(x), o.negativeSlope ?? 0.2);
}

/** `keras.activations.relu6(x)`: min(max(x, 0), 6). */
export function relu6(x: unknown): Tensor {
  return nn.relu6(standardize(x));
}

/** `keras.activations.elu(x, alpha=1)`: x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ alpha: number }>("activations.elu", rest, ["alpha"]);
  return nn.elu(standardize(x), o.alpha ?? 1.0);
}

/** `keras.activations.selu(x)`: scale * elu(x, alpha) with the self-normalizing constants. */
export function selu(x: unknown): Tensor {
  return nn.selu(standardize(x));
}

/** `keras.activations.celu(x, alpha=1)`: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
export function celu(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ alpha: number }>("activations.celu", rest, ["alpha"]);
  return nn.celu(standardize(x), o.alpha ?? 1.0);
}

/** `keras.activations.threshold(x, threshold, defaultValue)`: x where x > threshold, else defaultValue. */
export function threshold(x: unknown, thresholdValue: number | { threshold: number; defaultValue: number }, defaultValue?: number): Tensor {
  if (typeof thresholdValue === "object" && thresholdValue !== null) {
    defaultValue = thresholdValue.defaultValue;
    thresholdValue = thresholdValue.threshold;
  }
  if (typeof thresholdValue !== "number" || typeof defaultValue !== "number") {
    throw new ValueError(
      `activations.threshold: \`threshold\` and \`defaultValue\` are required numbers, received threshold=${String(thresholdValue)}, defaultValue=${String(defaultValue)}.`,
    );
  }
  return nn.threshold(standardize(x), thresholdValue, defaultValue);
}
