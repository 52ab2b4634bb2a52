/**
 * `keras.layers.EinsumDense(equation, outputShape)`: `activation(einsum(equation,
 * inputs, kernel) + bias)`. The kernel and bias shapes come from Keras's
 * analysis of the equation (`_analyze_einsum_string`): each kernel axis takes
 * its size from the input axis or the output axis with the same letter, and
 * the bias spans the output from the first bias axis on, with size 1 on the
 * output axes that are not bias axes (and on right-elided axes), so it
 * broadcasts against the output.
 *
 * Equations have the forms "ab,bc->ac", "...b,bc->...c" (left ellipsis) and
 * "ab...,bc->ac..." (right ellipsis); `outputShape` lists the output
 * dimensions without the batch axis and without the elided ones.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as activations from "../../activations/index.js";
import { add } from "../../ops/math/arithmetic.js";
import { einsum } from "../../ops/linalg/einsum.js";
import { zerosLike } from "../../ops/core/creation.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { enableKernelLora, withLoraUpdate } from "./lora.js";
import { pyRepr } from "../py-format.js";
import { KERNEL_AND_BIAS, TrioOptions, WeightTrios, addTrioWeight, readWeightOptions, weightTriosConfig } from "../weight-options.js";

type Shape = (number | null)[];

export interface EinsumDenseOptions extends LayerOptions, TrioOptions<"kernel" | "bias"> {
  activation?: unknown;
  /** Output letters that get a bias, e.g. "c" or "de"; null for no bias. */
  biasAxes?: string | null;
  /** LoRA: a low-rank trainable update of a frozen kernel (Keras's `enable_lora`). */
  loraRank?: number | null;
  loraAlpha?: number | null;
  /** GPTQ bookkeeping; only kept for config compatibility (quantization is not supported). */
  gptqUnpackedColumnSize?: number | null;
  /** Quantization is not supported; only `null` is accepted (kept for config compatibility). */
  quantizationConfig?: null;
}

/** What `analyzeEinsumString` finds: the weight shapes and the full output shape (batch included). */
export interface EinsumShapes {
  kernelShape: Shape;
  biasShape: Shape | null;
  fullOutputShape: Shape;
}

/**
 * Keras's `_analyze_einsum_string`: replaces "..." by a marker and matches the
 * three supported forms, anchored at the start as Python's `re.match` is.
 */
export function analyzeEinsumString(
  equation: string,
  biasAxes: string | null,
  inputShape: readonly (number | null)[],
  outputShape: number | readonly (number | null)[],
): EinsumShapes {
  const marked = equation.replace(/\.\.\./g, "0");
  let m = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)/.exec(marked);
  if (m) return analyzeSplit(m, biasAxes, inputShape, outputShape, false);
  m = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)/.exec(marked);
  if (m) return analyzeSplit(m, biasAxes, inputShape, outputShape, true);
  m = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0/.exec(marked);
  if (m) return analyzeSplit(m, biasAxes, inputShape, outputShape, false);
  throw new ValueError(
    `Invalid einsum equation '${equation}'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....`,
  );
}

/** Python list indexing: negative indices count from the end. */
function at<T>(list: readonly T[], i: number): T {
  return list[i < 0 ? list.length + i : i];
}

function analyzeSplit(
  match: RegExpExecArray,
  biasAxes: string | null,
  inputShape: readonly (number | null)[],
  partialOutputShape: number | readonly (number | null)[],
  leftElided: boolean,
): EinsumShapes {
  const [, inputSpec, weightSpec, outputSpec] = match;
  const elided = inputShape.length - inputSpec.length;
  const outputShape: Shape = typeof partialOutputShape === "number" ? [partialOutputShape] : partialOutputShape.slice();
  outputShape.unshift(inputShape[0]);
  if (elided > 0 && leftElided) {
    // The batch axis is already in place; the other elided axes follow it, in input order. (Keras 3.15.1
    // inserts each at position 1, which reverses them in its static output shape, not in the computed output.)
    for (let i = 1; i < elided; i++) outputShape.splice(i, 0, inputShape[i]);
  } else if (elided > 0) {
    for (let i = inputShape.length - elided; i < inputShape.length; i++) outputShape.push(inputShape[i]);
  }

  // Where each letter sits in the input (negative when counted from the end) and in the full output.
  const inputDim = new Map<string, number>();
  const outputDim = new Map<string, number>();
  [...inputSpec].forEach((c, i) => inputDim.set(c, leftElided ? i + elided - inputShape.length : i));
  [...outputSpec].forEach((c, i) => outputDim.set(c, leftElided ? i + elided : i));

  for (const c of inputSpec) {
    const inSize = at(inputShape, inputDim.get(c)!);
    if (outputDim.has(c)) {
      const outSize = outputShape[outputDim.get(c)!];
      if (outSize !== null && outSize !== undefined && outSize !== inSize) {
        throw new ValueError(
          `Input shape and output shape do not match at shared dimension '${c}'. Input shape is ${pyRepr(inSize)}, ` +
            `and output shape is ${pyRepr(outSize)}.`,
        );
      }
    }
  }
  for (const c of outputSpec) {
    if (!inputSpec.includes(c) && !weightSpec.includes(c)) {
      throw new ValueError(
        `Dimension '${c}' was specified in the output '${outputSpec}' but has no corresponding dim in the input spec ` +
          `'${inputSpec}' or weight spec '${outputSpec}'`,
      );
    }
  }

  const kernelShape: Shape = [];
  for (const c of weightSpec) {
    if (inputDim.has(c)) kernelShape.push(at(inputShape, inputDim.get(c)!));
    else if (outputDim.has(c)) kernelShape.push(outputShape[outputDim.get(c)!]);
    else {
      throw new ValueError(
        `Weight dimension '${c}' did not have a match in either the input spec '${inputSpec}' or the output spec ` +
          `'${outputSpec}'. For this layer, the weight must be fully specified.`,
      );
    }
  }

  let biasShape: Shape | null = null;
  if (biasAxes !== null && biasAxes !== undefined) {
    const leftOffset = leftElided ? elided : 0;
    for (const c of biasAxes) {
      if (!outputSpec.includes(c)) {
        throw new ValueError(`Bias dimension '${c}' was requested, but is not part of the output spec '${outputSpec}'`);
      }
    }
    const first = Math.min(...[...biasAxes].map((c) => outputSpec.indexOf(c)));
    biasShape = [...outputSpec.slice(first)].map((c) => (biasAxes.includes(c) ? outputShape[outputSpec.indexOf(c) + leftOffset] : 1));
    if (!leftElided) for (let i = 0; i < elided; i++) biasShape.push(1);
  }
  return { kernelShape, biasShape, fullOutputShape: outputShape };
}

type Fn = (x: any) => any;

export interface EinsumDense extends WeightTrios<"kernel" | "bias"> {}

export class EinsumDense extends Layer {
  declare equation: string;
  /** The `output_shape` argument as given (without batch and elided axes). */
  declare partialOutputShape: Shape;
  declare fullOutputShape: Shape | null;
  declare biasAxes: string | null;
  declare activation: Fn;
  declare loraRank: number | null;
  declare loraAlpha: number | null;
  declare loraEnabled: boolean;
  declare gptqUnpackedColumnSize: number | null;
  declare _kernel: Variable | null;
  declare bias: Variable | null;
  declare loraKernelA: Variable | null;
  declare loraKernelB: Variable | null;

  constructor(equation: string, outputShape: number | readonly (number | null)[], options: EinsumDenseOptions = {}) {
    const { weights, rest } = readWeightOptions(options, KERNEL_AND_BIAS, ["activation"]);
    const { biasAxes, loraRank, loraAlpha, gptqUnpackedColumnSize, quantizationConfig, ...base } = rest;
    super(base);
    if (typeof equation !== "string") {
      throw new ValueError(`EinsumDense: \`equation\` must be a string such as "ab,bc->ac". Received: equation=${pyRepr(equation)}`);
    }
    const valid =
      (typeof outputShape === "number" && Number.isInteger(outputShape)) ||
      (Array.isArray(outputShape) && outputShape.every((d) => d === null || (typeof d === "number" && Number.isInteger(d))));
    if (!valid) {
      throw new ValueError(
        `EinsumDense: \`output_shape\` must be an integer or a list of integers / None. Received: output_shape=${pyRepr(outputShape)}`,
      );
    }
    if (biasAxes !== undefined && biasAxes !== null && typeof biasAxes !== "string") {
      throw new ValueError(`EinsumDense: \`bias_axes\` must be a string of output letters or None. Received: bias_axes=${pyRepr(biasAxes)}`);
    }
    if (quantizationConfig !== undefined && quantizationConfig !== null) {
      throw new ValueError("EinsumDense: quantization is not supported by keras-ts; `quantizationConfig` must be null.");
    }
    this.equation = equation;
    this.partialOutputShape = typeof outputShape === "number" ? [outputShape] : (outputShape as Shape).slice();
    this.fullOutputShape = null;
    this.biasAxes = biasAxes ?? null;
    Object.assign(this, weights);
    this.loraRank = loraRank ?? null;
    this.loraAlpha = loraAlpha ?? loraRank ?? null;
    this.loraEnabled = false;
    this.gptqUnpackedColumnSize = gptqUnpackedColumnSize ?? null;
    this._kernel = null;
    this.bias = null;
    this.loraKernelA = null;
    this.loraKernelB = null;
  }

  override build(inputShape: Shape): void {
    const { kernelShape, biasShape, fullOutputShape } = analyzeEinsumString(this.equation, this.biasAxes, inputShape, this.partialOutputShape);
    const unknown = kernelShape.findIndex((d) => d === null || d === undefined);
    if (unknown >= 0) {
      throw new ValueError(
        `EinsumDense '${this.name}': kernel axis '${this.equation.split(",")[1].split("->")[0][unknown]}' has an unknown size ` +
          `(kernel shape ${pyRepr(kernelShape)} from equation '${this.equation}', input shape ${pyRepr(inputShape)} and output_shape ` +
          `${pyRepr(this.partialOutputShape)}). Give its size in output_shape or in the input shape.`,
      );
    }
    this.fullOutputShape = fullOutputShape;
    this.inputSpec = new InputSpec({ ndim: inputShape.length });
    this._kernel = addTrioWeight(this, "kernel", "kernel", kernelShape as number[]);
    if (biasShape !== null) {
      if (biasShape.some((d) => d === null || d === undefined)) {
        throw new ValueError(`EinsumDense '${this.name}': the bias shape ${pyRepr(biasShape)} has an unknown size; give it in output_shape.`);
      }
      this.bias = addTrioWeight(this, "bias", "bias", biasShape as number[]);
    }
    if (this.loraRank) this.enableLora(this.loraRank, { loraAlpha: this.loraAlpha });
  }

  /** The effective kernel: the kernel variable, plus the scaled low-rank update when LoRA is on. */
  get kernel(): Variable | Tensor {
    if (!this._kernel) throw new ValueError("You must build the layer before accessing `kernel`.");
    if (!this.loraEnabled) return this._kernel;
    return withLoraUpdate(this._kernel.value, this.loraKernelA!, this.loraKernelB!, this.loraAlpha! / this.loraRank!);
  }

  /**
   * Keras's `enable_lora(rank)`: freezes the kernel and adds trainable
   * `lora_kernel_a` (kernel shape with the last axis replaced by `rank`;
   * he_uniform) and `lora_kernel_b` (rank, last kernel axis; zeros).
   */
  enableLora(rank: number, options: { loraAlpha?: number | null; aInitializer?: unknown; bInitializer?: unknown } = {}): void {
    enableKernelLora(this, rank, options.loraAlpha, options);
  }

  override call(inputs: Tensor): Tensor {
    let x = einsum(this.equation, inputs, this.kernel as never);
    if (this.bias) x = add(x, this.bias.value);
    return this.activation(x);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return analyzeEinsumString(this.equation, this.biasAxes, inputShape, this.partialOutputShape).fullOutputShape;
  }

  /** As Keras: the kernel is saved with the LoRA update merged in, then the bias. */
  override saveOwnVariables(store: Record<string, Tensor>): void {
    if (!this.built || !this._kernel) return;
    store["0"] = this.loraEnabled ? (this.kernel as Tensor) : this._kernel.value;
    if (this.bias) store["1"] = this.bias.value;
  }

  /** Loads kernel and bias; with LoRA on, the update is reset to zero (the saved kernel already holds it). */
  override loadOwnVariables(store: Record<string, unknown>): void {
    const expected = this.bias ? 2 : 1;
    const keys = Object.keys(store);
    if (!this.loraEnabled && keys.length !== expected) {
      if (!this.built) {
        throw new ValueError(
          `Layer '${this.name}' was never built and thus it doesn't have any variables. However the weights file lists ${keys.length} variables for this layer.`,
        );
      }
      throw new ValueError(
        `Layer '${this.name}' expected ${expected} variables, but received ${keys.length} variables during loading. ` +
          `Expected: ${pyRepr(this.bias ? ["kernel", "bias"] : ["kernel"])}`,
      );
    }
    if (!this.built || !this._kernel) return;
    this._kernel.assign(store["0"] as Tensor);
    if (this.bias) this.bias.assign(store["1"] as Tensor);
    if (this.loraEnabled) {
      this.loraKernelA!.assign(zerosLike(this.loraKernelA!.value));
      this.loraKernelB!.assign(zerosLike(this.loraKernelB!.value));
    }
  }

  override getConfig(): Record<string, any> {
    const base = super.getConfig();
    const config: Record<string, any> = {
      name: base.name,
      trainable: base.trainable,
      dtype: base.dtype,
      output_shape: this.partialOutputShape.slice(),
      equation: this.equation,
      activation: activations.serialize(this.activation),
      bias_axes: this.biasAxes,
      ...weightTriosConfig(this, ["kernel", "bias"], { activity: this }),
      quantization_config: null,
    };
    if (this.loraRank) {
      config.lora_rank = this.loraRank;
      config.lora_alpha = this.loraAlpha;
    }
    if (this.gptqUnpackedColumnSize) config.gptq_unpacked_column_size = this.gptqUnpackedColumnSize;
    return config;
  }

  static override fromConfig(config: Record<string, any>): EinsumDense {
    const { equation, outputShape, ...options } = layerOptionsFromConfig(config);
    return new EinsumDense(equation, outputShape, options);
  }
}

registerBuiltin("keras.layers", "EinsumDense", EinsumDense);
