/**
 * Random initializers: RandomNormal, RandomUniform, TruncatedNormal,
 * VarianceScaling and its Glorot / He / Lecun presets.
 *
 * Seeds follow Keras 3: an integer seed (or none: a default seed is drawn
 * once, at construction, from the program-wide stream that `setRandomSeed`
 * controls) makes every call return the same values; a `SeedGenerator` seed
 * gives new values on each call. The config keeps the seed as given.
 */
import { DType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { Tensor } from "../engine/tensor.js";
import { makeDefaultSeed, SeedGenerator } from "../random/seed-generator.js";
import { normal, truncatedNormal, uniform } from "../random/distributions.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization-lib.js";
import { Initializer, InitializerConfig, checkOptions } from "./initializer.js";
import { computeFans } from "./fans.js";

export type InitializerSeed = number | SeedGenerator | Record<string, unknown> | null;

export class RandomInitializer extends Initializer {
  /** The seed the random draws use: an integer (same values each call) or a SeedGenerator. */
  readonly seed: number | SeedGenerator;
  private readonly initSeed: number | SeedGenerator | null;

  constructor(seed: InitializerSeed = null) {
    super();
    let resolved: number | SeedGenerator | null;
    if (seed === null || seed === undefined) resolved = null;
    else if (typeof seed === "number" && Number.isInteger(seed)) resolved = seed;
    else if (seed instanceof SeedGenerator) resolved = seed;
    else if (typeof seed === "object" && "class_name" in seed) {
      resolved = deserializeKerasObject(seed, { moduleHint: "keras.random" }) as SeedGenerator;
    } else {
      throw new ValueError(
        `\`seed\` argument should be an instance of \`keras.random.SeedGenerator()\` or an integer. Received: seed=${String(seed)}`,
      );
    }
    this.initSeed = resolved;
    this.seed = resolved ?? makeDefaultSeed();
  }

  override getConfig(): InitializerConfig {
    return { seed: serializeKerasObject(this.initSeed) };
  }
}

type MeanStd = { mean?: number; stddev?: number; seed?: InitializerSeed };

/** `keras.initializers.RandomNormal({ mean=0, stddev=0.05, seed })`. */
export class RandomNormal extends RandomInitializer {
  readonly mean: number;
  readonly stddev: number;
  constructor(options: MeanStd = {}) {
    checkOptions("RandomNormal", options, ["mean", "stddev", "seed"]);
    super(options.seed ?? null);
    this.mean = options.mean ?? 0.0;
    this.stddev = options.stddev ?? 0.05;
  }
  override call(shape: number[], dtype: DType): Tensor {
    return normal(shape, { mean: this.mean, stddev: this.stddev, dtype, seed: this.seed });
  }
  override getConfig(): InitializerConfig {
    return { ...super.getConfig(), mean: this.mean, stddev: this.stddev };
  }
}

/** `keras.initializers.TruncatedNormal({ mean=0, stddev=0.05, seed })`: normal values redrawn beyond 2 stddev. */
export class TruncatedNormal extends RandomInitializer {
  readonly mean: number;
  readonly stddev: number;
  constructor(options: MeanStd = {}) {
    checkOptions("TruncatedNormal", options, ["mean", "stddev", "seed"]);
    super(options.seed ?? null);
    this.mean = options.mean ?? 0.0;
    this.stddev = options.stddev ?? 0.05;
  }
  override call(shape: number[], dtype: DType): Tensor {
    return truncatedNormal(shape, { mean: this.mean, stddev: this.stddev, dtype, seed: this.seed });
  }
  override getConfig(): InitializerConfig {
    return { ...super.getConfig(), mean: this.mean, stddev: this.stddev };
  }
}

/** `keras.initializers.RandomUniform({ minval=-0.05, maxval=0.05, seed })`: values in [minval, maxval). */
export class RandomUniform extends RandomInitializer {
  readonly minval: number;
  readonly maxval: number;
  constructor(options: { minval?: number; maxval?: number; seed?: InitializerSeed } = {}) {
    checkOptions("RandomUniform", options, ["minval", "maxval", "seed"]);
    super(options.seed ?? null);
    this.minval = options.minval ?? -0.05;
    this.maxval = options.maxval ?? 0.05;
  }
  override call(shape: number[], dtype: DType): Tensor {
    return uniform(shape, { minval: this.minval, maxval: this.maxval, dtype, seed: this.seed });
  }
  override getConfig(): InitializerConfig {
    return { ...super.getConfig(), minval: this.minval, maxval: this.maxval };
  }
}

export type FanMode = "fan_in" | "fan_out" | "fan_avg";
export type ScalingDistribution = "truncated_normal" | "untruncated_normal" | "uniform";

export interface VarianceScalingOptions {
  scale?: number;
  mode?: FanMode;
  distribution?: ScalingDistribution | "normal";
  seed?: InitializerSeed;
  inputAxes?: number[] | null;
  outputAxes?: number[] | null;
}

/** stddev of a standard normal truncated to [-2, 2]: dividing by it restores the requested variance. */
const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

/**
 * `keras.initializers.VarianceScaling({ scale=1, mode="fan_in", distribution="truncated_normal", seed })`:
 * variance scale / n, where n is the fan-in, fan-out or their average.
 */
export class VarianceScaling extends RandomInitializer {
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: ScalingDistribution;
  readonly inputAxes: number[] | null;
  readonly outputAxes: number[] | null;

  constructor(options: VarianceScalingOptions = {}) {
    checkOptions("VarianceScaling", options, ["scale", "mode", "distribution", "seed", "inputAxes", "outputAxes"]);
    super(options.seed ?? null);
    const scale = options.scale ?? 1.0;
    if (!(scale > 0)) throw new ValueError(`Argument \`scale\` must be positive float. Received: scale=${scale}`);
    const mode = options.mode ?? "fan_in";
    if (!["fan_in", "fan_out", "fan_avg"].includes(mode)) {
      throw new ValueError(`Invalid \`mode\` argument: ${mode}. Please use one of {'fan_in', 'fan_out', 'fan_avg'}`);
    }
    let distribution = String(options.distribution ?? "truncated_normal").toLowerCase();
    if (distribution === "normal") distribution = "truncated_normal";
    if (!["uniform", "truncated_normal", "untruncated_normal"].includes(distribution)) {
      throw new ValueError(
        `Invalid \`distribution\` argument: ${distribution}. Please use one of {'uniform', 'truncated_normal', 'untruncated_normal'}`,
      );
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution as ScalingDistribution;
    this.inputAxes = options.inputAxes ?? null;
    this.outputAxes = options.outputAxes ?? null;
  }

  override call(shape: number[], dtype: DType): Tensor {
    const [fanIn, fanOut] = computeFans(shape, this.inputAxes, this.outputAxes);
    let scale = this.scale;
    if (this.mode === "fan_in") scale /= Math.max(1, fanIn);
    else if (this.mode === "fan_out") scale /= Math.max(1, fanOut);
    else scale /= Math.max(1, (fanIn + fanOut) / 2);
    if (this.distribution === "truncated_normal") {
      return truncatedNormal(shape, { mean: 0, stddev: Math.sqrt(scale) / TRUNCATED_NORMAL_STDDEV, dtype, seed: this.seed });
    }
    if (this.distribution === "untruncated_normal") {
      return normal(shape, { mean: 0, stddev: Math.sqrt(scale), dtype, seed: this.seed });
    }
    const limit = Math.sqrt(3 * scale);
    return uniform(shape, { minval: -limit, maxval: limit, dtype, seed: this.seed });
  }

  override getConfig(): InitializerConfig {
    return {
      ...super.getConfig(),
      scale: this.scale,
      mode: this.mode,
      distribution: this.distribution,
      input_axes: this.inputAxes,
      output_axes: this.outputAxes,
    };
  }
}

type PresetOptions = { seed?: InitializerSeed; inputAxes?: number[] | null; outputAxes?: number[] | null };

/** The VarianceScaling options of a preset: only the seed and the fan axes are the caller's. */
function presetOptions(name: string, options: PresetOptions, scale: number, mode: FanMode, distribution: ScalingDistribution): VarianceScalingOptions {
  checkOptions(name, options, ["seed", "inputAxes", "outputAxes"]);
  return { scale, mode, distribution, seed: options.seed ?? null, inputAxes: options.inputAxes, outputAxes: options.outputAxes };
}

/** A preset's config: the seed and the fan axes (Keras 3.15 writes only these). */
function presetConfig(config: InitializerConfig): InitializerConfig {
  return { seed: config.seed, input_axes: config.input_axes, output_axes: config.output_axes };
}

/** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fan_in + fan_out)). */
export class GlorotUniform extends VarianceScaling {
  constructor(options: PresetOptions = {}) {
    super(presetOptions("GlorotUniform", options, 1, "fan_avg", "uniform"));
  }
  override getConfig(): InitializerConfig {
    return presetConfig(super.getConfig());
  }
}

/** Glorot normal: truncated normal, stddev sqrt(2 / (fan_in + fan_out)). */
export class GlorotNormal extends VarianceScaling {
  constructor(options: PresetOptions = {}) {
    super(presetOptions("GlorotNormal", options, 1, "fan_avg", "truncated_normal"));
  }
  override getConfig(): InitializerConfig {
    return presetConfig(super.getConfig());
  }
}

/** He uniform: U(-l, l) with l = sqrt(6 / fan_in). */
export class HeUniform extends VarianceScaling {
  constructor(options: PresetOptions = {}) {
    super(presetOptions("HeUniform", options, 2, "fan_in", "uniform"));
  }
  override getConfig(): InitializerConfig {
    return presetConfig(super.getConfig());
  }
}

/** He normal: truncated normal, stddev sqrt(2 / fan_in). */
export class HeNormal extends VarianceScaling {
  constructor(options: PresetOptions = {}) {
    super(presetOptions("HeNormal", options, 2, "fan_in", "truncated_normal"));
  }
  override getConfig(): InitializerConfig {
    return presetConfig(super.getConfig());
  }
}

/** Lecun uniform: U(-l, l) with l = sqrt(3 / fan_in). */
export class LecunUniform extends VarianceScaling {
  constructor(options: PresetOptions = {}) {
    super(presetOptions("LecunUniform", options, 1, "fan_in", "uniform"));
  }
  override getConfig(): InitializerConfig {
    return presetConfig(super.getConfig());
  }
}

/** Lecun normal: truncated normal, stddev sqrt(1 / fan_in). */
export class LecunNormal extends VarianceScaling {
  constructor(options: PresetOptions = {}) {
    super(presetOptions("LecunNormal", options, 1, "fan_in", "truncated_normal"));
  }
  override getConfig(): InitializerConfig {
    return presetConfig(super.getConfig());
  }
}
