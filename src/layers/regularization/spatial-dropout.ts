/**
 * `keras.layers.SpatialDropout1D / 2D / 3D(rate)`: Dropout that drops whole
 * feature maps (channels) instead of single entries — the keep mask has size 1
 * on the spatial axes, so one draw per (sample, channel). Active only with
 * `training: true`; inference is the identity. Keras's config for these layers
 * is just rate, seed, name, dtype (a plain string) and, for 2D/3D, data_format.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { standardizeDataFormat, ImageDataFormat } from "../../config/settings.js";
import { dropout } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import type { LayerOptions } from "../layer.js";
import { layerOptionsFromConfig } from "../layer.js";
import { Dropout } from "./dropout.js";

export interface SpatialDropoutOptions extends LayerOptions {
  seed?: number | null;
}

export interface SpatialDropout2DOptions extends SpatialDropoutOptions {
  /** "channels_last" (default: keras.config.imageDataFormat()) or "channels_first". */
  dataFormat?: string | null;
}

/** Shared behaviour: a subclass says which axes of the mask keep their size. */
abstract class BaseSpatialDropout extends Dropout {
  constructor(rate: number, options: SpatialDropoutOptions, ndim: number) {
    // Keras 2 configs carry `noise_shape: null`; any other value cannot be honoured.
    const { seed = null, noiseShape = null, ...base } = options as SpatialDropoutOptions & { noiseShape?: unknown };
    if (noiseShape !== null) {
      throw new ValueError(`${new.target.name} does not take \`noise_shape\`: the mask shape follows from the input.`);
    }
    super(rate, { seed, ...base });
    this.inputSpec = new InputSpec({ ndim });
  }

  /** The keep mask's shape for an input of `shape`. */
  protected abstract maskShape(shape: readonly number[]): number[];

  override call(inputs: Tensor, { training = false }: { training?: boolean | null } = {}): Tensor {
    if (training && this.rate > 0) {
      return dropout(inputs, this.rate, { noiseShape: this.maskShape(inputs.shape), seed: this.seedGenerator! });
    }
    return inputs;
  }

  override getConfig(): Record<string, any> {
    return { rate: this.rate, seed: this.seed, name: this.name, dtype: this.dtype };
  }
}

/** Channels-last or channels-first mask shape: batch and channel axes kept, the rest 1. */
function channelMask(shape: readonly number[], dataFormat: ImageDataFormat): number[] {
  const channelAxis = dataFormat === "channels_first" ? 1 : shape.length - 1;
  return shape.map((d, i) => (i === 0 || i === channelAxis ? d : 1));
}

/** Inputs (batch, timesteps, channels): drops whole channels across all timesteps. */
export class SpatialDropout1D extends BaseSpatialDropout {
  constructor(rate: number, options: SpatialDropoutOptions = {}) {
    super(rate, options, 3);
  }

  protected maskShape(shape: readonly number[]): number[] {
    return [shape[0], 1, shape[2]];
  }

  static override fromConfig(config: Record<string, any>): SpatialDropout1D {
    const { rate, ...options } = layerOptionsFromConfig(config);
    return new SpatialDropout1D(rate, options);
  }
}

/** Inputs (batch, rows, cols, channels) or channels-first: drops whole 2D feature maps. */
export class SpatialDropout2D extends BaseSpatialDropout {
  declare dataFormat: ImageDataFormat;

  constructor(rate: number, options: SpatialDropout2DOptions = {}) {
    const { dataFormat = null, ...rest } = options;
    super(rate, rest, 4);
    this.dataFormat = standardizeDataFormat(dataFormat);
  }

  protected maskShape(shape: readonly number[]): number[] {
    return channelMask(shape, this.dataFormat);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), data_format: this.dataFormat };
  }

  static override fromConfig(config: Record<string, any>): SpatialDropout2D {
    const { rate, ...options } = layerOptionsFromConfig(config);
    return new SpatialDropout2D(rate, options);
  }
}

/** Inputs (batch, d1, d2, d3, channels) or channels-first: drops whole 3D feature maps. */
export class SpatialDropout3D extends BaseSpatialDropout {
  declare dataFormat: ImageDataFormat;

  constructor(rate: number, options: SpatialDropout2DOptions = {}) {
    const { dataFormat = null, ...rest } = options;
    super(rate, rest, 5);
    this.dataFormat = standardizeDataFormat(dataFormat);
  }

  protected maskShape(shape: readonly number[]): number[] {
    return channelMask(shape, this.dataFormat);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), data_format: this.dataFormat };
  }

  static override fromConfig(config: Record<string, any>): SpatialDropout3D {
    const { rate, ...options } = layerOptionsFromConfig(config);
    return new SpatialDropout3D(rate, options);
  }
}

registerBuiltin("keras.layers", "SpatialDropout1D", SpatialDropout1D);
registerBuiltin("keras.layers", "SpatialDropout2D", SpatialDropout2D);
registerBuiltin("keras.layers", "SpatialDropout3D", SpatialDropout3D);
