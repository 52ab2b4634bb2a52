/**
 * `keras.layers.RandomRotation(factor, { fillMode = "reflect", interpolation =
 * "bilinear", seed, fillValue = 0, dataFormat })`: in training, rotates each
 * image about its centre by its own angle drawn from [lower, upper] * 360
 * degrees (a number f means [-f, f]; positive angles turn the content
 * counter-clockwise). Keras builds the transform with
 * `_compute_affine_matrix` around the centre ((w - 1) / 2, (h - 1) / 2).
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { cos, negative, sin } from "../../ops/math/unary.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { AffineAugmentationOptions, BaseAffineAugmentation } from "./base-affine-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";

export type RandomRotationOptions = AffineAugmentationOptions;

export class RandomRotation extends BaseAffineAugmentation {
  declare factor: Range;

  constructor(factor: number | readonly number[], options: RandomRotationOptions = {}) {
    super(options);
    this.factor = this.parseFactor(factor);
  }

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const { batch, height, width } = this.imageBatchInfo(images);
    const degrees = this.draw([batch, 1], [this.factor[0] * 360, this.factor[1] * 360]);
    const angle = multiply(degrees, Math.PI / 180);
    const c = cos(angle);
    const s = sin(angle);
    const cx = (width - 1) / 2;
    const cy = (height - 1) / 2;
    // Rotation about (cx, cy): x_in = c x - s y + (cx - c cx + s cy), y_in = s x + c y + (cy - s cx - c cy).
    const a2 = add(subtract(cx, multiply(c, cx)), multiply(s, cy));
    const b2 = subtract(subtract(cy, multiply(s, cx)), multiply(c, cy));
    return BaseAffineAugmentation.rows([c, negative(s), a2, s, c, b2, 0, 0], c);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: [...this.factor], ...this.affineConfig() };
  }

  static override fromConfig(config: Record<string, any>): RandomRotation {
    const { factor, ...options } = layerOptionsFromConfig(config);
    return new RandomRotation(factor, options);
  }
}

registerBuiltin("keras.layers", "RandomRotation", RandomRotation);
