/**
 * `keras.layers.AugMix({ valueRange = [0, 255], numChains = 3, chainDepth = 3,
 * factor = 0.3, alpha = 1, allOps = true, interpolation = "bilinear", seed,
 * dataFormat })`: in training, runs `numChains` chains of up to `chainDepth`
 * augmentations each (every step picks one of the augmentations or none,
 * uniformly), mixes the chains with Dirichlet(alpha) weights, then blends the
 * mix with the original: w * x + (1 - w) * mix, w ~ Beta(alpha, alpha), and
 * clips to `value_range`. `allOps` false leaves out the four colour layers
 * (brightness, colour degeneration, contrast, sharpness). At inference the
 * images pass through, cast to the compute dtype.
 *
 * Keras picks the chain steps with Python's unseeded `random.choice`; keras-ts
 * draws them from the layer's seed generator, so a seed reproduces the whole
 * augmentation. One draw serves the whole batch, as in Keras.
 */
import type { Tensor } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { cast } from "../../ops/core/cast.js";
import { add, divide, multiply } from "../../ops/math/arithmetic.js";
import { clip } from "../../ops/math/select.js";
import { sum } from "../../ops/reduction/sum.js";
import { beta, gamma, randint } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { drawFromPolicy, makePolicyLayers, PolicyLayer, PolicyLayerName } from "./augmentation-policy-layers.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface AugMixOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  numChains?: number;
  chainDepth?: number;
  factor?: number | readonly number[];
  alpha?: number;
  allOps?: boolean;
  interpolation?: string;
  seed?: number | null;
}

/** Keras's AUGMENT_LAYERS_ALL (allOps) and AUGMENT_LAYERS, in Keras's order. */
const GEOMETRIC_AND_TONAL: readonly PolicyLayerName[] = [
  "random_shear", "random_translation", "random_rotation", "random_posterization", "solarization", "auto_contrast", "equalization",
];
const ALL_OPS: readonly PolicyLayerName[] = [
  ...GEOMETRIC_AND_TONAL, "random_brightness", "random_color_degeneration", "random_contrast", "random_sharpness",
];

export interface AugMixStep {
  layer: PolicyLayer;
  transformation: unknown;
}

export interface AugMixTransformation {
  /** (numChains,) Dirichlet weights of the chains. */
  chainMixingWeights: Tensor;
  /** The scalar Beta draw weighing the original images. */
  weightSample: Tensor;
  /** Each chain's augmentations, in order (steps that drew "none" are left out). */
  chainTransforms: AugMixStep[][];
}

export class AugMix extends BaseImagePreprocessingLayer<AugMixTransformation> {
  declare valueRange: readonly number[];
  declare numChains: number;
  declare chainDepth: number;
  declare factor: Range;
  declare alpha: number;
  declare allOps: boolean;
  declare interpolation: string;
  declare augmentLayers: PolicyLayer[];

  constructor(options: AugMixOptions = {}) {
    const {
      valueRange = [0, 255], numChains = 3, chainDepth = 3, factor = 0.3, alpha = 1.0, allOps = true,
      interpolation = "bilinear", seed = null, ...base
    } = options;
    super(base);
    for (const [name, value] of [["num_chains", numChains], ["chain_depth", chainDepth]] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new ValueError(`AugMix: \`${name}\` must be a non-negative integer. Received: ${name}=${pyRepr(value)}`);
      }
    }
    if (typeof alpha !== "number" || !(alpha > 0)) {
      throw new ValueError(`AugMix: \`alpha\` must be a positive number. Received: alpha=${pyRepr(alpha)}`);
    }
    this.valueRange = valueRange;
    this.numChains = numChains;
    this.chainDepth = chainDepth;
    this.factor = this.parseFactor(factor, [0, 1]);
    this.alpha = alpha;
    this.allOps = allOps;
    this.interpolation = interpolation;
    this.useSeed(seed);
    const names = allOps ? ALL_OPS : GEOMETRIC_AND_TONAL;
    this.augmentLayers = makePolicyLayers(names, {
      factor: this.factor, valueRange, interpolation, seed: this.seed, dataFormat: this.dataFormat, dtype: base.dtype,
    });
  }

  getRandomTransformation(images: Tensor, training: boolean): AugMixTransformation | null {
    if (!training) return null;
    const generator = this.drawsFrom ?? this.generator;
    // Dirichlet(alpha, ..., alpha) as normalised Gamma(alpha) draws.
    const g = gamma([this.numChains], this.alpha, { seed: generator });
    const chainMixingWeights = divide(g, sum(g, -1, true));
    const weightSample = beta([], this.alpha, this.alpha, { seed: generator });
    const chainTransforms: AugMixStep[][] = [];
    const choices = this.augmentLayers.length + 1; // the last choice is "no augmentation"
    for (let c = 0; c < this.numChains; c++) {
      const picks = randint([this.chainDepth], 0, choices, { seed: generator }).data as Int32Array;
      const chain: AugMixStep[] = [];
      for (const pick of picks) {
        if (pick === this.augmentLayers.length) continue;
        const layer = this.augmentLayers[pick];
        chain.push({ layer, transformation: drawFromPolicy(layer, images, generator) });
      }
      chainTransforms.push(chain);
    }
    return { chainMixingWeights, weightSample, chainTransforms };
  }

  /** w * x + (1 - w) * sum_c weight_c * chain_c(x), each chain run by `step`. */
  private mix(x: Tensor, t: AugMixTransformation, step: (s: AugMixStep, y: Tensor) => Tensor): Tensor {
    const weights = cast(t.chainMixingWeights, x.dtype).data;
    const w = cast(t.weightSample, x.dtype).item() as number;
    let mixed: Tensor = multiply(x, 0);
    t.chainTransforms.forEach((chain, c) => {
      let y = x;
      for (const s of chain) y = step(s, y);
      mixed = add(mixed, multiply(y, weights[c]));
    });
    return add(multiply(x, w), multiply(mixed, 1 - w));
  }

  transformImages(images: Tensor, transformation: AugMixTransformation | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || transformation === null) return x;
    const mixed = this.mix(x, transformation, (s, y) => this.toComputeDtype(s.layer.transformImages(y, s.transformation, true)));
    const [low, high] = this.valueRange;
    return this.toComputeDtype(clip(mixed, Math.min(low, high), Math.max(low, high)));
  }

  override transformSegmentationMasks(masks: Tensor, transformation: AugMixTransformation | null, training: boolean): Tensor {
    if (!training || transformation === null) return masks;
    return this.mix(masks, transformation, (s, y) => s.layer.transformSegmentationMasks(y, s.transformation, true));
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      value_range: [...this.valueRange],
      num_chains: this.numChains,
      chain_depth: this.chainDepth,
      factor: [...this.factor],
      alpha: this.alpha,
      all_ops: this.allOps,
      interpolation: this.interpolation,
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): AugMix {
    return new AugMix(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "AugMix", AugMix);
