/**
 * The common body of ZeroPadding1D/2D/3D: adds `(before, after)` zeros on
 * each spatial axis of a channels_last or channels_first input.
 */
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { pad } from "../../ops/shape/slicing.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions } from "../layer.js";
import { Pair, Shape, adjustSpatial, spatialAxes } from "./spatial-args.js";

export interface SpatialZeroPaddingOptions extends LayerOptions {
  padding?: unknown;
  /** "channels_last" or "channels_first"; default `keras.config.imageDataFormat()`. */
  dataFormat?: string | null;
}

export abstract class SpatialZeroPadding extends Layer {
  declare padding: Pair[];
  declare dataFormat: ImageDataFormat;

  constructor(rank: number, defaultPadding: unknown, standardize: (value: unknown) => Pair[], options: SpatialZeroPaddingOptions) {
    const { padding = defaultPadding, dataFormat, ...base } = options;
    super(base);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.padding = standardize(padding);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
  }

  private get axes(): number[] {
    return spatialAxes(this.padding.length, this.dataFormat);
  }

  override call(inputs: Tensor): Tensor {
    const widths: Pair[] = inputs.shape.map(() => [0, 0]);
    this.axes.forEach((axis, i) => (widths[axis] = this.padding[i]));
    return pad(inputs, widths);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return adjustSpatial(inputShape, this.axes, this.padding, 1);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), padding: this.paddingConfig(), data_format: this.dataFormat };
  }

  /** `padding` as Keras stores it: nested pairs (a single pair for the 1D layer). */
  protected paddingConfig(): unknown {
    return this.padding.map((p) => p.slice());
  }
}
