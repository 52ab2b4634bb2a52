/**
 * `keras.layers.Discretization({ binBoundaries, numBins, epsilon = 0.01,
 * outputMode = "int", sparse = false })`: buckets values by ranges. With
 * boundaries [b0, b1, ...] the bins are (-inf, b0), [b0, b1), ..., [b_last, inf);
 * the bucket id of x is the number of boundaries <= x (numpy's digitize; NaN
 * goes to the last bin). Ids are then encoded by `outputMode` ("int", or
 * "one_hot" / "multi_hot" / "count" as CategoryEncoding does).
 *
 * Boundaries are given, or learned by `adapt(data)` with `numBins` (Keras's
 * approximate quantiles, quantile-summary.ts).
 *
 * dtypes: "int" outputs are int32 (Keras's default policy is int64, which the
 * engine stores as int32); Keras reports a float `dtype` in the config for
 * that default, and a float policy read back from a config keeps giving ints.
 * The other modes output the compute dtype. Inputs are always taken as floats.
 */
import { ValueError } from "../../engine/errors.js";
import { DType, isFloat } from "../../engine/dtype.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import { toTensor } from "../../engine/convert.js";
import { floatx } from "../../config/settings.js";
import { cast, convertToTensor } from "../../ops/core/cast.js";
import { zerosLike } from "../../ops/core/creation.js";
import { greaterEqual, isnan } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { sum } from "../../ops/reduction/sum.js";
import { expandDims } from "../../ops/shape/dims.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { encodeCategorical, encodedShape, ENCODING_MODES, EncodingMode } from "./encode-categorical.js";
import { binBoundaries, emptySummary, mergeSummaries, QuantileSummary, summarize } from "./quantile-summary.js";

type Shape = readonly (number | null)[];

export interface DiscretizationOptions extends LayerOptions {
  binBoundaries?: readonly number[] | null;
  numBins?: number | null;
  epsilon?: number;
  outputMode?: string;
  /** keras-ts has no sparse tensors: only false is accepted. */
  sparse?: boolean;
}

export class Discretization extends Layer {
  declare binBoundaries: number[] | null;
  declare numBins: number | null;
  declare epsilon: number;
  declare outputMode: EncodingMode;
  declare sparse: boolean;
  declare summary: QuantileSummary | null;

  constructor(options: DiscretizationOptions = {}) {
    const { binBoundaries: boundaries = null, numBins = null, epsilon = 0.01, outputMode = "int", sparse = false, dtype, ...base } = options;
    super({ ...base, dtype: dtype ?? (outputMode === "int" ? "int32" : floatx()) });
    if (sparse && outputMode === "int") {
      throw new ValueError(
        `\`sparse=True\` may only be used if \`output_mode\` is \`'one_hot'\`, \`'multi_hot'\`, or \`'count'\`. Received: sparse=${pyRepr(sparse)} and output_mode=${outputMode}`,
      );
    }
    if (sparse) throw new ValueError("Discretization: sparse=true is not supported (keras-ts has no sparse tensors).");
    if (!(ENCODING_MODES as readonly string[]).includes(outputMode)) {
      throw new ValueError(
        `The \`output_mode\` argument of layer ${this.constructor.name} received an invalid value ${pyRepr(outputMode)}. ` +
          `Allowed values are: ${ENCODING_MODES.map((m) => `'${m}'`).join(", ")}.`,
      );
    }
    if (numBins !== null && (!Number.isInteger(numBins) || numBins < 0)) {
      throw new ValueError(`\`num_bins\` must be greater than or equal to 0. Received: \`num_bins=${pyRepr(numBins)}\``);
    }
    if (numBins !== null && boundaries !== null) {
      throw new ValueError(
        `Both \`num_bins\` and \`bin_boundaries\` should not be set. Received: \`num_bins=${numBins}\` and \`bin_boundaries=${pyRepr(boundaries)}\``,
      );
    }
    if (numBins === null && boundaries === null) throw new ValueError("You need to set either `num_bins` or `bin_boundaries`.");
    if (boundaries !== null) {
      if (!Array.isArray(boundaries) || boundaries.some((b) => typeof b !== "number")) {
        throw new ValueError(`Discretization: \`bin_boundaries\` must be a list of numbers. Received: bin_boundaries=${pyRepr(boundaries)}`);
      }
      for (let i = 1; i < boundaries.length; i++) {
        if (!(boundaries[i] >= boundaries[i - 1])) {
          throw new ValueError(`Discretization: \`bin_boundaries\` must be sorted in increasing order. Received: bin_boundaries=${pyRepr(boundaries)}`);
        }
      }
    }
    this.binBoundaries = boundaries === null ? null : [...boundaries];
    this.numBins = numBins;
    if (typeof epsilon !== "number" || !(epsilon > 0)) {
      throw new ValueError(`Discretization: \`epsilon\` must be a positive number. Received: epsilon=${pyRepr(epsilon)}`);
    }
    this.epsilon = epsilon;
    this.outputMode = outputMode as EncodingMode;
    this.sparse = false;
    this.summary = boundaries !== null && boundaries.length ? null : emptySummary();
  }

  /** Inputs are converted to floats whatever the policy (Keras's `input_dtype`). */
  override get inputDtype(): DType {
    return floatx() as DType;
  }

  /** The dtype of the outputs: int32 bucket ids for "int" (unless the policy is integer), the compute dtype otherwise. */
  get outputDtype(): DType {
    if (this.outputMode === "int") return isFloat(this.computeDtype) ? "int32" : this.computeDtype;
    return this.computeDtype;
  }

  override build(_inputShape?: Shape | null): void {
    this.built = true;
  }

  /**
   * Learns `numBins - 1` boundaries at approximate quantiles of `data`: a
   * Tensor or nested arrays (one batch), or an iterable of batches.
   */
  adapt(data: Tensor | number[] | number[][] | Iterable<Tensor | number[] | number[][]>): void {
    if (this.numBins === null) {
      throw new ValueError("Cannot adapt a Discretization layer that has been initialized with `bin_boundaries`, use `num_bins` instead.");
    }
    const single = isTensor(data) || (Array.isArray(data) && !(data.length > 0 && isTensor(data[0])));
    const batches = single ? [data] : Array.from(data as Iterable<unknown>);
    this.resetState();
    for (const batch of batches) this.updateState(batch as never);
    this.finalizeState();
  }

  updateState(data: Tensor | number[] | number[][]): void {
    const values = toTensor(data, "float32", "Discretization.adapt").data as Float32Array;
    this.summary = mergeSummaries(summarize(values, this.epsilon), this.summary ?? emptySummary(), this.epsilon);
  }

  finalizeState(): void {
    if (this.numBins === null) return;
    this.binBoundaries = binBoundaries(this.summary ?? emptySummary(), this.numBins);
  }

  resetState(): void {
    if (this.numBins === null) return;
    this.summary = emptySummary();
  }

  /** The bucket id of every entry (int32). */
  private bucketize(inputs: Tensor): Tensor {
    const boundaries = this.binBoundaries!;
    // float64 comparisons, as numpy compares float32 data with the boundaries (Python floats).
    const x = expandDims(cast(inputs, "float64"), -1);
    const below = sum(cast(greaterEqual(x, convertToTensor(boundaries, "float64")), "int32"), -1);
    return where(isnan(inputs), boundaries.length, below);
  }

  override call(inputs: Tensor): Tensor {
    if (this.binBoundaries === null) {
      throw new ValueError(
        "You need to either pass the `bin_boundaries` argument at construction time or call `adapt(dataset)` before you can start using the `Discretization` layer.",
      );
    }
    const ids = this.binBoundaries.length
      ? this.bucketize(inputs)
      : zerosLike(inputs, "int32"); // no boundaries: everything is in bin 0
    return encodeCategorical(ids, this.outputMode, this.binBoundaries.length + 1, this.outputDtype, null, "Discretization");
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return encodedShape(inputShape, this.outputMode, (this.binBoundaries?.length ?? 0) + 1);
  }

  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: this.outputDtype });
  }

  override getConfig(): Record<string, any> {
    const variable = this.variableDtype;
    return {
      bin_boundaries: this.binBoundaries === null ? null : this.binBoundaries.slice(),
      num_bins: this.numBins,
      epsilon: this.epsilon,
      output_mode: this.outputMode,
      sparse: this.sparse,
      name: this.name,
      dtype: isFloat(variable) ? variable : floatx(),
    };
  }

  static override fromConfig(config: Record<string, any>): Discretization {
    const { binBoundaries: boundaries, ...options } = layerOptionsFromConfig(config);
    // After adapt both are set; the constructor takes one, the boundaries are applied afterwards (as Keras does).
    if (boundaries !== null && boundaries !== undefined && options.numBins !== null && options.numBins !== undefined) {
      const layer = new Discretization(options);
      layer.binBoundaries = [...boundaries];
      return layer;
    }
    return new Discretization({ ...options, binBoundaries: boundaries ?? null });
  }
}

registerBuiltin("keras.layers", "Discretization", Discretization);
