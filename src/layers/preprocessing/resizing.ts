/**
 * `keras.layers.Resizing(height, width, { interpolation = "bilinear",
 * cropToAspectRatio = false, padToAspectRatio = false, fillMode = "constant",
 * fillValue = 0, antialias = false, dataFormat })`: resizes images (rank 4
 * batches or rank 3 single images) to `height x width`. The resampling is in
 * image-resize.ts; interpolation "area" is refused when the layer is made.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { RESIZE_FILL_MODES, RESIZE_METHODS, resizeImages, spatialImageAxes } from "./image-resize.js";

type Shape = readonly (number | null)[];

export interface ResizingOptions extends LayerOptions {
  interpolation?: string;
  cropToAspectRatio?: boolean;
  padToAspectRatio?: boolean;
  fillMode?: string;
  fillValue?: number;
  antialias?: boolean;
  dataFormat?: string | null;
}

/** Checks a target size argument (height / width): a positive integer. */
export function checkTargetSize(value: unknown, name: string, layer: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${layer}: \`${name}\` must be a positive integer. Received: ${name}=${pyRepr(value)}`);
  }
  return value;
}

/** Output shape of an image layer producing `height x width` images. */
export function resizedShape(inputShape: Shape, height: number, width: number, dataFormat: ImageDataFormat, layer: string): (number | null)[] {
  if (inputShape.length !== 3 && inputShape.length !== 4) {
    throw new ValueError(
      `${layer}: expected an image batch of rank 4 or a single image of rank 3. Received input_shape=${pyRepr(inputShape)}`,
    );
  }
  const out = inputShape.slice();
  const [h, w] = spatialImageAxes(out.length, dataFormat);
  out[h] = height;
  out[w] = width;
  return out;
}

export class Resizing extends Layer {
  declare height: number;
  declare width: number;
  declare interpolation: string;
  declare cropToAspectRatio: boolean;
  declare padToAspectRatio: boolean;
  declare fillMode: string;
  declare fillValue: number;
  declare antialias: boolean;
  declare dataFormat: ImageDataFormat;

  constructor(height: number, width: number, options: ResizingOptions = {}) {
    const {
      interpolation = "bilinear", cropToAspectRatio = false, padToAspectRatio = false, fillMode = "constant",
      fillValue = 0, antialias = false, dataFormat, ...base
    } = options;
    super(base);
    this.height = checkTargetSize(height, "height", "Resizing");
    this.width = checkTargetSize(width, "width", "Resizing");
    if (!(RESIZE_METHODS as readonly string[]).includes(interpolation)) {
      throw new ValueError(
        `Invalid value for argument \`interpolation\`. Expected of one {${RESIZE_METHODS.map((m) => `'${m}'`).join(", ")}}. ` +
          `Received: interpolation=${pyRepr(interpolation)}`,
      );
    }
    if (interpolation === "area") {
      throw new NotImplementedError("Resizing: interpolation='area' is not supported by keras-ts.");
    }
    if (!(RESIZE_FILL_MODES as readonly string[]).includes(fillMode)) {
      throw new ValueError(
        `Invalid value for argument \`fill_mode\`. Expected of one {'constant'}. Received: fill_mode=${pyRepr(fillMode)}`,
      );
    }
    if (cropToAspectRatio && padToAspectRatio) {
      throw new ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be True.");
    }
    if (typeof fillValue !== "number") {
      throw new ValueError(`Resizing: \`fill_value\` must be a number. Received: fill_value=${pyRepr(fillValue)}`);
    }
    this.interpolation = interpolation;
    this.cropToAspectRatio = Boolean(cropToAspectRatio);
    this.padToAspectRatio = Boolean(padToAspectRatio);
    this.fillMode = fillMode;
    this.fillValue = fillValue;
    this.antialias = Boolean(antialias);
    this.dataFormat = standardizeDataFormat(dataFormat);
  }

  override call(inputs: Tensor): Tensor {
    return resizeImages(inputs, [this.height, this.width], {
      interpolation: this.interpolation,
      antialias: this.antialias,
      cropToAspectRatio: this.cropToAspectRatio,
      padToAspectRatio: this.padToAspectRatio,
      fillMode: this.fillMode,
      fillValue: this.fillValue,
      dataFormat: this.dataFormat,
    });
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return resizedShape(inputShape, this.height, this.width, this.dataFormat, "Resizing");
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      data_format: this.dataFormat,
      height: this.height,
      width: this.width,
      interpolation: this.interpolation,
      crop_to_aspect_ratio: this.cropToAspectRatio,
      pad_to_aspect_ratio: this.padToAspectRatio,
      fill_mode: this.fillMode,
      fill_value: this.fillValue,
      antialias: this.antialias,
    };
  }

  static override fromConfig(config: Record<string, any>): Resizing {
    const { height, width, ...options } = layerOptionsFromConfig(config);
    return new Resizing(height, width, options);
  }
}

registerBuiltin("keras.layers", "Resizing", Resizing);
