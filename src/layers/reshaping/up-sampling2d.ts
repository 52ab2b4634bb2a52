/**
 * `keras.layers.UpSampling2D({ size = [2, 2], dataFormat, interpolation = "nearest" })`:
 * enlarges an image batch by integer factors along rows and columns.
 * "nearest" repeats rows and columns; "bilinear" interpolates with
 * half-pixel centres (see bilinear-upsampling.ts). Keras's other resize
 * methods (bicubic, lanczos3, lanczos5, area) are not implemented and are
 * refused when the layer is made.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { repeat } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { standardizeTuple } from "../convolutional/conv-args.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { bilinearUpsampleAxis } from "./bilinear-upsampling.js";
import { spatialAxes } from "./spatial-args.js";

type Shape = readonly (number | null)[];

export interface UpSampling2DOptions extends LayerOptions {
  /** One factor for both axes, or [rows, cols]. */
  size?: number | readonly number[];
  dataFormat?: string | null;
  interpolation?: string;
}

const SUPPORTED = ["nearest", "bilinear"];
const KERAS_METHODS = ["bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area"];

export class UpSampling2D extends Layer {
  declare size: number[];
  declare dataFormat: ImageDataFormat;
  declare interpolation: string;

  constructor(options: UpSampling2DOptions = {}) {
    const { size = [2, 2], dataFormat, interpolation = "nearest", ...base } = options;
    super(base);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.size = standardizeTuple(size, 2, "size");
    if (typeof interpolation !== "string") {
      throw new ValueError(`UpSampling2D: \`interpolation\` must be a string. Received: interpolation=${pyRepr(interpolation)}`);
    }
    const method = interpolation.toLowerCase();
    if (!KERAS_METHODS.includes(method)) {
      throw new ValueError(
        `Invalid value for argument \`interpolation\`: expected one of {${KERAS_METHODS.map((m) => `'${m}'`).join(", ")}}. ` +
          `Received: interpolation=${interpolation}`,
      );
    }
    if (!SUPPORTED.includes(method)) {
      throw new NotImplementedError(
        `UpSampling2D: interpolation='${method}' is not supported by keras-ts; use 'nearest' or 'bilinear'.`,
      );
    }
    this.interpolation = method;
    this.inputSpec = new InputSpec({ ndim: 4 });
  }

  override call(inputs: Tensor): Tensor {
    let x = inputs;
    spatialAxes(2, this.dataFormat).forEach((axis, i) => {
      x = this.interpolation === "nearest" ? repeat(x, this.size[i], { axis }) : bilinearUpsampleAxis(x, axis, this.size[i]);
    });
    return x;
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    const out = inputShape.slice();
    spatialAxes(2, this.dataFormat).forEach((axis, i) => {
      const d = out[axis];
      if (d !== null && d !== undefined) out[axis] = d * this.size[i];
    });
    return out;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), size: this.size.slice(), data_format: this.dataFormat, interpolation: this.interpolation };
  }

  static override fromConfig(config: Record<string, any>): UpSampling2D {
    return new UpSampling2D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "UpSampling2D", UpSampling2D);
