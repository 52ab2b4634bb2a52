/**
 * `keras.layers.Dropout(rate)`: in training, zeroes each entry with
 * probability `rate` and scales the rest by 1 / (1 - rate) (inverted dropout,
 * so inference is the identity). The layer owns a SeedGenerator: successive
 * calls draw different masks, and `keras.utils.setRandomSeed` makes a program
 * reproduce them.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { SeedGenerator, dropout } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface DropoutOptions extends LayerOptions {
  /** Shape of the keep mask, broadcast against the input (null entries take the input's size). */
  noiseShape?: readonly (number | null)[] | null;
  seed?: number | null;
}

/** Keras's `_validate_noise_shape`. */
function validateNoiseShape(noiseShape: unknown): (number | null)[] | null {
  if (noiseShape === null || noiseShape === undefined) return null;
  if (typeof noiseShape === "string") {
    throw new ValueError(
      `Invalid value received for argument \`noise_shape\`. Expected a tuple or list of integers. Received: noise_shape=${noiseShape}`,
    );
  }
  if (!Array.isArray(noiseShape)) {
    throw new ValueError(
      "Invalid value received for argument `noise_shape`. Expected an iterable of integers (e.g., a tuple or list). " +
        `Received: noise_shape=${pyRepr(noiseShape)}`,
    );
  }
  noiseShape.forEach((dim, i) => {
    if (dim === null) return;
    if (typeof dim !== "number" || !Number.isInteger(dim)) {
      throw new ValueError(
        "Invalid value received for argument `noise_shape`. Expected all elements to be integers or None. " +
          `Received element at index ${i}: ${pyRepr(dim)} (type: ${typeof dim})`,
      );
    }
    if (dim <= 0) {
      throw new ValueError(
        "Invalid value received for argument `noise_shape`. Expected all dimensions to be positive integers or None. " +
          `Received negative or zero value at index ${i}: ${dim}`,
      );
    }
  });
  return noiseShape.slice();
}

export class Dropout extends Layer {
  declare rate: number;
  declare seed: number | null;
  declare noiseShape: (number | null)[] | null;
  declare seedGenerator?: SeedGenerator;

  constructor(rate: number, options: DropoutOptions = {}) {
    const { noiseShape, seed, ...base } = options;
    super(base);
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${pyRepr(rate)}`);
    }
    this.rate = rate;
    this.seed = seed ?? null;
    this.noiseShape = validateNoiseShape(noiseShape);
    // Without dropping anything there is nothing to draw: no generator (as in Keras).
    if (rate > 0) this.seedGenerator = new SeedGenerator(this.seed);
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor, { training = false }: { training?: boolean | null } = {}): Tensor {
    if (training && this.rate > 0) {
      return dropout(inputs, this.rate, { noiseShape: this.noiseShape, seed: this.seedGenerator! });
    }
    return inputs;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noise_shape: this.noiseShape ? this.noiseShape.slice() : null };
  }

  static override fromConfig(config: Record<string, any>): Dropout {
    const { rate, ...options } = layerOptionsFromConfig(config);
    return new Dropout(rate, options);
  }
}

registerBuiltin("keras.layers", "Dropout", Dropout);
