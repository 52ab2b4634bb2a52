/**
 * `keras.layers.Flatten`: (batch, d1, ..., dn) -> (batch, d1 * ... * dn).
 * A rank-1 input (batch,) becomes (batch, 1). With `channels_first` the
 * channel axis is moved last first, so the flattened order is the same as for
 * the equivalent channels_last tensor (a Dense after Flatten then sees the
 * same feature order whichever layout the convolutions used).
 */
import type { Tensor } from "../../engine/tensor.js";
import { standardizeDataFormat, ImageDataFormat } from "../../config/settings.js";
import { reshape } from "../../ops/shape/reshape.js";
import { transpose } from "../../ops/shape/transpose.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";

export interface FlattenOptions extends LayerOptions {
  /** "channels_last" or "channels_first"; default `keras.config.imageDataFormat()`. */
  dataFormat?: string | null;
}

type Shape = readonly (number | null)[];

export class Flatten extends Layer {
  declare dataFormat: ImageDataFormat;

  constructor(options: FlattenOptions = {}) {
    const { dataFormat, ...base } = options;
    super(base);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.inputSpec = new InputSpec({ minNdim: 1 });
  }

  override call(inputs: Tensor): Tensor {
    const rank = inputs.rank;
    let x = inputs;
    if (this.dataFormat === "channels_first" && rank > 1) {
      const axes = [0];
      for (let i = 2; i < rank; i++) axes.push(i);
      axes.push(1);
      x = transpose(x, axes);
    }
    return reshape(x, this.computeOutputShape(inputs.shape) as number[]);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    const rest = inputShape.slice(1);
    let flat: number | null = 1;
    for (const d of rest) flat = d === null || flat === null ? null : flat * d;
    return [inputShape[0], flat];
  }

  /** Keeps the input's dtype (an integer input stays integer). */
  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: inputs.dtype, sparse: inputs.sparse });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), data_format: this.dataFormat };
  }

  static override fromConfig(config: Record<string, any>): Flatten {
    return new Flatten(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Flatten", Flatten);
