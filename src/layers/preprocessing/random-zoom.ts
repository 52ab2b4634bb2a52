/**
 * `keras.layers.RandomZoom(heightFactor, widthFactor = null, { fillMode =
 * "reflect", interpolation = "bilinear", seed, fillValue = 0, dataFormat })`:
 * in training, scales each image about its centre by 1 + z, z drawn from the
 * height factor range (vertically) and the width factor range
 * (horizontally; without a width factor the vertical draw serves both, so
 * the aspect ratio is kept). Positive z zooms out, negative zooms in.
 */
import type { Tensor } from "../../engine/tensor.js";
import { multiply, subtract } from "../../ops/math/arithmetic.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { AffineAugmentationOptions, BaseAffineAugmentation } from "./base-affine-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";

export type RandomZoomOptions = AffineAugmentationOptions;

const FACTOR_ERROR = "The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ";

type Factor = number | readonly number[];

export class RandomZoom extends BaseAffineAugmentation {
  declare heightFactor: Factor;
  declare widthFactor: Factor | null;
  declare heightRange: Range;
  declare widthRange: Range | null;

  constructor(heightFactor: Factor, widthFactor: Factor | null | RandomZoomOptions = null, options: RandomZoomOptions = {}) {
    if (widthFactor !== null && typeof widthFactor === "object" && !Array.isArray(widthFactor)) {
      options = widthFactor as RandomZoomOptions;
      widthFactor = null;
    }
    super(options);
    this.heightFactor = heightFactor;
    this.heightRange = this.parseSymmetricFactor(heightFactor, "height_factor", FACTOR_ERROR);
    this.widthFactor = widthFactor as Factor | null;
    this.widthRange = widthFactor === null ? null : this.parseSymmetricFactor(widthFactor, "width_factor", FACTOR_ERROR);
  }

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const { batch, height, width } = this.imageBatchInfo(images);
    const zoomY = this.draw([batch, 1], [1 + this.heightRange[0], 1 + this.heightRange[1]]);
    const zoomX = this.widthRange === null ? zoomY : this.draw([batch, 1], [1 + this.widthRange[0], 1 + this.widthRange[1]]);
    // Scaling about the centre: x_in = zx x + (w - 1) / 2 (1 - zx), and likewise for y.
    const xOffset = multiply((width - 1) / 2, subtract(1, zoomX));
    const yOffset = multiply((height - 1) / 2, subtract(1, zoomY));
    return BaseAffineAugmentation.rows([zoomX, 0, xOffset, 0, zoomY, yOffset, 0, 0], zoomX);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), height_factor: this.heightFactor, width_factor: this.widthFactor, ...this.affineConfig() };
  }

  static override fromConfig(config: Record<string, any>): RandomZoom {
    const { heightFactor, widthFactor = null, ...options } = layerOptionsFromConfig(config);
    return new RandomZoom(heightFactor, widthFactor, options);
  }
}

registerBuiltin("keras.layers", "RandomZoom", RandomZoom);
