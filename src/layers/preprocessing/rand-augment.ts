/**
 * `keras.layers.RandAugment({ valueRange = [0, 255], numOps = 2, factor = 0.5,
 * interpolation = "bilinear", seed, dataFormat })`: in training, applies
 * `numOps` augmentations in a row, each chosen uniformly (with repetition)
 * from Keras's eleven: shear, translation, rotation, brightness, colour
 * degeneration, contrast, sharpness, posterization, solarization,
 * auto-contrast, equalization. One choice serves the whole batch, as in Keras.
 *
 * As in Keras, every sublayer's transformation is drawn once per call, so an
 * augmentation chosen twice applies the same draw twice; the sublayers take
 * `factor` = (lower, upper) with lower = max(-factor, 0). Keras computes all
 * eleven per step and keeps the chosen one with `where`; keras-ts runs only
 * the chosen one (the same result). At inference the images pass through,
 * cast to the compute dtype.
 */
import type { Tensor } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { randint } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { drawFromPolicy, makePolicyLayers, PolicyLayer, PolicyLayerName } from "./augmentation-policy-layers.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface RandAugmentOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  numOps?: number;
  factor?: number | readonly number[];
  interpolation?: string;
  seed?: number | null;
}

/** The layers chosen from, in Keras's order (the drawn indices refer to it). */
const AUGMENT_LAYERS: readonly PolicyLayerName[] = [
  "random_shear", "random_translation", "random_rotation", "random_brightness", "random_color_degeneration",
  "random_contrast", "random_sharpness", "random_posterization", "solarization", "auto_contrast", "equalization",
];

export interface RandAugmentTransformation {
  /** Index into AUGMENT_LAYERS of the augmentation applied at each step. */
  layerIndices: number[];
  /** Each sublayer's transformation for this call, in AUGMENT_LAYERS order. */
  transforms: unknown[];
}

export class RandAugment extends BaseImagePreprocessingLayer<RandAugmentTransformation> {
  static readonly AUGMENT_LAYERS = AUGMENT_LAYERS;
  declare valueRange: readonly number[];
  declare numOps: number;
  declare factor: Range;
  declare interpolation: string;
  declare augmentLayers: PolicyLayer[];

  constructor(options: RandAugmentOptions = {}) {
    const { valueRange = [0, 255], numOps = 2, factor = 0.5, interpolation = "bilinear", seed = null, ...base } = options;
    super(base);
    if (!Number.isInteger(numOps) || numOps < 0) {
      throw new ValueError(`RandAugment: \`num_ops\` must be a non-negative integer. Received: num_ops=${pyRepr(numOps)}`);
    }
    this.valueRange = valueRange;
    this.numOps = numOps;
    this.factor = this.parseFactor(factor, [0, 1]);
    this.interpolation = interpolation;
    this.useSeed(seed);
    this.augmentLayers = makePolicyLayers(AUGMENT_LAYERS, {
      factor: this.factor, valueRange, interpolation, seed: this.seed, dataFormat: this.dataFormat, dtype: base.dtype,
    });
  }

  getRandomTransformation(images: Tensor, training: boolean): RandAugmentTransformation | null {
    if (!training) return null;
    const generator = this.drawsFrom ?? this.generator;
    const layerIndices = Array.from(randint([this.numOps], 0, AUGMENT_LAYERS.length, { seed: generator }).data as Int32Array);
    const transforms = this.augmentLayers.map((layer) => drawFromPolicy(layer, images, generator));
    return { layerIndices, transforms };
  }

  transformImages(images: Tensor, transformation: RandAugmentTransformation | null, training: boolean): Tensor {
    let x = this.toComputeDtype(images);
    if (!training || transformation === null) return x;
    for (const i of transformation.layerIndices) {
      x = this.toComputeDtype(this.augmentLayers[i].transformImages(x, transformation.transforms[i], true));
    }
    return x;
  }

  override transformSegmentationMasks(masks: Tensor, transformation: RandAugmentTransformation | null, training: boolean): Tensor {
    if (!training || transformation === null) return masks;
    let m = masks;
    for (const i of transformation.layerIndices) {
      m = this.augmentLayers[i].transformSegmentationMasks(m, transformation.transforms[i], true);
    }
    return m;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      value_range: [...this.valueRange],
      num_ops: this.numOps,
      factor: [...this.factor],
      interpolation: this.interpolation,
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): RandAugment {
    return new RandAugment(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RandAugment", RandAugment);

