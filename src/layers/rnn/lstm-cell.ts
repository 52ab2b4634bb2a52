/**
 * `keras.layers.LSTMCell(units)`: one LSTM step. Gates in Keras's order
 * i, f, c, o (column blocks of kernel (in, 4u), recurrent_kernel (u, 4u) and
 * bias (4u)):
 *   z = x·W + h·U + b;  i = σ(z_i), f = σ(z_f), o = σ(z_o)
 *   c' = f ⊙ c + i ⊙ φ(z_c);  h' = o ⊙ φ(c')
 * with σ = recurrentActivation (sigmoid), φ = activation (tanh). States [h, c].
 * `unitForgetBias` initializes the forget-gate bias to ones.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { split } from "../../ops/shape/join.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { CallKwargs, layerOptionsFromConfig } from "../layer.js";
import { addTrioWeight } from "../weight-options.js";
import { ActivationFn, RecurrentCellOptions, addLstmBias, lstmStateUpdate, resolveActivation } from "./cell-options.js";
import { UnitsRecurrentCell } from "./units-recurrent-cell.js";

export interface LSTMCellOptions extends RecurrentCellOptions {
  recurrentActivation?: unknown;
  unitForgetBias?: boolean;
  /** Keras's `implementation`: 2 (default) one product for all gates; 1 (forced by recurrentDropout) one per gate. */
  implementation?: number;
}

export class LSTMCell extends UnitsRecurrentCell {
  declare recurrentActivation: ActivationFn;
  declare unitForgetBias: boolean;
  declare implementation: number;
  declare stateSize: number[];

  constructor(units: number, options: LSTMCellOptions = {}) {
    const { recurrentActivation, unitForgetBias, implementation, ...rest } = options;
    super(units, rest);
    this.recurrentActivation = resolveActivation(recurrentActivation, "sigmoid");
    this.implementation = this.gateImplementation(implementation, 4);
    this.unitForgetBias = unitForgetBias ?? true;
    this.stateSize = [this.units, this.units];
  }

  override build(inputShape: (number | null)[]): void {
    const inputDim = inputShape[inputShape.length - 1] as number;
    const u = this.units;
    this.kernel = addTrioWeight(this, "kernel", "kernel", [inputDim, 4 * u]);
    this.recurrentKernel = addTrioWeight(this, "recurrent", "recurrent_kernel", [u, 4 * u]);
    this.bias = this.useBias ? addLstmBias(this, u) : null;
  }

  override call(inputs: Tensor, states: Tensor[], { training = false }: CallKwargs = {}): [Tensor, Tensor[]] {
    const hPrev = states[0];
    const cPrev = states[1];
    const kernel = this.kernel!.value;
    const recurrent = this.recurrentKernel!.value;
    const dropping = training && this.dropout > 0 && this.dropout < 1;
    let z: Tensor[];
    if (this.implementation === 1) {
      // One product per gate, each with its own dropout masks.
      const dp = dropping ? (this.getDropoutMask(inputs) as Tensor[]) : null;
      const recDropping = training && this.recurrentDropout > 0 && this.recurrentDropout < 1;
      const rdp = recDropping ? (this.getRecurrentDropoutMask(hPrev) as Tensor[]) : null;
      const kernels = split(kernel, 4, { axis: 1 });
      const recurrents = split(recurrent, 4, { axis: 1 });
      const biases = this.bias ? split(this.bias.value, 4, { axis: 0 }) : null;
      z = kernels.map((k, g) => {
        let x = matmul(dp ? multiply(inputs, dp[g]) : inputs, k);
        if (biases) x = add(x, biases[g]);
        return add(x, matmul(rdp ? multiply(hPrev, rdp[g]) : hPrev, recurrents[g]));
      });
    } else {
      const x = dropping ? multiply(inputs, this.getDropoutMask(inputs) as Tensor) : inputs;
      let all = add(matmul(x, kernel), matmul(hPrev, recurrent));
      if (this.bias) all = add(all, this.bias.value);
      z = split(all, 4, { axis: 1 });
    }
    const [h, c] = lstmStateUpdate(z, cPrev, this.activation, this.recurrentActivation);
    return [h, [h, c]];
  }

  override getConfig(): Record<string, any> {
    return this.cellConfig({ afterUseBias: { unit_forget_bias: this.unitForgetBias } });
  }

  static override fromConfig(config: Record<string, any>): LSTMCell {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new LSTMCell(units, options);
  }
}

registerBuiltin("keras.layers", "LSTMCell", LSTMCell);
