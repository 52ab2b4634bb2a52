/** Helpers of `Layer.apply`: argument splitting, shape structures, and activity regularization. */
import { ValueError } from "../engine/errors.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { divide } from "../ops/math/arithmetic.js";
import { isPlainObject } from "../ops/op.js";
import { mapStructure } from "../utils/tree.js";
import { KerasTensor, isKerasTensor } from "./keras-tensor.js";
import { pyRepr } from "./py-format.js";

/**
 * Splits `apply` / `call` arguments into positional inputs and the kwargs
 * object: the last argument is the kwargs when it is a plain object and
 * there are at least two arguments (`layer.apply(x, { training: true })`).
 * A single plain object is a dict input (`model.apply({ a, b })`).
 */
export function splitCallArguments(args: readonly unknown[], _fromCall: boolean): { positional: unknown[]; kwargs: Record<string, any> } {
  if (args.length >= 2 && isPlainObject(args[args.length - 1])) {
    return { positional: args.slice(0, -1), kwargs: args[args.length - 1] as Record<string, any> };
  }
  return { positional: args.slice(), kwargs: {} };
}

/** The shape structure of a (nested) tensor argument; null leaves stay null. */
export function shapeStructureOf(x: unknown): any {
  return mapStructure((t) => (isTensor(t) || isKerasTensor(t) ? t.shape.slice() : null), x);
}

function isShape(x: unknown): x is (number | null)[] {
  return Array.isArray(x) && x.every((d) => d === null || typeof d === "number");
}

/** Turns what `computeOutputShape` returned (a shape or a structure of shapes) into KerasTensors. */
export function toKerasTensors(shapes: unknown, dtype: string, className: string): any {
  const convert = (s: unknown): unknown => {
    if (isShape(s)) return new KerasTensor(s, { dtype });
    if (Array.isArray(s)) return s.map(convert);
    if (isPlainObject(s)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) out[k] = convert(v);
      return out;
    }
    if (s === null || s === undefined) return null;
    throw new ValueError(
      `Method \`compute_output_shape()\` of layer ${className} is returning a type that cannot be interpreted as a shape. ` +
        `It should return a shape tuple. Received: ${pyRepr(s)}`,
    );
  };
  return convert(shapes);
}

/** The activity-regularizer loss of one output, divided by the batch size (0 for an empty batch). */
export function activityPenalty(regularizer: { apply(x: Tensor): Tensor }, output: Tensor): Tensor {
  const loss = regularizer.apply(output);
  if (output.rank === 0) return loss;
  const batch = output.shape[0];
  return batch === 0 ? divide(loss, Infinity) : divide(loss, batch);
}
