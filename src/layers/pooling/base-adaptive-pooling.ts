/**
 * The shared body of the adaptive pooling layers (Keras 3.13+'s
 * `BaseAdaptivePooling`): pooling whose windows are chosen so the output has
 * exactly `outputSize` along each spatial dim, whatever the input length.
 * Output position i of a dim of length L covers input [floor(i * L / O),
 * ceil((i + 1) * L / O)): windows are uneven (and may overlap) when O does not
 * divide L, as in PyTorch and Keras.
 *
 * Mean and max over a box are separable, so the layer reduces one spatial
 * axis at a time: when O divides L a reshape to (..., O, L / O, ...) and one
 * reduction does it; otherwise each window is sliced, reduced and the results
 * concatenated. All with ops, so gradients flow as for any op.
 */
import { TypeError_, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeDataFormat } from "../../config/settings.js";
import { concatenate } from "../../ops/shape/join.js";
import { reshape } from "../../ops/shape/reshape.js";
import { slice } from "../../ops/shape/slicing.js";
import { max } from "../../ops/reduction/extrema.js";
import { mean } from "../../ops/reduction/sum.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";
import { Shape, assembleShape, inputChannels } from "../convolutional/conv-args.js";

export interface AdaptivePoolingOptions extends LayerOptions {
  dataFormat?: string | null;
}

export type AdaptiveMode = "average" | "max";

/** An int, or a list of `n` positive ints. */
function standardizeOutputSize(outputSize: unknown, n: number): number[] {
  const what = `\`output_size\` must be an integer or tuple of ${n} integer${n === 1 ? "" : "s"}. Received: output_size=${pyRepr(outputSize)}`;
  let out: number[];
  if (typeof outputSize === "number") out = new Array<number>(n).fill(outputSize);
  else if (Array.isArray(outputSize)) {
    if (outputSize.length !== n) throw new ValueError(what);
    out = outputSize.slice();
  } else {
    throw new TypeError_(`${what} of type ${typeof outputSize}`);
  }
  if (!out.every((v) => typeof v === "number" && Number.isInteger(v) && v > 0)) {
    throw new ValueError(`${what}; every entry must be a positive integer.`);
  }
  return out;
}

/** Adaptive reduction of one axis of length L to `outLen` positions. */
function adaptiveAxis(x: Tensor, axis: number, outLen: number, mode: AdaptiveMode): Tensor {
  const reduce = (t: Tensor, ax: number) => (mode === "average" ? mean(t, { axis: ax, keepdims: true }) : max(t, { axis: ax, keepdims: true }));
  const L = x.shape[axis];
  if (L === outLen) return x;
  if (L % outLen === 0) {
    const split = [...x.shape.slice(0, axis), outLen, L / outLen, ...x.shape.slice(axis + 1)];
    const pooled = reduce(reshape(x, split), axis + 1);
    return reshape(pooled, [...x.shape.slice(0, axis), outLen, ...x.shape.slice(axis + 1)]);
  }
  const pieces: Tensor[] = [];
  for (let i = 0; i < outLen; i++) {
    const start = Math.floor((i * L) / outLen);
    const end = Math.ceil(((i + 1) * L) / outLen);
    const starts = x.shape.map((_, a) => (a === axis ? start : 0));
    const sizes = x.shape.map((d, a) => (a === axis ? end - start : d));
    pieces.push(reduce(slice(x, starts, sizes), axis));
  }
  return pieces.length === 1 ? pieces[0] : concatenate(pieces, { axis });
}

export abstract class BaseAdaptivePooling extends Layer {
  declare outputSize: number[];
  declare dataFormat: ImageDataFormat;
  declare mode: AdaptiveMode;

  constructor(poolDimensions: number, mode: AdaptiveMode, outputSize: number | number[], options: AdaptivePoolingOptions = {}) {
    const { dataFormat, ...base } = options;
    super(base);
    this.outputSize = standardizeOutputSize(outputSize, poolDimensions);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.mode = mode;
    // Unlike the other pooling layers, Keras does not build these at construction, so their configs carry a build_config.
    this.inputSpec = new InputSpec({ ndim: poolDimensions + 2 });
  }

  override call(inputs: Tensor): Tensor {
    const first = this.dataFormat === "channels_last" ? 1 : 2;
    const empty = this.outputSize.findIndex((_, i) => inputs.shape[first + i] === 0);
    if (empty >= 0) {
      throw new ValueError(
        `${this.constructor.name}: cannot pool an empty spatial dimension to ${this.outputSize[empty]} outputs. Received inputs of shape ${pyShape(inputs.shape)}.`,
      );
    }
    let x = inputs;
    this.outputSize.forEach((o, i) => {
      x = adaptiveAxis(x, first + i, o, this.mode);
    });
    return x;
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return assembleShape(inputShape[0], this.outputSize, inputChannels(inputShape, this.dataFormat), this.dataFormat);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), output_size: this.outputSize.slice(), data_format: this.dataFormat };
  }

  /** Subclasses take (outputSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { outputSize, ...options } = layerOptionsFromConfig(config);
    return new (this as unknown as new (s: number | number[], o: AdaptivePoolingOptions) => Layer)(outputSize, options);
  }
}
