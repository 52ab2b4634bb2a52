/**
 * Keras's functional forms of the merge layers: `keras.layers.add(inputs)` is
 * `new Add().apply(inputs)`, and so on. The options object holds the layer's
 * own options and the base layer options (name, dtype, ...);
 * `concatenate` and `dot` also take their axis argument positionally, as in
 * Keras (`concatenate([a, b], 1)`, `dot([a, b], [1, 2])`).
 */
import type { Tensor } from "../../engine/tensor.js";
import type { KerasTensor } from "../keras-tensor.js";
import type { LayerOptions } from "../layer.js";
import { Add } from "./add.js";
import { Average } from "./average.js";
import { Concatenate, ConcatenateOptions } from "./concatenate.js";
import { Dot, DotAxes, DotOptions } from "./dot.js";
import { Maximum } from "./maximum.js";
import { Minimum } from "./minimum.js";
import { Multiply } from "./multiply.js";
import { Subtract } from "./subtract.js";

type Inputs = readonly (Tensor | KerasTensor)[];
type Output = Tensor | KerasTensor;

export function add(inputs: Inputs, options: LayerOptions = {}): Output {
  return new Add(options).apply(inputs);
}

export function subtract(inputs: Inputs, options: LayerOptions = {}): Output {
  return new Subtract(options).apply(inputs);
}

export function multiply(inputs: Inputs, options: LayerOptions = {}): Output {
  return new Multiply(options).apply(inputs);
}

export function average(inputs: Inputs, options: LayerOptions = {}): Output {
  return new Average(options).apply(inputs);
}

export function maximum(inputs: Inputs, options: LayerOptions = {}): Output {
  return new Maximum(options).apply(inputs);
}

export function minimum(inputs: Inputs, options: LayerOptions = {}): Output {
  return new Minimum(options).apply(inputs);
}

export function concatenate(inputs: Inputs, axisOrOptions: number | ConcatenateOptions = {}, options: LayerOptions = {}): Output {
  const opts = typeof axisOrOptions === "number" ? { ...options, axis: axisOrOptions } : axisOrOptions;
  return new Concatenate(opts).apply(inputs);
}

export interface DotFunctionOptions extends DotOptions {
  /** Default -1 (the last axis of both inputs). */
  axes?: DotAxes;
}

export function dot(inputs: Inputs, axesOrOptions: DotAxes | DotFunctionOptions = {}, options: DotOptions = {}): Output {
  const isAxes = typeof axesOrOptions === "number" || Array.isArray(axesOrOptions);
  const { axes = -1, ...rest } = (isAxes ? { ...options, axes: axesOrOptions } : axesOrOptions) as DotFunctionOptions;
  return new Dot(axes, rest).apply(inputs);
}
