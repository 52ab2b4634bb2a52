/**
 * `keras.layers.RandomCrop(height, width, { seed, dataFormat })`: in training,
 * crops every image of the batch at one random offset to height x width
 * (Keras draws one offset per call). When the input is not larger than the
 * target on both axes, and at inference, the window starts where the largest
 * centred window with the target aspect ratio starts; as in Keras, a window
 * cut short by the image edge is resized (bilinear) to the target size.
 *
 * Keras 3.15's eager call returns the input unchanged at inference (its
 * issue #21868), which contradicts its documentation and its output shape;
 * keras-ts applies the inference crop, as the fix proposed there does.
 * As in Keras, an unseeded layer draws its seed when made, so the seed is
 * in the config.
 */
import type { Tensor } from "../../engine/tensor.js";
import { slice } from "../../ops/shape/slicing.js";
import { makeDefaultSeed } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { aspectCropBox, resizeImages } from "./image-resize.js";
import { checkTargetSize, resizedShape } from "./resizing.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions } from "./base-image-preprocessing.js";

export interface RandomCropOptions extends BaseImagePreprocessingOptions {
  seed?: number | null;
}

type Shape = readonly (number | null)[];

/** The crop's top-left corner. */
type CropStart = [number, number];

export class RandomCrop extends BaseImagePreprocessingLayer<CropStart> {
  declare height: number;
  declare width: number;

  constructor(height: number, width: number, options: RandomCropOptions = {}) {
    const { seed = null, ...base } = options;
    super(base);
    this.height = checkTargetSize(height, "height", "RandomCrop");
    this.width = checkTargetSize(width, "width", "RandomCrop");
    this.useSeed(seed);
    this.seed = seed ?? makeDefaultSeed();
  }

  getRandomTransformation(images: Tensor, training: boolean): CropStart {
    const { height, width } = this.imageBatchInfo(images);
    if (training && height > this.height && width > this.width) {
      // uniform in [0, n + 1) truncated: each start in 0..n equally likely.
      const start = (n: number) => Math.trunc(this.uniformDraw([], [0, n + 1]).item() as number);
      const top = start(height - this.height);
      return [top, start(width - this.width)];
    }
    const [[top], [left]] = aspectCropBox(height, width, this.height, this.width);
    return [top, left];
  }

  transformImages(images: Tensor, transformation: CropStart | null): Tensor {
    const x = this.toComputeDtype(images);
    const [top, left] = transformation!;
    const info = this.imageBatchInfo(x);
    const starts = [0, 0, 0, 0];
    const sizes = x.shape.slice();
    starts[info.heightAxis] = top;
    starts[info.widthAxis] = left;
    // Keras slices a target-sized window from the start (clipped at the image edge) and resizes on a mismatch.
    sizes[info.heightAxis] = Math.min(this.height, info.height - top);
    sizes[info.widthAxis] = Math.min(this.width, info.width - left);
    const cropped = slice(x, starts, sizes);
    if (sizes[info.heightAxis] === this.height && sizes[info.widthAxis] === this.width) return cropped;
    return this.toComputeDtype(resizeImages(cropped, [this.height, this.width], { dataFormat: this.dataFormat }));
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return resizedShape(inputShape, this.height, this.width, this.dataFormat, "RandomCrop");
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), height: this.height, width: this.width, seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): RandomCrop {
    const { height, width, ...options } = layerOptionsFromConfig(config);
    return new RandomCrop(height, width, options);
  }
}

registerBuiltin("keras.layers", "RandomCrop", RandomCrop);
