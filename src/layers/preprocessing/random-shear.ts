/**
 * `keras.layers.RandomShear({ xFactor = 0, yFactor = 0, interpolation =
 * "bilinear", fillMode = "reflect", fillValue = 0, dataFormat, seed })`: in
 * training, shears each image: x_in = x + sx y, y_in = sy x + y, with sx and
 * sy drawn from the factor ranges (a number f in [0, 1] means [-f, f], as
 * Keras's code has it) and both negated for a random half of the images.
 */
import type { Tensor } from "../../engine/tensor.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { greater } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { AffineAugmentationOptions, BaseAffineAugmentation } from "./base-affine-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";

export interface RandomShearOptions extends AffineAugmentationOptions {
  xFactor?: number | readonly number[];
  yFactor?: number | readonly number[];
}

const FACTOR_ERROR = "The `factor` argument should be a number (or a list of two numbers) in the range [0, 1.0]. ";

export class RandomShear extends BaseAffineAugmentation {
  declare xFactor: Range;
  declare yFactor: Range;
  protected override keepMaskDtype = true;

  constructor(options: RandomShearOptions = {}) {
    const { xFactor = 0.0, yFactor = 0.0, ...rest } = options;
    super(rest);
    this.xFactor = this.parseSymmetricFactor(xFactor, "x_factor", FACTOR_ERROR, [0, 1]);
    this.yFactor = this.parseSymmetricFactor(yFactor, "y_factor", FACTOR_ERROR, [0, 1]);
  }

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const { batch } = this.imageBatchInfo(images);
    const sign = where(greater(this.draw([batch, 1], [0, 1]), 0.5), -1, 1);
    const shearY = multiply(this.draw([batch, 1], this.yFactor), sign);
    const shearX = multiply(this.draw([batch, 1], this.xFactor), sign);
    return BaseAffineAugmentation.rows([1, shearX, 0, shearY, 1, 0, 0, 0], shearX);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), x_factor: [...this.xFactor], y_factor: [...this.yFactor], ...this.affineConfig() };
  }

  static override fromConfig(config: Record<string, any>): RandomShear {
    // The config holds the parsed ranges [-f, f], which the constructor's [0, 1] check would refuse
    // (Keras's own from_config does): a symmetric pair is read back as the number f it came from.
    const { xFactor, yFactor, ...options } = layerOptionsFromConfig(config);
    return new RandomShear({ ...options, xFactor: symmetricToNumber(xFactor), yFactor: symmetricToNumber(yFactor) });
  }
}

function symmetricToNumber(factor: number | readonly number[] | undefined): number | readonly number[] | undefined {
  return Array.isArray(factor) && factor.length === 2 && factor[0] === -factor[1] ? factor[1] : factor;
}

registerBuiltin("keras.layers", "RandomShear", RandomShear);
