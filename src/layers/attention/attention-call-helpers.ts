/**
 * Call-time plumbing shared by MultiHeadAttention and GroupQueryAttention:
 * picking up the inputs' Keras masks, calling the projection sublayers on
 * inputs whose masks are handled by the attention itself, the build config
 * keyed by Keras's build argument names (query_shape, value_shape,
 * key_shape), and shape-argument checks.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { KerasTensor } from "../keras-tensor.js";
import type { Layer } from "../layer.js";
import { shapeStructureOf } from "../layer-call.js";
import { pyShape } from "../py-format.js";

type T = Tensor | KerasTensor;
type Shape = (number | null)[];

/** The Keras mask of `x`, or the explicitly passed mask when `x` has none. */
export function maskFor(x: T | null | undefined, explicit: unknown): T | null {
  const own = x?.kerasMask ?? null;
  if (own) return own as T;
  return (explicit ?? null) as T | null;
}

/**
 * Calls `layer` on `x` with `x`'s Keras mask detached for the duration of the
 * call: the attention layer consumes the masks itself, and the projection
 * layers do not support masking (Keras deletes the masks for the same reason).
 */
export function applyUnmasked(layer: Layer, x: T): Tensor {
  const saved = x.kerasMask;
  if (saved === undefined || saved === null) return layer.apply(x) as Tensor;
  x.kerasMask = null;
  try {
    return layer.apply(x) as Tensor;
  } finally {
    x.kerasMask = saved as never;
  }
}

/** Shapes for `build(queryShape, valueShape, keyShape?)` from a call's arguments (the key comes as a keyword). */
export function buildShapesOf(args: unknown[], kwargs: Record<string, unknown>): Shape[] {
  const shapes = [shapeStructureOf(args[0]), shapeStructureOf(args[1])];
  if (kwargs.key !== undefined && kwargs.key !== null) shapes.push(shapeStructureOf(kwargs.key));
  return shapes;
}

/** Keras's build config for a `build(query_shape, value_shape, key_shape=None)` layer. */
export function qkvBuildConfig(buildShapes: unknown[] | null): Record<string, unknown> | null {
  if (buildShapes === null) return null;
  const names = ["query_shape", "value_shape", "key_shape"];
  const dict: Record<string, unknown> = {};
  buildShapes.forEach((s, i) => {
    if (s !== undefined && s !== null) dict[names[i]] = s;
  });
  return { shapes_dict: dict };
}

/** The shapes a `qkvBuildConfig` holds, in build-argument order. */
export function shapesFromBuildConfig(config: Record<string, any>): Shape[] | null {
  const dict = config.shapes_dict;
  if (!dict) return config.input_shape ? [config.input_shape] : null;
  const shapes: Shape[] = [dict.query_shape, dict.value_shape];
  if (dict.key_shape) shapes.push(dict.key_shape);
  return shapes;
}

/** Keras's check that value and key agree on every axis but the last. */
export function checkValueKeyShapes(valueShape: readonly (number | null)[], keyShape: readonly (number | null)[]): void {
  const a = valueShape.slice(1, -1);
  const b = keyShape.slice(1, -1);
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ValueError(
      "All dimensions of `value` and `key`, except the last one, must be equal. " +
        `Received: value_shape=${pyShape(valueShape)} and key_shape=${pyShape(keyShape)}`,
    );
  }
}

/** A shape argument of `build` / `computeOutputShape` must be an array of dims. */
export function checkShapeArg(layerName: string, what: string, shape: unknown): Shape {
  if (!Array.isArray(shape) || !shape.every((d) => d === null || typeof d === "number")) {
    throw new ValueError(
      `Layer '${layerName}' expected \`${what}\` to be a shape (an array of integers or null), received ${JSON.stringify(shape)}. ` +
        "Attention layers take query and value as separate arguments: layer.apply(query, value, { key, ... }).",
    );
  }
  return shape as Shape;
}
