/**
 * `keras.layers.SimpleRNNCell(units)`: one step of a fully connected RNN,
 * h' = φ(x·W + b + h·U) with φ = activation (tanh). One state, h.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { CallKwargs, layerOptionsFromConfig } from "../layer.js";
import { addTrioWeight } from "../weight-options.js";
import type { RecurrentCellOptions } from "./cell-options.js";
import { UnitsRecurrentCell } from "./units-recurrent-cell.js";

export type SimpleRNNCellOptions = RecurrentCellOptions;

export class SimpleRNNCell extends UnitsRecurrentCell {
  declare stateSize: number;

  constructor(units: number, options: SimpleRNNCellOptions = {}) {
    super(units, options);
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

  override getConfig(): Record<string, any> {
    return this.cellConfig();
  }

  static override fromConfig(config: Record<string, any>): SimpleRNNCell {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new SimpleRNNCell(units, options);
  }
}

registerBuiltin("keras.layers", "SimpleRNNCell", SimpleRNNCell);
