/**
 * `keras.layers.RandomFlip(mode = "horizontal_and_vertical", { seed, dataFormat })`:
 * in training, flips each image of a batch with probability 1/2 (one draw
 * per image, used for both directions in "horizontal_and_vertical", as
 * Keras does). As in Keras, `training` defaults to true when the layer is
 * called directly; inside a model in inference it is the identity. Outputs
 * are in the compute dtype.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { cast } from "../../ops/core/cast.js";
import { lessEqual } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { flip } from "../../ops/shape/slicing.js";
import { SeedGenerator, uniform } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { spatialImageAxes } from "./image-resize.js";

const MODES = ["horizontal", "vertical", "horizontal_and_vertical"];

export interface RandomFlipOptions extends LayerOptions {
  seed?: number | null;
  dataFormat?: string | null;
}

export class RandomFlip extends Layer {
  declare mode: string;
  declare seed: number | null;
  declare dataFormat: ImageDataFormat;
  declare generator: SeedGenerator;

  constructor(mode: string | RandomFlipOptions = "horizontal_and_vertical", options: RandomFlipOptions = {}) {
    if (typeof mode === "object" && mode !== null) {
      options = mode;
      mode = "horizontal_and_vertical";
    }
    const { seed = null, dataFormat, mode: modeOption, ...base } = options as RandomFlipOptions & { mode?: string };
    super(base);
    const m = modeOption ?? mode;
    if (!MODES.includes(m)) {
      throw new ValueError(`RandomFlip layer ${this.name} received an unknown mode argument ${pyRepr(m)}. Expected one of ${MODES.map((x) => `'${x}'`).join(", ")}.`);
    }
    this.mode = m;
    this.seed = seed;
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.generator = new SeedGenerator(seed);
  }

  override call(inputs: Tensor, { training = true }: { training?: boolean | null } = {}): Tensor {
    const x = cast(inputs, this.computeDtype);
    if (!training) return x;
    if (x.rank !== 3 && x.rank !== 4) {
      throw new ValueError(`RandomFlip: expected an image batch of rank 4 or a single image of rank 3. Received inputs.shape=[${x.shape}]`);
    }
    const drawShape = x.rank === 3 ? [1, 1, 1] : [x.shape[0], 1, 1, 1];
    const flips = lessEqual(uniform(drawShape, { seed: this.generator }), 0.5);
    const [vertical, horizontal] = spatialImageAxes(x.rank, this.dataFormat);
    let out = x;
    if (this.mode !== "vertical") out = where(flips, flip(out, horizontal), out);
    if (this.mode !== "horizontal") out = where(flips, flip(out, vertical), out);
    return out;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), seed: this.seed, mode: this.mode, data_format: this.dataFormat };
  }

  static override fromConfig(config: Record<string, any>): RandomFlip {
    const { mode, ...options } = layerOptionsFromConfig(config);
    return new RandomFlip(mode ?? "horizontal_and_vertical", options);
  }
}

registerBuiltin("keras.layers", "RandomFlip", RandomFlip);
