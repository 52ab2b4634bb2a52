/**
 * `keras.layers.LayerNormalization`: normalizes each sample over `axis` (an
 * integer or a list of axes; default the last):
 *
 *   y = (x - mean) / sqrt(variance + epsilon) * gamma + beta
 *
 * With `rmsScaling: true` (Keras 3.15.1 semantics) the mean is not subtracted
 * but the variance is still the centred one: y = x * rsqrt(var(x) + epsilon)
 * * gamma; beta is not created and `center` / `scale` are ignored. gamma and
 * beta have the shape of the normalized axes, in the order `axis` lists them.
 * After build, `axis` is always a list (as in Keras's config).
 */
import { TypeError_, ValueError } from "../../engine/errors.js";
import { normalizeAxes } from "../../engine/shape.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { cast } from "../../ops/core/cast.js";
import { reshape } from "../../ops/shape/reshape.js";
import { layerNormalization } from "../../ops/nn/normalization.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";

export interface LayerNormalizationOptions extends LayerOptions {
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  rmsScaling?: boolean;
  betaInitializer?: unknown;
  gammaInitializer?: unknown;
  betaRegularizer?: unknown;
  gammaRegularizer?: unknown;
  betaConstraint?: unknown;
  gammaConstraint?: unknown;
}

/** Checks that every entry of `axis` is an axis of a tensor of this rank (Keras's compute_output_shape check). */
export function checkAxesInRange(axis: number | number[], inputShape: readonly (number | null)[]): void {
  for (const a of Array.isArray(axis) ? axis : [axis]) {
    if (a >= inputShape.length || a < -inputShape.length) {
      throw new ValueError(
        `Axis ${a} is out of bounds for input shape ${pyShape(inputShape)}. Ensure axis is within the range of input dimensions.`,
      );
    }
  }
}

export class LayerNormalization extends Layer {
  declare axis: number | number[];
  declare epsilon: number;
  declare center: boolean;
  declare scale: boolean;
  declare rmsScaling: boolean;
  declare betaInitializer: any;
  declare gammaInitializer: any;
  declare betaRegularizer: any;
  declare gammaRegularizer: any;
  declare betaConstraint: any;
  declare gammaConstraint: any;
  declare gamma: Variable | null;
  declare beta: Variable | null;

  constructor(options: LayerNormalizationOptions = {}) {
    const {
      axis = -1, epsilon = 1e-3, center = true, scale = true, rmsScaling = false,
      betaInitializer = "zeros", gammaInitializer = "ones", betaRegularizer = null, gammaRegularizer = null,
      betaConstraint = null, gammaConstraint = null, ...base
    } = options;
    super(base);
    if (Array.isArray(axis)) {
      if (!axis.every((a) => Number.isInteger(a))) throw new TypeError_(`Expected an int or a list/tuple of ints for the argument 'axis', but received: ${pyRepr(axis)}`);
      this.axis = axis.slice();
    } else if (Number.isInteger(axis)) {
      this.axis = axis;
    } else {
      throw new TypeError_(`Expected an int or a list/tuple of ints for the argument 'axis', but received: ${pyRepr(axis)}`);
    }
    if (typeof epsilon !== "number" || !(epsilon >= 0)) throw new ValueError(`LayerNormalization: \`epsilon\` must be a non-negative number. Received: epsilon=${pyRepr(epsilon)}`);
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
    this.rmsScaling = rmsScaling;
    this.betaInitializer = initializers.get(betaInitializer as never);
    this.gammaInitializer = initializers.get(gammaInitializer as never);
    this.betaRegularizer = regularizers.get(betaRegularizer as never) ?? null;
    this.gammaRegularizer = regularizers.get(gammaRegularizer as never) ?? null;
    this.betaConstraint = constraints.get(betaConstraint as never) ?? null;
    this.gammaConstraint = constraints.get(gammaConstraint as never) ?? null;
    this.gamma = null;
    this.beta = null;
    this.supportsMasking = true;
    // Keras computes in the layer's compute dtype itself (it casts in call).
    this.autocast = false;
  }

  override build(inputShape: (number | null)[]): void {
    const axes = Array.isArray(this.axis) ? this.axis : [this.axis];
    checkAxesInRange(axes, inputShape);
    normalizeAxes(axes, inputShape.length, `LayerNormalization '${this.name}'`); // rejects repeated axes
    const shape = axes.map((a) => inputShape[a < 0 ? a + inputShape.length : a]);
    if (shape.some((d) => d === null || d === undefined)) {
      throw new ValueError(`LayerNormalization '${this.name}': the normalized axes ${pyRepr(axes)} must have defined dimensions. Received input shape ${pyShape(inputShape)}`);
    }
    this.axis = axes.slice();
    if (this.scale || this.rmsScaling) {
      this.gamma = this.addWeight({
        name: "gamma", shape: shape as number[], initializer: this.gammaInitializer, regularizer: this.gammaRegularizer,
        constraint: this.gammaConstraint, trainable: true, autocast: false,
      });
    }
    if (this.center && !this.rmsScaling) {
      this.beta = this.addWeight({
        name: "beta", shape: shape as number[], initializer: this.betaInitializer, regularizer: this.betaRegularizer,
        constraint: this.betaConstraint, trainable: true, autocast: false,
      });
    }
  }

  override call(inputs: Tensor): Tensor {
    const x = cast(inputs, this.computeDtype);
    const axes = Array.isArray(this.axis) ? this.axis : [this.axis];
    // Parameters are laid along the normalized axes (Keras reshapes them, it does not transpose).
    const broadcastShape = x.shape.map(() => 1);
    for (const a of axes) broadcastShape[a < 0 ? a + x.rank : a] = x.shape[a < 0 ? a + x.rank : a];
    const param = (v: Variable | null) => (v ? reshape(cast(v.value, x.dtype), broadcastShape) : null);
    return layerNormalization(x, {
      gamma: param(this.gamma),
      beta: param(this.beta),
      axis: axes,
      epsilon: this.epsilon,
      rmsScaling: this.rmsScaling,
    });
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    checkAxesInRange(this.axis, inputShape);
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      axis: Array.isArray(this.axis) ? this.axis.slice() : this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      rms_scaling: this.rmsScaling,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      beta_regularizer: this.betaRegularizer ? regularizers.serialize(this.betaRegularizer) : null,
      gamma_regularizer: this.gammaRegularizer ? regularizers.serialize(this.gammaRegularizer) : null,
      beta_constraint: this.betaConstraint ? constraints.serialize(this.betaConstraint) : null,
      gamma_constraint: this.gammaConstraint ? constraints.serialize(this.gammaConstraint) : null,
    };
  }

  static override fromConfig(config: Record<string, any>): LayerNormalization {
    return new LayerNormalization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "LayerNormalization", LayerNormalization);
