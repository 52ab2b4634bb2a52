/**
 * The shared body of MaxPooling1D/2D/3D and AveragePooling1D/2D/3D (Keras's
 * `BasePooling`): a window of `poolSize` slides with `strides` (default: the
 * pool size) over the spatial dims; "same" padding never counts padded
 * positions (max ignores them, average divides by the real elements).
 * Stateless, so built at construction.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeDataFormat } from "../../config/settings.js";
import { averagePool, maxPool } from "../../ops/nn/pooling.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { Shape, poolingOutputShape, standardizeTuple } from "../convolutional/conv-args.js";

export interface PoolingOptions extends LayerOptions {
  /** Window size: an int for every spatial dim, or one per dim (default 2). */
  poolSize?: number | number[];
  /** Step between windows (default: poolSize). */
  strides?: number | number[] | null;
  /** "valid" or "same" (case-insensitive). */
  padding?: string;
  dataFormat?: string | null;
}

export type PoolMode = "max" | "average";

export abstract class BasePooling extends Layer {
  declare poolSize: number[];
  declare strides: number[];
  declare poolMode: PoolMode;
  declare padding: string;
  declare dataFormat: ImageDataFormat;

  constructor(poolDimensions: number, poolMode: PoolMode, options: PoolingOptions = {}) {
    const { poolSize, strides, padding, dataFormat, ...base } = options;
    super(base);
    const size = poolSize ?? 2;
    this.poolSize = standardizeTuple(size, poolDimensions, "pool_size");
    // Keras allows 0 here and fails later inside the op; a zero stride is refused at once instead.
    this.strides = standardizeTuple(strides ?? size, poolDimensions, "strides");
    this.poolMode = poolMode;
    const p = padding ?? "valid";
    if (typeof p !== "string" || !["valid", "same"].includes(p.toLowerCase())) {
      throw new ValueError(`Argument \`padding\` must be either 'valid' or 'same'. Received: padding=${String(p)}`);
    }
    this.padding = p;
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.inputSpec = new InputSpec({ ndim: poolDimensions + 2 });
    this.buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    const pool = this.poolMode === "max" ? maxPool : averagePool;
    return pool(inputs, this.poolSize, { strides: this.strides, padding: this.padding, dataFormat: this.dataFormat });
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return poolingOutputShape(inputShape, this.poolSize, this.strides, this.padding, this.dataFormat);
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      pool_size: this.poolSize.slice(),
      padding: this.padding,
      strides: this.strides.slice(),
      data_format: this.dataFormat,
    };
  }

  static override fromConfig(config: Record<string, any>): Layer {
    return new (this as unknown as new (o: PoolingOptions) => Layer)(layerOptionsFromConfig(config));
  }
}
