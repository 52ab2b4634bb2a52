/**
 * The augmentation layers that Keras's policy layers (RandAugment, AugMix)
 * choose from, built as Keras builds them from the policy's `factor`
 * (lower, upper), `value_range`, `interpolation` and `seed`, and the way the
 * policy applies one: the sublayer draws its random values from the policy's
 * seed generator (as Keras passes `seed=self._get_seed_generator(...)`), so
 * one policy seed fixes every draw.
 */
import type { Tensor } from "../../engine/tensor.js";
import type { SeedGenerator } from "../../random/index.js";
import { AutoContrast } from "./auto-contrast.js";
import type { BaseImagePreprocessingLayer, Range } from "./base-image-preprocessing.js";
import { Equalization } from "./equalization.js";
import { RandomBrightness } from "./random-brightness.js";
import { RandomColorDegeneration } from "./random-color-degeneration.js";
import { RandomContrast } from "./random-contrast.js";
import { RandomPosterization } from "./random-posterization.js";
import { RandomRotation } from "./random-rotation.js";
import { RandomSharpness } from "./random-sharpness.js";
import { RandomShear } from "./random-shear.js";
import { RandomTranslation } from "./random-translation.js";
import { Solarization } from "./solarization.js";

/** Keras's sublayer attribute names. */
export type PolicyLayerName =
  | "random_shear" | "random_translation" | "random_rotation" | "random_brightness" | "random_color_degeneration"
  | "random_contrast" | "random_sharpness" | "random_posterization" | "solarization" | "auto_contrast" | "equalization";

export type PolicyLayer = BaseImagePreprocessingLayer<unknown>;

export interface PolicyLayerArgs {
  factor: Range;
  valueRange: readonly number[];
  interpolation: string;
  seed: number | null;
  dataFormat: string;
  dtype: unknown;
}

/** Builds the named sublayers, in the order named, with Keras's arguments (keras-ts also gives them the policy's dtype policy). */
export function makePolicyLayers(names: readonly PolicyLayerName[], args: PolicyLayerArgs): PolicyLayer[] {
  const { factor, valueRange, interpolation, seed, dataFormat, dtype } = args;
  const common = { seed, dataFormat, dtype } as Record<string, any>;
  const colour = { ...common, valueRange };
  const geometric = { ...common, interpolation };
  const build: Record<PolicyLayerName, () => unknown> = {
    random_shear: () => new RandomShear({ xFactor: factor, yFactor: factor, ...geometric }),
    random_translation: () => new RandomTranslation(factor, factor, geometric),
    random_rotation: () => new RandomRotation(factor, geometric),
    random_brightness: () => new RandomBrightness(factor, colour),
    random_color_degeneration: () => new RandomColorDegeneration(factor, colour),
    random_contrast: () => new RandomContrast(factor, colour),
    random_sharpness: () => new RandomSharpness(factor, colour),
    // Keras: factor=max(1, int(8 * upper)) bits.
    random_posterization: () => new RandomPosterization(Math.max(1, Math.trunc(8 * factor[1])), colour),
    solarization: () => new Solarization({ additionFactor: factor, thresholdFactor: factor, ...colour }),
    auto_contrast: () => new AutoContrast({ valueRange, dataFormat, dtype } as Record<string, any>),
    equalization: () => new Equalization({ valueRange, dataFormat, dtype } as Record<string, any>),
  };
  return names.map((name) => build[name]() as PolicyLayer);
}

/** A sublayer's transformation for `images`, drawn from the policy's generator. */
export function drawFromPolicy(layer: PolicyLayer, images: Tensor, generator: SeedGenerator): unknown {
  layer.drawsFrom = generator;
  try {
    return layer.getRandomTransformation(images, true);
  } finally {
    layer.drawsFrom = null;
  }
}
