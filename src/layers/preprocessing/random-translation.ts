/**
 * `keras.layers.RandomTranslation(heightFactor, widthFactor, { fillMode =
 * "reflect", interpolation = "bilinear", seed, fillValue = 0, dataFormat })`:
 * in training, shifts each image by its own fraction of its height (drawn
 * from the height factor range; positive moves the content down) and of its
 * width (positive moves it right).
 */
import type { Tensor } from "../../engine/tensor.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { negative } from "../../ops/math/unary.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { AffineAugmentationOptions, BaseAffineAugmentation } from "./base-affine-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";

export type RandomTranslationOptions = AffineAugmentationOptions;

const FACTOR_ERROR = "The `factor` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ";

type Factor = number | readonly number[];

export class RandomTranslation extends BaseAffineAugmentation {
  declare heightFactor: Factor;
  declare widthFactor: Factor;
  declare heightRange: Range;
  declare widthRange: Range;
  protected override keepMaskDtype = true;

  constructor(heightFactor: Factor, widthFactor: Factor, options: RandomTranslationOptions = {}) {
    super(options);
    this.heightFactor = heightFactor;
    this.heightRange = this.parseSymmetricFactor(heightFactor, "height_factor", FACTOR_ERROR);
    this.widthFactor = widthFactor;
    this.widthRange = this.parseSymmetricFactor(widthFactor, "width_factor", FACTOR_ERROR);
  }

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const { batch, height, width } = this.imageBatchInfo(images);
    const dy = multiply(this.draw([batch, 1], this.heightRange), height);
    const dx = multiply(this.draw([batch, 1], this.widthRange), width);
    return BaseAffineAugmentation.rows([1, 0, negative(dx), 0, 1, negative(dy), 0, 0], dx);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), height_factor: this.heightFactor, width_factor: this.widthFactor, ...this.affineConfig() };
  }

  static override fromConfig(config: Record<string, any>): RandomTranslation {
    const { heightFactor, widthFactor, ...options } = layerOptionsFromConfig(config);
    return new RandomTranslation(heightFactor, widthFactor, options);
  }
}

registerBuiltin("keras.layers", "RandomTranslation", RandomTranslation);
