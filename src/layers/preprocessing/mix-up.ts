/**
 * `keras.layers.MixUp({ alpha = 0.2, dataFormat, seed })`: in training, blends
 * the batch with a shuffled copy of itself, w * x + (1 - w) * x[perm], with
 * one weight w ~ Beta(alpha, alpha) per call; called on
 * `{ images, labels }` the labels (one-hot, float) are blended the same way.
 * (Keras 3.15 also mixes at inference; keras-ts leaves the data untouched
 * there, as every other random augmentation does.)
 */
import type { Tensor } from "../../engine/tensor.js";
import { arange } from "../../ops/core/ranges.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { take } from "../../ops/shape/indexing.js";
import { beta, shuffle } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions } from "./base-image-preprocessing.js";

export interface MixUpOptions extends BaseImagePreprocessingOptions {
  alpha?: number;
  seed?: number | null;
}

interface Mixing {
  weight: number;
  permutation: Tensor;
}

/** w * x + (1 - w) * x[perm] along the batch axis. */
function blend(x: Tensor, { weight, permutation }: Mixing): Tensor {
  return add(multiply(x, weight), multiply(take(x, permutation, { axis: 0 }), subtract(1, weight)));
}

export class MixUp extends BaseImagePreprocessingLayer<Mixing> {
  declare alpha: number;

  constructor(options: MixUpOptions = {}) {
    const { alpha = 0.2, seed = null, ...base } = options;
    super(base);
    this.alpha = alpha;
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): Mixing | null {
    if (!training) return null;
    const generator = this.drawsFrom ?? this.generator;
    const permutation = shuffle(arange(0, images.shape[0], 1, "int32"), { seed: generator });
    const weight = beta([1], this.alpha, this.alpha, { seed: generator }).item() as number;
    return { weight, permutation };
  }

  transformImages(images: Tensor, mixing: Mixing | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || mixing === null) return x;
    return blend(x, mixing);
  }

  override transformLabels(labels: Tensor, mixing: Mixing | null, training: boolean): Tensor {
    if (!training || mixing === null) return labels;
    return blend(labels, mixing);
  }

  override transformSegmentationMasks(masks: Tensor, mixing: Mixing | null, training: boolean): Tensor {
    return this.transformLabels(masks, mixing, training);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), alpha: this.alpha, seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): MixUp {
    return new MixUp(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "MixUp", MixUp);
