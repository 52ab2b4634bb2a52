/**
 * `keras.layers.AlphaDropout(rate)`: dropout for SELU networks. In training,
 * dropped entries are set to SELU's negative saturation value
 * alpha' = -scale * alpha (not 0), then an affine map a * x + b restores the
 * input's mean and variance (Klambauer et al., 2017). Inference is the identity.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { greaterEqual } from "../../ops/math/comparison.js";
import { SeedGenerator, uniform } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";

export interface AlphaDropoutOptions extends LayerOptions {
  /** Shape of the keep mask, broadcast against the input (null entries take the input's size). */
  noiseShape?: (number | null)[] | null;
  seed?: number | null;
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

export class AlphaDropout extends Layer {
  declare rate: number;
  declare seed: number | null;
  declare noiseShape: (number | null)[] | null;
  declare seedGenerator?: SeedGenerator;

  constructor(rate: number, options: AlphaDropoutOptions = {}) {
    const { noiseShape = null, seed = null, ...base } = options;
    super(base);
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${pyRepr(rate)}`);
    }
    if (noiseShape !== null && (!Array.isArray(noiseShape) || !noiseShape.every((d) => d === null || (Number.isInteger(d) && d > 0)))) {
      throw new ValueError(`AlphaDropout: \`noise_shape\` must be a list of positive integers or None. Received: noise_shape=${pyRepr(noiseShape)}`);
    }
    this.rate = rate;
    this.seed = seed;
    this.noiseShape = noiseShape ? noiseShape.slice() : null;
    if (rate > 0) this.seedGenerator = new SeedGenerator(seed);
    this.supportsMasking = true;
    this.buildAtInit();
  }

  /** The mask shape for this input: noiseShape with null entries filled from the input. */
  private concreteNoiseShape(shape: readonly number[]): number[] {
    if (!this.noiseShape) return shape.slice();
    if (this.noiseShape.length !== shape.length) {
      throw new ValueError(
        `AlphaDropout '${this.name}': \`noise_shape\` ${pyRepr(this.noiseShape)} must have the rank of the inputs, received inputs of shape ${pyShape(shape)}.`,
      );
    }
    return this.noiseShape.map((d, i) => (d === null ? shape[i] : d));
  }

  override call(inputs: Tensor, { training = false }: { training?: boolean | null } = {}): Tensor {
    if (!(training && this.rate > 0)) return inputs;
    const alphaP = -SELU_ALPHA * SELU_SCALE;
    const draws = uniform(this.concreteNoiseShape(inputs.shape), { seed: this.seedGenerator! });
    const kept = cast(greaterEqual(draws, this.rate), inputs.dtype);
    // Affine correction so that mean and variance are preserved.
    const a = ((1 - this.rate) * (1 + this.rate * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * this.rate;
    const x = add(multiply(inputs, kept), multiply(subtract(1, kept), alphaP));
    return add(multiply(x, a), b);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noise_shape: this.noiseShape ? this.noiseShape.slice() : null };
  }

  static override fromConfig(config: Record<string, any>): AlphaDropout {
    const { rate, ...options } = layerOptionsFromConfig(config);
    return new AlphaDropout(rate, options);
  }
}

registerBuiltin("keras.layers", "AlphaDropout", AlphaDropout);
