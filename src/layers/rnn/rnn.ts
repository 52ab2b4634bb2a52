/**
 * `keras.layers.RNN(cell)`: runs a cell over the time axis of
 * (batch, timesteps, ...) inputs.
 *
 * A cell is any Layer (or object) with a `stateSize` (a number, or one entry
 * per state), an optional `outputSize` and `call(inputs, states, { training })`
 * returning `[output, newStates]`; a list of cells is stacked
 * (StackedRNNCells). The layer returns the last output (or every output with
 * `returnSequences`), followed by the final states with `returnState`.
 * `initialState` may be passed at call time; masks (from
 * `Embedding({ maskZero })`, `Masking`, or `mask:`) hold the state at padded
 * steps. With `stateful` the final states of one call are the initial states
 * of the next (the batch size must be fixed; `resetStates()` zeroes them).
 * The time loop is rnn-loop.ts; LSTM and GRU override `innerLoop` with fused
 * sequence ops.
 */
import { ValueError } from "../../engine/errors.js";
import { Tensor } from "../../engine/tensor.js";
import { Variable } from "../../engine/variable.js";
import { cast } from "../../ops/core/cast.js";
import { zeros } from "../../ops/core/creation.js";
import { slice } from "../../ops/shape/slicing.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../../saving/serialization-lib.js";
import { flatten, isNested, mapStructure } from "../../utils/tree.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { isDropoutRNNCell } from "./dropout-rnn-cell.js";
import { RnnLoopResult, StateStructure, rnnLoop } from "./rnn-loop.js";
import { StackedRNNCells } from "./stacked-rnn-cells.js";

export type StateSize = number | readonly (number | readonly number[])[];

/** What `RNN` needs from a cell. */
export interface RNNCell {
  stateSize: StateSize;
  outputSize?: number | null;
  call(inputs: Tensor, states: any, kwargs?: { training?: boolean | null }): [Tensor, any];
  getInitialState?(batchSize: number): StateStructure | StateStructure[];
}

export interface RNNOptions extends LayerOptions {
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  stateful?: boolean;
  unroll?: boolean;
  zeroOutputForMask?: boolean;
}

export interface RNNCallKwargs {
  initialState?: Tensor | StateStructure[] | null;
  mask?: Tensor | Tensor[] | null;
  training?: boolean | null;
}

type Shape = (number | null)[];

function hasMethod(x: unknown, name: string): boolean {
  return typeof x === "object" && x !== null && typeof (x as Record<string, unknown>)[name] === "function";
}

/** Calls a cell the way Keras's `cell(...)` does: a Layer through `apply` (build, name scope, autocast). */
export function callCell(cell: RNNCell, inputs: Tensor, states: unknown, training: boolean | null | undefined): [Tensor, any] {
  const kwargs = { training: training ?? false };
  if (cell instanceof Layer) return cell.apply(inputs, states, kwargs) as [Tensor, any];
  return cell.call(inputs, states, kwargs);
}

export class RNN extends Layer {
  declare cell: RNNCell;
  declare returnSequences: boolean;
  declare returnState: boolean;
  declare goBackwards: boolean;
  declare stateful: boolean;
  declare unroll: boolean;
  declare zeroOutputForMask: boolean;
  /** One entry per state: a number, or a list of numbers for a nested (stacked) state. */
  declare stateSize: (number | readonly number[])[];
  declare singleState: boolean;
  /** The state Variables of a stateful RNN (not weights: Keras does not track them). */
  declare states: StateStructure[] | null;

  constructor(cell: RNNCell | RNNCell[], options: RNNOptions = {}) {
    const { returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask, ...base } = options;
    const theCell: RNNCell = Array.isArray(cell) ? (new StackedRNNCells(cell as never) as unknown as RNNCell) : cell;
    if (!hasMethod(theCell, "call")) {
      throw new ValueError(`Argument \`cell\` should have a \`call\` method. Received: cell=${String(theCell)}`);
    }
    if (!(typeof theCell === "object" && "stateSize" in theCell)) {
      throw new ValueError(
        "The RNN cell should have a `stateSize` attribute (single integer or list of integers, one integer per RNN state). " +
          `Received: cell=${String(theCell)}`,
      );
    }
    super(base);
    this.zeroOutputForMask = zeroOutputForMask ?? false;
    this.cell = theCell;
    this.returnSequences = returnSequences ?? false;
    this.returnState = returnState ?? false;
    this.goBackwards = goBackwards ?? false;
    this.stateful = stateful ?? false;
    this.unroll = unroll ?? false;
    this.supportsMasking = true;
    this.inputSpec = null;
    Object.defineProperty(this, "states", { value: null, writable: true, enumerable: false, configurable: true });
    const stateSize = theCell.stateSize;
    if (stateSize === null || stateSize === undefined) throw new ValueError("state_size must be specified as property on the RNN cell.");
    if (typeof stateSize === "number") {
      this.stateSize = [stateSize];
      this.singleState = true;
    } else if (Array.isArray(stateSize)) {
      this.stateSize = stateSize.slice();
      this.singleState = false;
    } else {
      throw new ValueError("state_size must be an integer, or a list/tuple of integers (one for each state tensor).");
    }
  }

  override computeOutputShape(sequencesShape: Shape, _initialStateShape?: unknown): any {
    const batch = sequencesShape[0];
    const statesShape = this.stateSize.map((s) => (typeof s === "number" ? [batch, s] : s.map((d) => [batch, d])));
    let outputSize = this.cell.outputSize ?? null;
    if (outputSize === null) outputSize = this.stateSize[0] as number;
    if (typeof outputSize !== "number") throw new ValueError("output_size must be an integer.");
    const outputShape = this.returnSequences ? [batch, sequencesShape[1], outputSize] : [batch, outputSize];
    return this.returnState ? [outputShape, ...statesShape] : outputShape;
  }

  override computeMask(_inputs: unknown, mask: unknown): any {
    const m = flatten(mask)[0] ?? null;
    const outputMask = this.returnSequences ? m : null;
    return this.returnState ? [outputMask, ...this.stateSize.map(() => null)] : outputMask;
  }

  override build(sequencesShape: Shape, _initialStateShape?: unknown): void {
    const stepShape = [sequencesShape[0], ...sequencesShape.slice(2)];
    if (this.cell instanceof Layer && !this.cell.built) this.cell.build(stepShape);
    if (this.stateful) {
      if (this.states !== null) {
        this.resetStates();
      } else {
        if (sequencesShape[0] === null || sequencesShape[0] === undefined) {
          throw new ValueError(
            `When using \`stateful=True\` in a RNN, the batch size must be static. Found dynamic batch size: sequence.shape=${JSON.stringify(sequencesShape)}`,
          );
        }
        this.createStateVariables(sequencesShape[0]);
      }
    }
  }

  private createStateVariables(batchSize: number): void {
    const initial = this.getInitialState(batchSize);
    this.states = this.openNameScope(() =>
      mapStructure((value: Tensor) => new Variable(value, { trainable: false, dtype: this.variableDtype, name: "rnn_state" }), initial),
    );
  }

  /** Zeros (or the cell's own `getInitialState`), one per state. */
  getInitialState(batchSize: number): StateStructure[] {
    if (typeof this.cell.getInitialState === "function") {
      const init = this.cell.getInitialState(batchSize);
      return isNested(init) ? (init as StateStructure[]).slice() : [init as Tensor];
    }
    const dtype = this.cell instanceof Layer ? this.cell.computeDtype : this.computeDtype;
    return this.stateSize.map((d) => zeros([batchSize, d as number], dtype));
  }

  /** Zeroes the states of a stateful RNN, or sets them to `states`. */
  resetStates(states?: unknown): void {
    if (this.states === null) return;
    const vars = flatten<Variable>(this.states);
    const values = states === undefined || states === null ? null : flatten<unknown>(isNested(states) ? states : [states]);
    if (values && values.length !== vars.length) {
      throw new ValueError(`Layer ${this.name} expects ${vars.length} states, but it received ${values.length} state values.`);
    }
    vars.forEach((v, i) => v.assign(values ? (values[i] as Tensor) : zeros(v.shape, v.dtype)));
  }

  /** Keras 3's name for `resetStates`. */
  resetState(states?: unknown): void {
    this.resetStates(states);
  }

  /** The time loop; subclasses with fused kernels override it. */
  innerLoop(sequences: Tensor, initialState: StateStructure[], mask: Tensor | null, training: boolean): RnnLoopResult {
    const step = (input: Tensor, states: StateStructure[]): [Tensor, StateStructure[]] => {
      const [output, newStates] = callCell(this.cell, input, states, training);
      return [output, (isNested(newStates) ? newStates : [newStates]) as StateStructure[]];
    };
    return rnnLoop(step, sequences, initialState, {
      goBackwards: this.goBackwards,
      mask,
      unroll: this.unroll,
      zeroOutputForMask: this.zeroOutputForMask,
    });
  }

  override call(sequences: Tensor, { initialState = null, mask = null, training = false }: RNNCallKwargs = {}): any {
    const timesteps = sequences.shape[1];
    if (timesteps === 0) {
      throw new ValueError(`Layer ${this.name} received a sequence with 0 timesteps (input shape ${JSON.stringify(sequences.shape)}); an RNN needs at least one step.`);
    }
    let states: StateStructure[];
    if (initialState === null || initialState === undefined) {
      states = this.stateful && this.states ? mapStructure((v: Variable) => v.value, this.states) : this.getInitialState(sequences.shape[0]);
    } else {
      states = isNested(initialState) ? (initialState as StateStructure[]).slice() : [initialState as Tensor];
    }
    const cellDtype = this.cell instanceof Layer ? this.cell.computeDtype : this.computeDtype;
    states = mapStructure((s: Tensor) => (s.dtype === cellDtype ? s : cast(s, cellDtype)), states);
    const stepMask = Array.isArray(mask) ? (mask[0] ?? null) : mask;

    resetDropoutMasks(this.cell);
    let result: RnnLoopResult;
    try {
      result = this.innerLoop(sequences, states, stepMask, training ?? false);
    } finally {
      resetDropoutMasks(this.cell);
    }
    const toCompute = (t: Tensor) => (t.dtype === this.computeDtype ? t : cast(t, this.computeDtype));
    const finalStates = mapStructure(toCompute, result.states) as StateStructure[];
    if (this.stateful && this.states) {
      const vars = flatten<Variable>(this.states);
      flatten<Tensor>(finalStates).forEach((s, i) => vars[i].assign(s));
    }
    const output = toCompute(this.returnSequences ? result.outputs : result.lastOutput);
    return this.returnState ? [output, ...finalStates] : output;
  }

  /** The base layer config and the RNN flags, without the cell (LSTM, GRU and SimpleRNN add their cell's arguments). */
  rnnConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      return_sequences: this.returnSequences,
      return_state: this.returnState,
      go_backwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      zero_output_for_mask: this.zeroOutputForMask,
    };
  }

  override getConfig(): Record<string, any> {
    return { ...this.rnnConfig(), cell: serializeKerasObject(this.cell) };
  }

  static override fromConfig(config: Record<string, any>, customObjects?: any): RNN {
    const { cell, ...rest } = config;
    const theCell = deserializeKerasObject(cell, { customObjects });
    return new RNN(theCell, layerOptionsFromConfig(rest));
  }
}

/** Forgets the cached dropout masks of a cell (and of stacked cells). */
function resetDropoutMasks(cell: unknown): void {
  if (isDropoutRNNCell(cell)) {
    cell.resetDropoutMask();
    cell.resetRecurrentDropoutMask();
  }
  if (cell instanceof StackedRNNCells) for (const c of cell.cells) resetDropoutMasks(c);
}

/** Step `t` of a (batch, timesteps, ...) sequence: (batch, ...). */
export function timeStep(x: Tensor, t: number): Tensor {
  const [b, , ...rest] = x.shape;
  return reshape(slice(x, [0, t, ...rest.map(() => 0)], [b, 1, ...rest]), [b, ...rest]);
}

/** The last processed output of a sequence in processing order. */
export function lastStep(outputs: Tensor): Tensor {
  return timeStep(outputs, outputs.shape[1] - 1);
}

registerBuiltin("keras.layers", "RNN", RNN);
