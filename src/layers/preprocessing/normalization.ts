/**
 * `keras.layers.Normalization({ axis = -1, mean = null, variance = null, invert = false })`:
 * shifts and scales inputs to zero mean and unit variance per index of the
 * kept `axis` (the other axes are reduced over):
 *
 *   y = (x - mean) / max(sqrt(variance), 1e-7)        (invert: x * max(...) + mean)
 *
 * Either the statistics are given (`mean` / `variance`: constants kept in the
 * config, no weights), or the layer creates non-trainable weights `mean`,
 * `variance` and `count` in build and `adapt(data)` computes them. `adapt`
 * takes a Tensor or nested arrays (one pass), or an iterable of batches
 * (statistics merged batch by batch with Keras's weighted update).
 */
import { ValueError } from "../../engine/errors.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { epsilon } from "../../config/settings.js";
import { broadcastTo } from "../../ops/shape/broadcast-to.js";
import { cast, convertToTensor } from "../../ops/core/cast.js";
import { add, divide, maximum, multiply, subtract } from "../../ops/math/arithmetic.js";
import { sqrt, square } from "../../ops/math/unary.js";
import { mean as reduceMean } from "../../ops/reduction/sum.js";
import { var as reduceVar } from "../../ops/reduction/statistics.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

type Shape = readonly (number | null)[];
type Stat = number | number[] | number[][] | Tensor | null;

export interface NormalizationOptions extends LayerOptions {
  /** The axis or axes that keep separate statistics (null: one mean and variance for everything). */
  axis?: number | readonly number[] | null;
  mean?: Stat;
  variance?: Stat;
  invert?: boolean;
}

/** Adapt data: a Tensor, nested arrays, or an iterable of batches (Tensors or nested arrays). */
export type AdaptData = Tensor | number[] | number[][] | number[][][] | Iterable<Tensor | number[] | number[][]>;

function statToJson(x: Stat): unknown {
  if (x === null) return null;
  if (isTensor(x)) return x.toArray();
  return x;
}

export class Normalization extends Layer {
  declare axis: number[];
  declare inputMean: Stat;
  declare inputVariance: Stat;
  declare invert: boolean;
  declare adaptMean: Variable | null;
  declare adaptVariance: Variable | null;
  declare count: Variable | null;
  declare _keepAxis: number[];
  declare _reduceAxis: number[];
  declare _broadcastShape: number[];
  declare _meanAndVarShape: number[];
  declare _buildInputShape: (number | null)[] | null;

  constructor(options: NormalizationOptions = {}) {
    const { axis = -1, mean = null, variance = null, invert = false, ...base } = options;
    super(base);
    if (axis === null) this.axis = [];
    else if (typeof axis === "number") this.axis = [axis];
    else if (Array.isArray(axis)) this.axis = [...axis];
    else throw new ValueError(`Normalization: \`axis\` must be an integer, a list of integers or null. Received: axis=${pyRepr(axis)}`);
    for (const a of this.axis) {
      if (!Number.isInteger(a)) throw new ValueError(`Normalization: \`axis\` values must be integers. Received: axis=${pyRepr(axis)}`);
    }
    if ((mean !== null) !== (variance !== null)) {
      throw new ValueError(
        `When setting values directly, both \`mean\` and \`variance\` must be set. Received: mean=${pyRepr(statToJson(mean))} and variance=${pyRepr(statToJson(variance))}`,
      );
    }
    this.inputMean = mean;
    this.inputVariance = variance;
    this.invert = Boolean(invert);
    this.supportsMasking = true;
    this.adaptMean = null;
    this.adaptVariance = null;
    this.count = null;
    this._buildInputShape = null;
  }

  override build(inputShape: Shape | null): void {
    if (inputShape === null || inputShape === undefined) return;
    const ndim = inputShape.length;
    if (this.axis.some((a) => a < -ndim || a >= ndim)) {
      throw new ValueError(
        `All \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${ndim}, while axis=${pyRepr(this.axis)}`,
      );
    }
    this._buildInputShape = inputShape.slice();
    this._keepAxis = [...new Set(this.axis.map((d) => (d >= 0 ? d : d + ndim)))].sort((a, b) => a - b);
    for (const d of this._keepAxis) {
      if (inputShape[d] === null || inputShape[d] === undefined) {
        throw new ValueError(
          `All \`axis\` values to be kept must have a known shape. Received axis=${pyRepr(this.axis)}, inputs.shape=${pyRepr(inputShape)}, with unknown axis at index ${d}`,
        );
      }
    }
    this._reduceAxis = [];
    for (let d = 0; d < ndim; d++) if (!this._keepAxis.includes(d)) this._reduceAxis.push(d);
    this._broadcastShape = inputShape.map((d, i) => (this._keepAxis.includes(i) ? (d as number) : 1));
    this._meanAndVarShape = this._keepAxis.map((d) => inputShape[d] as number);
    if (this.inputMean === null) {
      this.adaptMean = this.addWeight({ name: "mean", shape: this._meanAndVarShape, initializer: "zeros", trainable: false });
      this.adaptVariance = this.addWeight({ name: "variance", shape: this._meanAndVarShape, initializer: "ones", trainable: false });
      // Kept for compatibility with Keras's saved weights (Keras never updates it either).
      this.count = this.addWeight({ name: "count", shape: [], dtype: "int32", initializer: "zeros", trainable: false });
    }
  }

  /** The mean and variance in the broadcast shape and the compute dtype. */
  private statistics(): [Tensor, Tensor] {
    const dtype = this.computeDtype;
    if (this.inputMean !== null) {
      const m = broadcastTo(convertToTensor(this.inputMean as never, dtype), this._broadcastShape);
      const v = broadcastTo(convertToTensor(this.inputVariance as never, dtype), this._broadcastShape);
      return [m, v];
    }
    return [
      cast(reshape(this.adaptMean!.value, this._broadcastShape), dtype),
      cast(reshape(this.adaptVariance!.value, this._broadcastShape), dtype),
    ];
  }

  override call(inputs: Tensor): Tensor {
    if (!this._broadcastShape) throw new ValueError("You must call `.build(input_shape)` on the layer before using it.");
    const x = cast(inputs, this.computeDtype);
    const [m, v] = this.statistics();
    const scale = maximum(sqrt(v), epsilon());
    return this.invert ? add(m, multiply(x, scale)) : divide(subtract(x, m), scale);
  }

  override computeMask(_inputs: unknown, previousMask: unknown): unknown {
    return previousMask ?? null;
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return inputShape.slice();
  }

  /**
   * Computes the mean and variance of `data` over the reduced axes and stores
   * them in the layer's weights. A Tensor or nested arrays is one batch; any
   * other iterable yields batches, merged as Keras merges dataset batches.
   */
  adapt(data: AdaptData): void {
    if (this.inputMean !== null) {
      throw new ValueError("Normalization: cannot adapt a layer whose `mean` and `variance` were given when it was made.");
    }
    const single = isTensor(data) || (Array.isArray(data) && !(data.length > 0 && isTensor(data[0])));
    const batches: Tensor[] = single
      ? [convertToTensor(data as never, this.computeDtype)]
      : Array.from(data as Iterable<Tensor | number[]>, (b) => convertToTensor(b as never, this.computeDtype));
    if (batches.length === 0) throw new ValueError("Normalization.adapt: received no data (an empty iterable of batches).");
    const shape = batches[0].shape;
    if (!this.built) this.build(shape);
    else {
      for (const d of this._keepAxis) {
        if (shape[d] !== this._buildInputShape![d]) {
          throw new ValueError(
            `The layer was built with input_shape=${pyRepr(this._buildInputShape)}, but adapt() is being called with data with an incompatible shape, data.shape=${pyRepr(shape)}`,
          );
        }
      }
    }
    const axes = this._reduceAxis;
    const stats = (b: Tensor): [Tensor, Tensor] => [reduceMean(b, { axis: axes }), reduceVar(b, { axis: axes })];
    let [totalMean, totalVar] = stats(batches[0]);
    let totalCount = axes.reduce((n, d) => n * batches[0].shape[d], 1);
    for (const batch of batches.slice(1)) {
      for (const d of this._keepAxis) {
        if (batch.shape[d] !== shape[d]) {
          throw new ValueError(`Normalization.adapt: batches disagree on the kept axis ${d}: ${pyRepr(shape)} and ${pyRepr(batch.shape)}.`);
        }
      }
      const [batchMean, batchVar] = stats(batch);
      const batchCount = axes.reduce((n, d) => n * batch.shape[d], 1);
      totalCount += batchCount;
      const batchWeight = batchCount / totalCount;
      const existingWeight = 1 - batchWeight;
      const newMean = add(multiply(totalMean, existingWeight), multiply(batchMean, batchWeight));
      // The lack-of-fit sum of squares formula: each part's variance about the new mean.
      totalVar = add(
        multiply(add(totalVar, square(subtract(totalMean, newMean))), existingWeight),
        multiply(add(batchVar, square(subtract(batchMean, newMean))), batchWeight),
      );
      totalMean = newMean;
    }
    this.adaptMean!.assign(reshape(totalMean, this._meanAndVarShape));
    this.adaptVariance!.assign(reshape(totalVar, this._meanAndVarShape));
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      axis: this.axis.slice(),
      invert: this.invert,
      mean: statToJson(this.inputMean),
      variance: statToJson(this.inputVariance),
    };
  }

  static override fromConfig(config: Record<string, any>): Normalization {
    return new Normalization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Normalization", Normalization);
