/**
 * `keras.layers.RandomSharpness(factor, { valueRange = [0, 255], dataFormat, seed })`:
 * in training, blends each image with its smoothed version (3 x 3 kernel,
 * 5/13 at the centre and 1/13 around, zero padded): x + (1 - 2f) (smooth - x)
 * for f drawn from the factor range ([0, f] for a number f; 0 blurs, 0.5 is
 * the identity, 1 sharpens), clipped to `value_range`.
 */
import type { Tensor } from "../../engine/tensor.js";
import { convertToTensor } from "../../ops/core/cast.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { clip } from "../../ops/math/select.js";
import { depthwiseConv } from "../../ops/nn/conv.js";
import { reshape } from "../../ops/shape/reshape.js";
import { tile } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseColorAugmentation, ColorAugmentationOptions } from "./base-color-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";

export type RandomSharpnessOptions = ColorAugmentationOptions;

const EDGE = 1 / 13;
const CENTRE = 5 / 13;

export class RandomSharpness extends BaseColorAugmentation {
  static override factorBounds: Range = [0, 1];

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    return this.uniformDraw([images.shape[0]], this.factor);
  }

  transformImages(images: Tensor, factor: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || factor === null) return x;
    const { channels } = this.imageBatchInfo(x);
    const kernel3x3 = convertToTensor([EDGE, EDGE, EDGE, EDGE, CENTRE, EDGE, EDGE, EDGE, EDGE], this.computeDtype);
    const kernel = tile(reshape(kernel3x3, [3, 3, 1, 1]), [1, 1, channels, 1]);
    const smoothed = depthwiseConv(x, kernel, { strides: 1, padding: "same", dataFormat: this.dataFormat });
    const blend = subtract(1, multiply(reshape(this.toComputeDtype(factor), [-1, 1, 1, 1]), 2));
    const out = add(x, multiply(blend, subtract(smoothed, x)));
    return clip(out, this.valueRange[0], this.valueRange[1]);
  }
}

registerBuiltin("keras.layers", "RandomSharpness", RandomSharpness);
