/**
 * The common body of Cropping2D and Cropping3D: trims `(before, after)`
 * entries from each spatial axis of a channels_last or channels_first input.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { slice } from "../../ops/shape/slicing.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions } from "../layer.js";
import { pyShape } from "../py-format.js";
import { Pair, Shape, adjustSpatial, pyPairs, spatialAxes, standardizeSpatialPairs } from "./spatial-args.js";

export interface SpatialCroppingOptions extends LayerOptions {
  cropping?: unknown;
  /** "channels_last" or "channels_first"; default `keras.config.imageDataFormat()`. */
  dataFormat?: string | null;
}

export abstract class SpatialCropping extends Layer {
  declare cropping: Pair[];
  declare dataFormat: ImageDataFormat;

  constructor(rank: number, defaultCropping: unknown, describeForms: string, options: SpatialCroppingOptions) {
    const { cropping = defaultCropping, dataFormat, ...base } = options;
    super(base);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.cropping = standardizeSpatialPairs(cropping, rank, "cropping", describeForms);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
  }

  private get axes(): number[] {
    return spatialAxes(this.cropping.length, this.dataFormat);
  }

  private checkSizes(shape: Shape, what: string): void {
    const tooLarge = this.axes.some((axis, i) => {
      const d = shape[axis];
      return d !== null && d !== undefined && this.cropping[i][0] + this.cropping[i][1] >= d;
    });
    if (tooLarge) {
      throw new ValueError(
        "Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. " +
          `Received: ${what}=${pyShape(shape)}, cropping=${pyPairs(this.cropping)}`,
      );
    }
  }

  override call(inputs: Tensor): Tensor {
    this.checkSizes(inputs.shape, "inputs.shape");
    const start = inputs.shape.map(() => 0);
    const size = inputs.shape.slice();
    this.axes.forEach((axis, i) => {
      start[axis] = this.cropping[i][0];
      size[axis] -= this.cropping[i][0] + this.cropping[i][1];
    });
    return slice(inputs, start, size);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    this.checkSizes(inputShape, "input_shape");
    return adjustSpatial(inputShape, this.axes, this.cropping, -1);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), cropping: this.cropping.map((p) => p.slice()), data_format: this.dataFormat };
  }
}
