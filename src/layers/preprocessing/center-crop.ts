/**
 * `keras.layers.CenterCrop(height, width, { dataFormat })`: crops the central
 * `height x width` window of images (rank 4 batches or rank 3 single images).
 * An image smaller than the window along either axis is instead resized to
 * it as Keras's `smart_resize` does: the largest centred window with the
 * target aspect ratio is cut out, then resized bilinearly.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { cast } from "../../ops/core/cast.js";
import { slice } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { resizeImages, spatialImageAxes } from "./image-resize.js";
import { checkTargetSize, resizedShape } from "./resizing.js";

type Shape = readonly (number | null)[];

export interface CenterCropOptions extends LayerOptions {
  dataFormat?: string | null;
}

export class CenterCrop extends Layer {
  declare height: number;
  declare width: number;
  declare dataFormat: ImageDataFormat;

  constructor(height: number, width: number, options: CenterCropOptions = {}) {
    const { dataFormat, ...base } = options;
    super(base);
    this.height = checkTargetSize(height, "height", "CenterCrop");
    this.width = checkTargetSize(width, "width", "CenterCrop");
    this.dataFormat = standardizeDataFormat(dataFormat);
  }

  override call(inputs: Tensor): Tensor {
    const x = cast(inputs, this.computeDtype);
    if (x.rank !== 3 && x.rank !== 4) {
      throw new ValueError(`CenterCrop: expected an image batch of rank 4 or a single image of rank 3. Received inputs.shape=[${x.shape}]`);
    }
    const [hAxis, wAxis] = spatialImageAxes(x.rank, this.dataFormat);
    const hDiff = x.shape[hAxis] - this.height;
    const wDiff = x.shape[wAxis] - this.width;
    if (hDiff >= 0 && wDiff >= 0) {
      const starts = x.shape.map(() => 0);
      const sizes = x.shape.slice();
      starts[hAxis] = Math.trunc(hDiff / 2);
      starts[wAxis] = Math.trunc(wDiff / 2);
      sizes[hAxis] = this.height;
      sizes[wAxis] = this.width;
      return slice(x, starts, sizes);
    }
    return resizeImages(x, [this.height, this.width], { interpolation: "bilinear", cropToAspectRatio: true, dataFormat: this.dataFormat });
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return resizedShape(inputShape, this.height, this.width, this.dataFormat, "CenterCrop");
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), height: this.height, width: this.width, data_format: this.dataFormat };
  }

  static override fromConfig(config: Record<string, any>): CenterCrop {
    const { height, width, ...options } = layerOptionsFromConfig(config);
    return new CenterCrop(height, width, options);
  }
}

registerBuiltin("keras.layers", "CenterCrop", CenterCrop);
