/**
 * `keras.layers.RMSNormalization(axis = -1, epsilon = 1e-6)`: root-mean-square
 * normalization (Zhang & Sennrich, 2019), y = x * rsqrt(mean(x^2) + epsilon)
 * * scale, with no centring. `scale` (ones) has the shape of the normalized
 * axes; after build `axis` is a sorted list, as in Keras's config.
 */
import { TypeError_, ValueError } from "../../engine/errors.js";
import { normalizeAxes } from "../../engine/shape.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { cast } from "../../ops/core/cast.js";
import { reshape } from "../../ops/shape/reshape.js";
import { rmsNormalization } from "../../ops/nn/normalization.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";

export interface RMSNormalizationOptions extends LayerOptions {
  axis?: number | number[];
  epsilon?: number;
}

export class RMSNormalization extends Layer {
  declare axis: number | number[];
  declare epsilon: number;
  declare scale: Variable | null;

  constructor(options: RMSNormalizationOptions = {}) {
    const { axis = -1, epsilon = 1e-6, ...base } = options;
    super(base);
    const ok = Number.isInteger(axis) || (Array.isArray(axis) && axis.every((a) => Number.isInteger(a)));
    if (!ok) throw new TypeError_(`RMSNormalization: \`axis\` must be an integer or a list of integers. Received: axis=${pyRepr(axis)}`);
    if (typeof epsilon !== "number" || !(epsilon >= 0)) throw new ValueError(`RMSNormalization: \`epsilon\` must be a non-negative number. Received: epsilon=${pyRepr(epsilon)}`);
    this.axis = Array.isArray(axis) ? axis.slice() : axis;
    this.epsilon = epsilon;
    this.scale = null;
  }

  private checkAxes(inputShape: readonly (number | null)[]): void {
    for (const a of Array.isArray(this.axis) ? this.axis : [this.axis]) {
      if (a >= inputShape.length || a < -inputShape.length) {
        throw new ValueError(`Axis ${a} is out of bounds for input shape ${pyShape(inputShape)}. Received: axis=${pyRepr(this.axis)}`);
      }
    }
  }

  override build(inputShape: (number | null)[]): void {
    this.checkAxes(inputShape);
    const axes = Array.isArray(this.axis) ? [...this.axis].sort((a, b) => a - b) : [this.axis];
    normalizeAxes(axes, inputShape.length, `RMSNormalization '${this.name}'`); // rejects repeated axes
    const shape = axes.map((a) => inputShape[a < 0 ? a + inputShape.length : a]);
    if (shape.some((d) => d === null || d === undefined)) {
      throw new ValueError(`RMSNormalization '${this.name}': the normalized axes ${pyRepr(axes)} must have defined dimensions. Received input shape ${pyShape(inputShape)}`);
    }
    this.axis = axes;
    this.scale = this.addWeight({ name: "scale", shape: shape as number[], initializer: "ones" });
  }

  override call(inputs: Tensor): Tensor {
    const axes = normalizeAxes(this.axis, inputs.rank, `RMSNormalization '${this.name}'`);
    // scale is laid along the normalized axes, size 1 elsewhere.
    const broadcastShape = inputs.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const scale = reshape(cast(this.scale!.value, inputs.dtype), broadcastShape);
    return rmsNormalization(inputs, { scale, axis: axes, epsilon: this.epsilon });
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    this.checkAxes(inputShape);
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? this.axis.slice() : this.axis, epsilon: this.epsilon };
  }

  static override fromConfig(config: Record<string, any>): RMSNormalization {
    return new RMSNormalization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RMSNormalization", RMSNormalization);
