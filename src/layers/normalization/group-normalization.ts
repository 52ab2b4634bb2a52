/**
 * `keras.layers.GroupNormalization(groups = 32)`: splits the channels of
 * `axis` into `groups` groups and normalizes each sample over each group
 * (that group's channels and every other non-batch axis), then applies the
 * per-channel gamma and beta. groups = channels is InstanceNormalization,
 * groups = 1 is LayerNormalization over all non-batch axes; groups = -1 means
 * one group per channel (resolved at build).
 */
import { ValueError } from "../../engine/errors.js";
import { normalizeAxis } from "../../engine/shape.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { cast } from "../../ops/core/cast.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { negative, rsqrt } from "../../ops/math/unary.js";
import { reshape } from "../../ops/shape/reshape.js";
import { moments } from "../../ops/nn/normalization.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";
import { checkAxesInRange } from "./layer-normalization.js";

export interface GroupNormalizationOptions extends LayerOptions {
  groups?: number;
  axis?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: unknown;
  gammaInitializer?: unknown;
  betaRegularizer?: unknown;
  gammaRegularizer?: unknown;
  betaConstraint?: unknown;
  gammaConstraint?: unknown;
}

export class GroupNormalization extends Layer {
  declare groups: number;
  declare axis: number;
  declare epsilon: number;
  declare center: boolean;
  declare scale: boolean;
  declare betaInitializer: any;
  declare gammaInitializer: any;
  declare betaRegularizer: any;
  declare gammaRegularizer: any;
  declare betaConstraint: any;
  declare gammaConstraint: any;
  declare gamma: Variable | null;
  declare beta: Variable | null;

  constructor(options: GroupNormalizationOptions = {}) {
    const {
      groups = 32, axis = -1, epsilon = 1e-3, center = true, scale = true,
      betaInitializer = "zeros", gammaInitializer = "ones", betaRegularizer = null, gammaRegularizer = null,
      betaConstraint = null, gammaConstraint = null, ...base
    } = options;
    super(base);
    if (!Number.isInteger(groups) || (groups < 1 && groups !== -1)) {
      throw new ValueError(`GroupNormalization: \`groups\` must be a positive integer or -1. Received: groups=${pyRepr(groups)}`);
    }
    if (!Number.isInteger(axis)) throw new ValueError(`GroupNormalization: \`axis\` must be an integer. Received: axis=${pyRepr(axis)}`);
    this.groups = groups;
    this.axis = axis;
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
    this.betaInitializer = initializers.get(betaInitializer as never);
    this.gammaInitializer = initializers.get(gammaInitializer as never);
    this.betaRegularizer = regularizers.get(betaRegularizer as never) ?? null;
    this.gammaRegularizer = regularizers.get(gammaRegularizer as never) ?? null;
    this.betaConstraint = constraints.get(betaConstraint as never) ?? null;
    this.gammaConstraint = constraints.get(gammaConstraint as never) ?? null;
    this.gamma = null;
    this.beta = null;
    this.supportsMasking = true;
  }

  override build(inputShape: (number | null)[]): void {
    checkAxesInRange(this.axis, inputShape);
    const dim = inputShape[normalizeAxis(this.axis, inputShape.length, `GroupNormalization '${this.name}'`)];
    if (dim === null || dim === undefined) {
      throw new ValueError(`Axis ${this.axis} of input tensor should have a defined dimension but the layer received an input with shape ${pyShape(inputShape)}.`);
    }
    if (this.groups === -1) this.groups = dim;
    if (dim < this.groups) throw new ValueError(`Number of groups (${this.groups}) cannot be more than the number of channels (${dim}).`);
    if (dim % this.groups !== 0) throw new ValueError(`Number of groups (${this.groups}) must be a multiple of the number of channels (${dim}).`);
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes: { [this.axis]: dim } });
    if (this.scale) {
      this.gamma = this.addWeight({
        name: "gamma", shape: [dim], initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint,
      });
    }
    if (this.center) {
      this.beta = this.addWeight({
        name: "beta", shape: [dim], initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint,
      });
    }
  }

  override call(inputs: Tensor): Tensor {
    const shape = inputs.shape;
    const axis = normalizeAxis(this.axis, shape.length, `GroupNormalization '${this.name}'`);
    const perGroup = shape[axis] / this.groups;
    // (..., C, ...) -> (..., groups, C / groups, ...): statistics over everything but batch and group.
    const grouped = [...shape.slice(0, axis), this.groups, perGroup, ...shape.slice(axis + 1)];
    const x = reshape(inputs, grouped);
    const reductionAxes = grouped.map((_, i) => i).filter((i) => i !== 0 && i !== axis);
    const [mean, variance] = moments(x, reductionAxes, true);
    const paramShape = grouped.map((d, i) => (i === axis || i === axis + 1 ? d : 1));
    let inv = rsqrt(add(variance, this.epsilon));
    if (this.gamma) inv = multiply(inv, reshape(cast(this.gamma.value, x.dtype), paramShape));
    let shift = negative(multiply(mean, inv));
    if (this.beta) shift = add(shift, reshape(cast(this.beta.value, x.dtype), paramShape));
    return reshape(add(multiply(x, inv), shift), shape);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    checkAxesInRange(this.axis, inputShape);
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      groups: this.groups,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      beta_regularizer: this.betaRegularizer ? regularizers.serialize(this.betaRegularizer) : null,
      gamma_regularizer: this.gammaRegularizer ? regularizers.serialize(this.gammaRegularizer) : null,
      beta_constraint: this.betaConstraint ? constraints.serialize(this.betaConstraint) : null,
      gamma_constraint: this.gammaConstraint ? constraints.serialize(this.gammaConstraint) : null,
    };
  }

  static override fromConfig(config: Record<string, any>): GroupNormalization {
    return new GroupNormalization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "GroupNormalization", GroupNormalization);
