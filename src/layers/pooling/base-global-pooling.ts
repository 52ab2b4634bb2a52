/**
 * The shared body of the global pooling layers (Keras's `BaseGlobalPooling`):
 * one reduction (mean or max) over all spatial dims, giving (batch, channels),
 * or (batch, 1, ..., 1, channels) with `keepdims` (channels first with
 * channels_first). Stateless, so built at construction.
 */
import type { Tensor } from "../../engine/tensor.js";
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeDataFormat } from "../../config/settings.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import type { Shape } from "../convolutional/conv-args.js";

export interface GlobalPoolingOptions extends LayerOptions {
  dataFormat?: string | null;
  /** Keep the reduced spatial dims with length 1 (default false). */
  keepdims?: boolean;
}

export abstract class BaseGlobalPooling extends Layer {
  declare poolDimensions: number;
  declare dataFormat: ImageDataFormat;
  declare keepdims: boolean;

  constructor(poolDimensions: number, options: GlobalPoolingOptions = {}) {
    const { dataFormat, keepdims, ...base } = options;
    super(base);
    this.poolDimensions = poolDimensions;
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.keepdims = keepdims ?? false;
    this.inputSpec = new InputSpec({ ndim: poolDimensions + 2 });
    this.buildAtInit();
  }

  /** The spatial axes of a rank `poolDimensions + 2` input. */
  protected spatialAxes(): number[] {
    const first = this.dataFormat === "channels_last" ? 1 : 2;
    return Array.from({ length: this.poolDimensions }, (_, i) => first + i);
  }

  abstract override call(inputs: Tensor, ...rest: any[]): Tensor;

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    const spatial = inputShape.length - 2;
    const ones = new Array<number>(spatial).fill(1);
    if (this.dataFormat === "channels_last") {
      const c = inputShape[inputShape.length - 1];
      return this.keepdims ? [inputShape[0], ...ones, c] : [inputShape[0], c];
    }
    return this.keepdims ? [inputShape[0], inputShape[1], ...ones] : [inputShape[0], inputShape[1]];
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), data_format: this.dataFormat, keepdims: this.keepdims };
  }

  static override fromConfig(config: Record<string, any>): Layer {
    return new (this as unknown as new (o: GlobalPoolingOptions) => Layer)(layerOptionsFromConfig(config));
  }
}
