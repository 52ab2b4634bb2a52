/**
 * `keras.layers.BatchNormalization`: normalizes each channel (the entries of
 * `axis`) with batch statistics in training and with moving statistics in
 * inference:
 *
 *   y = (x - mean) / sqrt(variance + epsilon) * gamma + beta
 *
 * In training (`training: true` and `layer.trainable`) mean and variance are
 * the batch's (biased variance, over every axis but `axis`, masked entries
 * left out when a mask is given), and the moving statistics are updated with
 * Keras 3's rule moving = moving * momentum + batch * (1 - momentum). In
 * inference, or when the layer is frozen (`trainable = false`), the moving
 * statistics are used. Weights, in Keras's order: gamma, beta (trainable, when
 * `scale` / `center`), moving_mean, moving_variance (non-trainable).
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import { isFloat } from "../../engine/dtype.js";
import { normalizeAxes } from "../../engine/shape.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { epsilon as configEpsilon } from "../../config/settings.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { cast, stopGradient } from "../../ops/core/cast.js";
import { add, divide, multiply, subtract } from "../../ops/math/arithmetic.js";
import { negative, rsqrt, square } from "../../ops/math/unary.js";
import { sum } from "../../ops/reduction/sum.js";
import { reshape } from "../../ops/shape/reshape.js";
import { expandDims } from "../../ops/shape/dims.js";
import { moments } from "../../ops/nn/normalization.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";

export interface BatchNormalizationOptions extends LayerOptions {
  /** The channel axis (or axes) that keep their own statistics. */
  axis?: number | number[];
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: unknown;
  gammaInitializer?: unknown;
  movingMeanInitializer?: unknown;
  movingVarianceInitializer?: unknown;
  betaRegularizer?: unknown;
  gammaRegularizer?: unknown;
  betaConstraint?: unknown;
  gammaConstraint?: unknown;
  /** Cross-replica statistics; keras-ts runs on one device, so this has no effect. */
  synchronized?: boolean;
  /** Batch renormalization: accepted for config compatibility, `true` is not supported yet. */
  renorm?: boolean;
  renormClipping?: Record<string, number> | null;
  renormMomentum?: number;
}

const RENORM_CLIPPING_KEYS = ["rmax", "rmin", "dmax"];

export class BatchNormalization extends Layer {
  declare axis: number | number[];
  declare momentum: number;
  declare epsilon: number;
  declare center: boolean;
  declare scale: boolean;
  declare betaInitializer: any;
  declare gammaInitializer: any;
  declare movingMeanInitializer: any;
  declare movingVarianceInitializer: any;
  declare betaRegularizer: any;
  declare gammaRegularizer: any;
  declare betaConstraint: any;
  declare gammaConstraint: any;
  declare synchronized: boolean;
  declare renorm: boolean;
  declare renormClipping: Record<string, number> | null;
  declare renormMomentum: number;
  declare gamma: Variable | null;
  declare beta: Variable | null;
  declare movingMean: Variable | null;
  declare movingVariance: Variable | null;
  /** Non-negative channel axes and the axes statistics are taken over (set by build). */
  declare _channelAxes: number[];
  declare _reductionAxes: number[];

  constructor(options: BatchNormalizationOptions = {}) {
    const {
      axis = -1, momentum = 0.99, epsilon = 1e-3, center = true, scale = true,
      betaInitializer = "zeros", gammaInitializer = "ones", movingMeanInitializer = "zeros", movingVarianceInitializer = "ones",
      betaRegularizer = null, gammaRegularizer = null, betaConstraint = null, gammaConstraint = null,
      synchronized = false, renorm = false, renormClipping = null, renormMomentum = 0.99, ...base
    } = options;
    super(base);
    const axisOk = Number.isInteger(axis) || (Array.isArray(axis) && axis.length > 0 && axis.every((a) => Number.isInteger(a)));
    if (!axisOk) throw new ValueError(`BatchNormalization: \`axis\` must be an integer or a list of integers. Received: axis=${pyRepr(axis)}`);
    for (const [argName, v] of [["momentum", momentum], ["epsilon", epsilon], ["renorm_momentum", renormMomentum]] as const) {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`BatchNormalization: \`${argName}\` must be a number. Received: ${argName}=${pyRepr(v)}`);
    }
    if (renormClipping !== null) {
      const bad = Object.keys(renormClipping).filter((k) => !RENORM_CLIPPING_KEYS.includes(k));
      if (bad.length) {
        throw new ValueError(`Received invalid keys for \`renorm_clipping\` argument: ${pyRepr(renormClipping)}. Supported values: ${pyRepr(RENORM_CLIPPING_KEYS)}.`);
      }
    }
    if (renorm) throw new NotImplementedError("BatchNormalization: renorm=True (batch renormalization) is not supported yet by keras-ts.");
    this.axis = Array.isArray(axis) ? axis.slice() : axis;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
    this.betaInitializer = initializers.get(betaInitializer as never);
    this.gammaInitializer = initializers.get(gammaInitializer as never);
    this.movingMeanInitializer = initializers.get(movingMeanInitializer as never);
    this.movingVarianceInitializer = initializers.get(movingVarianceInitializer as never);
    this.betaRegularizer = regularizers.get(betaRegularizer as never) ?? null;
    this.gammaRegularizer = regularizers.get(gammaRegularizer as never) ?? null;
    this.betaConstraint = constraints.get(betaConstraint as never) ?? null;
    this.gammaConstraint = constraints.get(gammaConstraint as never) ?? null;
    this.synchronized = synchronized;
    this.renorm = renorm;
    this.renormClipping = renormClipping ? { ...renormClipping } : null;
    this.renormMomentum = renormMomentum;
    this.gamma = null;
    this.beta = null;
    this.movingMean = null;
    this.movingVariance = null;
    this._channelAxes = [];
    this._reductionAxes = [];
    this.supportsMasking = true;
  }

  override build(inputShape: (number | null)[]): void {
    const rank = inputShape.length;
    const channelAxes = normalizeAxes(this.axis, rank, `BatchNormalization '${this.name}'`);
    const paramShape = channelAxes.map((a) => inputShape[a]);
    if (paramShape.some((d) => d === null || d === undefined)) {
      throw new ValueError(
        `BatchNormalization '${this.name}': axis ${pyRepr(this.axis)} of the input must have a defined dimension. Received input shape ${pyShape(inputShape)}`,
      );
    }
    const shape = paramShape as number[];
    if (this.scale) {
      this.gamma = this.addWeight({
        name: "gamma", shape, initializer: this.gammaInitializer, regularizer: this.gammaRegularizer,
        constraint: this.gammaConstraint, trainable: true, autocast: false,
      });
    }
    if (this.center) {
      this.beta = this.addWeight({
        name: "beta", shape, initializer: this.betaInitializer, regularizer: this.betaRegularizer,
        constraint: this.betaConstraint, trainable: true, autocast: false,
      });
    }
    this.movingMean = this.addWeight({ name: "moving_mean", shape, initializer: this.movingMeanInitializer, trainable: false, autocast: false });
    this.movingVariance = this.addWeight({ name: "moving_variance", shape, initializer: this.movingVarianceInitializer, trainable: false, autocast: false });
    // Keyed by the axes as given (Keras's wording: "expected axis -1 of input shape ...").
    const givenAxes = Array.isArray(this.axis) ? this.axis : [this.axis];
    this.inputSpec = new InputSpec({ ndim: rank, axes: Object.fromEntries(givenAxes.map((a) => [a, inputShape[a < 0 ? a + rank : a]])) });
    this._channelAxes = channelAxes;
    this._reductionAxes = inputShape.map((_, i) => i).filter((i) => !channelAxes.includes(i));
  }

  override call(inputs: Tensor, { training = false, mask = null }: { training?: boolean | null; mask?: Tensor | null } = {}): Tensor {
    if (mask !== null && mask !== undefined && mask.rank !== inputs.rank - 1) {
      throw new ValueError(
        `The mask provided should be one dimension less than the inputs. Received: mask.shape=${pyShape(mask.shape)}, inputs.shape=${pyShape(inputs.shape)}`,
      );
    }
    const x = isFloat(inputs.dtype) ? inputs : cast(inputs, this.computeDtype);
    // Statistics and parameters are laid along the channel axes, size 1 elsewhere.
    const broadcastShape = x.shape.map((d, i) => (this._channelAxes.includes(i) ? d : 1));
    const paramShape = this.movingMean!.shape;
    const param = (v: Variable): Tensor => reshape(cast(v.value, x.dtype), broadcastShape);

    let mean: Tensor;
    let variance: Tensor;
    if (training && this.trainable) {
      [mean, variance] = this.batchMoments(x, mask ?? null);
      const updated = (moving: Variable, batch: Tensor) =>
        add(multiply(cast(moving.value, x.dtype), this.momentum), multiply(reshape(stopGradient(batch), paramShape), 1 - this.momentum));
      this.movingMean!.assign(cast(updated(this.movingMean!, mean), this.movingMean!.dtype));
      this.movingVariance!.assign(cast(updated(this.movingVariance!, variance), this.movingVariance!.dtype));
    } else {
      mean = param(this.movingMean!);
      variance = param(this.movingVariance!);
    }
    // x * inv + (beta - mean * inv), as ops.batchNormalization computes it.
    let inv = rsqrt(add(variance, this.epsilon));
    if (this.gamma) inv = multiply(inv, param(this.gamma));
    let shift = negative(multiply(mean, inv));
    if (this.beta) shift = add(shift, param(this.beta));
    return add(multiply(x, inv), shift);
  }

  /** Batch mean and biased variance over the reduction axes, kept as size-1 dims; masked entries weigh 0. */
  private batchMoments(x: Tensor, mask: Tensor | null): [Tensor, Tensor] {
    if (mask === null) return moments(x, this._reductionAxes, true);
    // Keras's weighted moments: the mask covers every axis but the last and is broadcast along it.
    const weights = expandDims(cast(mask, x.dtype), -1);
    const weighted = multiply(weights, x);
    const total = add(sum(weights, this._reductionAxes, true), configEpsilon());
    const mean = divide(sum(weighted, this._reductionAxes, true), total);
    const spread = sum(multiply(weights, square(subtract(weighted, mean))), this._reductionAxes, true);
    return [mean, divide(spread, total)];
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      axis: Array.isArray(this.axis) ? this.axis.slice() : this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      moving_mean_initializer: initializers.serialize(this.movingMeanInitializer),
      moving_variance_initializer: initializers.serialize(this.movingVarianceInitializer),
      beta_regularizer: this.betaRegularizer ? regularizers.serialize(this.betaRegularizer) : null,
      gamma_regularizer: this.gammaRegularizer ? regularizers.serialize(this.gammaRegularizer) : null,
      beta_constraint: this.betaConstraint ? constraints.serialize(this.betaConstraint) : null,
      gamma_constraint: this.gammaConstraint ? constraints.serialize(this.gammaConstraint) : null,
      synchronized: this.synchronized,
      renorm: this.renorm,
      renorm_clipping: this.renormClipping ? { ...this.renormClipping } : null,
      renorm_momentum: this.renormMomentum,
    };
  }

  static override fromConfig(config: Record<string, any>): BatchNormalization {
    return new BatchNormalization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "BatchNormalization", BatchNormalization);
