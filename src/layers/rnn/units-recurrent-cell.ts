/**
 * The shared body of SimpleRNNCell, LSTMCell and GRUCell: `units`, the
 * activation, the weight arguments, the kernel / recurrent kernel / bias
 * variables (created by the subclass's build), zero initial states and the
 * config (`units`, then the recurrent weight arguments, the subclass's
 * entries, `seed`). Keras writes the three cells separately; the class is
 * internal (each cell's prototype is still its own, which the fused LSTM /
 * GRU paths check).
 */
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { zeros } from "../../ops/core/creation.js";
import { DropoutRNNCell } from "./dropout-rnn-cell.js";
import {
  ActivationFn, RecurrentCellOptions, RecurrentConfigInserts, RecurrentWeights, checkUnits, recurrentWeightsConfig, resolveActivation,
  resolveRecurrentWeights, takeRecurrentWeightOptions,
} from "./cell-options.js";

export interface UnitsRecurrentCell extends RecurrentWeights {}

export abstract class UnitsRecurrentCell extends DropoutRNNCell {
  declare units: number;
  declare activation: ActivationFn;
  declare stateSize: number | number[];
  declare outputSize: number;
  declare kernel: Variable | null;
  declare recurrentKernel: Variable | null;
  declare bias: Variable | null;

  /** `options` without the subclass's own arguments. */
  protected constructor(units: number, options: RecurrentCellOptions) {
    const { raw, rest } = takeRecurrentWeightOptions(options);
    const { activation, ...base } = rest;
    super(base);
    this.units = checkUnits(units);
    this.activation = resolveActivation(activation, "tanh");
    // After the base constructor: its SeedGenerator draws its default seed before the initializers draw theirs.
    Object.assign(this, resolveRecurrentWeights(raw));
    this.stateSize = this.units;
    this.outputSize = this.units;
    this.kernel = null;
    this.recurrentKernel = null;
    this.bias = null;
  }

  /**
   * Keras's `implementation` for gated cells: 2 (default) one product for all
   * gates; 1 (forced by recurrent dropout) one per gate, with one dropout mask
   * per gate.
   */
  protected gateImplementation(implementation: number | undefined, gates: number): number {
    const chosen = this.recurrentDropout !== 0 ? 1 : (implementation ?? 2);
    if (chosen === 1) this.dropoutMaskCount = gates;
    return chosen;
  }

  getInitialState(batchSize: number): Tensor[] {
    const sizes = Array.isArray(this.stateSize) ? this.stateSize : [this.stateSize];
    return sizes.map((d) => zeros([batchSize, d], this.computeDtype));
  }

  /** The cell config: base, units, the weight arguments (with `inserts`), `tail`, seed. */
  protected cellConfig(inserts: RecurrentConfigInserts = {}, tail: Record<string, unknown> = {}): Record<string, any> {
    return { ...super.getConfig(), units: this.units, ...recurrentWeightsConfig(this, inserts), ...tail, seed: this.seed };
  }
}
