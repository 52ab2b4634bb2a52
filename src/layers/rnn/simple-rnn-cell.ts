/**
 * `keras.layers.SimpleRNNCell(units)`: one step of a fully connected RNN,
 * h' = φ(x·W + b + h·U) with φ = activation (tanh). One state, h.
 */
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { zeros } from "../../ops/core/creation.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { CallKwargs, layerOptionsFromConfig } from "../layer.js";
import { DropoutRNNCell } from "./dropout-rnn-cell.js";
import {
  ActivationFn, RecurrentCellOptions, RecurrentWeights, checkUnits, recurrentWeightsConfig, resolveActivation, resolveRecurrentWeights,
  takeRecurrentWeightOptions,
} from "./cell-options.js";
import { addTrioWeight } from "../weight-options.js";

export type SimpleRNNCellOptions = RecurrentCellOptions;

export interface SimpleRNNCell extends RecurrentWeights {}

export class SimpleRNNCell extends DropoutRNNCell {
  declare units: number;
  declare activation: ActivationFn;
  declare stateSize: number;
  declare outputSize: number;
  declare kernel: Variable | null;
  declare recurrentKernel: Variable | null;
  declare bias: Variable | null;

  constructor(units: number, options: SimpleRNNCellOptions = {}) {
    const { raw, rest } = takeRecurrentWeightOptions(options);
    const { activation, ...base } = rest;
    super(base);
    this.units = checkUnits(units);
    this.activation = resolveActivation(activation, "tanh");
    Object.assign(this, resolveRecurrentWeights(raw));
    this.stateSize = this.units;
    this.outputSize = this.units;
    this.kernel = null;
    this.recurrentKernel = null;
    this.bias = null;
  }

  override build(inputShape: (number | null)[]): void {
    this.kernel = addTrioWeight(this, "kernel", "kernel", [inputShape[inputShape.length - 1] as number, this.units]);
    this.recurrentKernel = addTrioWeight(this, "recurrent", "recurrent_kernel", [this.units, this.units]);
    this.bias = this.useBias ? addTrioWeight(this, "bias", "bias", [this.units]) : null;
  }

  override call(sequence: Tensor, states: Tensor | Tensor[], { training = false }: CallKwargs = {}): [Tensor, Tensor | Tensor[]] {
    const nested = Array.isArray(states);
    let prevOutput = nested ? states[0] : states;
    // Masks are drawn (once per RNN call) only when they are used.
    const dpMask = training ? (this.getDropoutMask(sequence) as Tensor | null) : null;
    const recMask = training ? (this.getRecurrentDropoutMask(prevOutput) as Tensor | null) : null;
    let x = dpMask ? multiply(sequence, dpMask) : sequence;
    x = matmul(x, this.kernel!.value);
    if (this.bias) x = add(x, this.bias.value);
    if (recMask) prevOutput = multiply(prevOutput, recMask);
    const output = this.activation(add(x, matmul(prevOutput, this.recurrentKernel!.value)));
    return [output, nested ? [output] : output];
  }

  getInitialState(batchSize: number): Tensor[] {
    return [zeros([batchSize, this.stateSize], this.computeDtype)];
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      units: this.units,
      ...recurrentWeightsConfig(this),
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): SimpleRNNCell {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new SimpleRNNCell(units, options);
  }
}

registerBuiltin("keras.layers", "SimpleRNNCell", SimpleRNNCell);
