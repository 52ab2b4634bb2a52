/**
 * `keras.layers.GaussianNoise(stddev)`: in training, adds zero-centred Gaussian
 * noise of standard deviation `stddev` (Keras accepts 0 <= stddev <= 1);
 * inference is the identity.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { add } from "../../ops/math/arithmetic.js";
import { SeedGenerator, normal } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface GaussianNoiseOptions extends LayerOptions {
  seed?: number | null;
}

export class GaussianNoise extends Layer {
  declare stddev: number;
  declare seed: number | null;
  declare seedGenerator?: SeedGenerator;

  constructor(stddev: number, options: GaussianNoiseOptions = {}) {
    const { seed = null, ...base } = options;
    super(base);
    if (typeof stddev !== "number" || !(stddev >= 0 && stddev <= 1)) {
      throw new ValueError(`Invalid value received for argument \`stddev\`. Expected a float value between 0 and 1. Received: stddev=${pyRepr(stddev)}`);
    }
    this.stddev = stddev;
    this.seed = seed;
    if (stddev > 0) this.seedGenerator = new SeedGenerator(seed);
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor, { training = false }: { training?: boolean | null } = {}): Tensor {
    if (training && this.stddev > 0) {
      const noise = normal(inputs.shape, { mean: 0, stddev: this.stddev, dtype: this.computeDtype, seed: this.seedGenerator! });
      return add(inputs, noise);
    }
    return inputs;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): GaussianNoise {
    const { stddev, ...options } = layerOptionsFromConfig(config);
    return new GaussianNoise(stddev, options);
  }
}

registerBuiltin("keras.layers", "GaussianNoise", GaussianNoise);
