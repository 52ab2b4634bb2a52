/**
 * `keras.layers.GaussianDropout(rate)`: in training, multiplies the input by
 * 1-centred Gaussian noise of standard deviation sqrt(rate / (1 - rate)) (the
 * variance Dropout(rate) would introduce); inference is the identity.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { SeedGenerator, normal } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface GaussianDropoutOptions extends LayerOptions {
  seed?: number | null;
}

export class GaussianDropout extends Layer {
  declare rate: number;
  declare seed: number | null;
  declare seedGenerator?: SeedGenerator;

  constructor(rate: number, options: GaussianDropoutOptions = {}) {
    const { seed = null, ...base } = options;
    super(base);
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${pyRepr(rate)}`);
    }
    this.rate = rate;
    this.seed = seed;
    if (rate > 0) this.seedGenerator = new SeedGenerator(seed, { name: "seed_generator" });
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor, { training = false }: { training?: boolean | null } = {}): Tensor {
    if (training && this.rate > 0) {
      if (this.rate === 1) {
        throw new ValueError(`GaussianDropout '${this.name}': rate=1 gives noise of infinite standard deviation; use a rate below 1.`);
      }
      const stddev = Math.sqrt(this.rate / (1 - this.rate));
      const noise = normal(inputs.shape, { mean: 1, stddev, dtype: this.computeDtype, seed: this.seedGenerator! });
      return multiply(inputs, noise);
    }
    return inputs;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): GaussianDropout {
    const { rate, ...options } = layerOptionsFromConfig(config);
    return new GaussianDropout(rate, options);
  }
}

registerBuiltin("keras.layers", "GaussianDropout", GaussianDropout);
