/**
 * `keras.layers.StackedRNNCells(cells)`: several cells acting as one, each
 * feeding its output to the next at every time step. The states are one entry
 * per cell (that cell's state, or list of states); the output is the last
 * cell's.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { zeros } from "../../ops/core/creation.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../../saving/serialization-lib.js";
import { flatten, isNested } from "../../utils/tree.js";
import { CallKwargs, Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import type { RNNCell } from "./rnn.js";

type Shape = (number | null)[];

function cellOutputSize(cell: RNNCell): number {
  if (cell.outputSize !== undefined && cell.outputSize !== null) return cell.outputSize;
  return typeof cell.stateSize === "number" ? cell.stateSize : (flatten<number>(cell.stateSize)[0]);
}

export class StackedRNNCells extends Layer {
  declare cells: RNNCell[];

  constructor(cells: RNNCell[], options: LayerOptions = {}) {
    super(options);
    if (!Array.isArray(cells)) throw new ValueError(`StackedRNNCells: \`cells\` must be a list of RNN cells. Received: cells=${String(cells)}`);
    for (const cell of cells) {
      if (typeof (cell as { call?: unknown })?.call !== "function") {
        throw new ValueError(`All cells must have a \`call\` method. Received cell without a \`call\` method: ${String(cell)}`);
      }
      if (!(typeof cell === "object" && "stateSize" in cell)) {
        throw new ValueError(`All cells must have a \`state_size\` attribute. Received cell without a \`state_size\`: ${String(cell)}`);
      }
    }
    this.cells = cells.slice();
  }

  get stateSize(): (number | readonly number[])[] {
    return this.cells.map((c) => (typeof c.stateSize === "number" ? c.stateSize : (flatten<number>(c.stateSize) as readonly number[])));
  }

  get outputSize(): number {
    return cellOutputSize(this.cells[this.cells.length - 1]);
  }

  getInitialState(batchSize: number): (Tensor | Tensor[])[] {
    return this.cells.map((cell) => {
      if (typeof cell.getInitialState === "function") return cell.getInitialState(batchSize) as Tensor | Tensor[];
      if (typeof cell.stateSize === "number") return zeros([batchSize, cell.stateSize], this.computeDtype);
      return flatten<number>(cell.stateSize).map((d) => zeros([batchSize, d], this.computeDtype));
    });
  }

  override call(inputs: Tensor, states: unknown[], { training = false }: CallKwargs = {}): [Tensor, unknown] {
    const newStates: unknown[] = [];
    let x = inputs;
    this.cells.forEach((cell, i) => {
      const cellStates = states[i];
      const stateIsList = isNested(cellStates);
      const asList = stateIsList ? (cellStates as unknown[]).slice() : [cellStates];
      const kwargs = { training: training ?? false };
      let out: [Tensor, unknown];
      if (cell instanceof Layer) out = cell.apply(x, asList, kwargs) as [Tensor, unknown];
      else out = cell.call(x, asList, kwargs);
      x = out[0];
      let s = out[1];
      if (Array.isArray(s) && s.length === 1 && !stateIsList) s = s[0];
      newStates.push(s);
    });
    return [x, newStates.length === 1 ? newStates[0] : newStates];
  }

  override build(inputShape: Shape): void {
    let shape = inputShape;
    for (const cell of this.cells) {
      if (cell instanceof Layer && !cell.built) cell.build(shape);
      shape = [shape[0], cellOutputSize(cell)];
    }
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), cells: this.cells.map((c) => serializeKerasObject(c)) };
  }

  static override fromConfig(config: Record<string, any>, customObjects?: any): StackedRNNCells {
    const { cells, ...rest } = config;
    return new StackedRNNCells((cells as unknown[]).map((c) => deserializeKerasObject(c, { customObjects })), layerOptionsFromConfig(rest));
  }
}

registerBuiltin("keras.layers", "StackedRNNCells", StackedRNNCells);
