/**
 * The dropout machinery shared by SimpleRNNCell, LSTMCell and GRUCell
 * (Keras's `DropoutRNNCell` mixin, as a base class): dropout masks for the
 * step inputs and for the recurrent state are drawn once, on first use in a
 * call of the RNN layer, reused at every time step, and forgotten when the
 * layer's call ends. They are drawn from the cell's own SeedGenerator and
 * only used with `training: true`.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { onesLike } from "../../ops/core/creation.js";
import { SeedGenerator, dropout as randomDropout } from "../../random/index.js";
import { Layer, LayerOptions } from "../layer.js";

export interface DropoutRNNCellOptions extends LayerOptions {
  /** Fraction of the step inputs to drop (clipped to [0, 1], as Keras does). */
  dropout?: number;
  /** Fraction of the recurrent state to drop. */
  recurrentDropout?: number;
  seed?: number | null;
}

/** A mask of ones, or one mask per gate (Keras's `dropout_mask_count`). */
export type DropoutMask = Tensor | Tensor[];

function clipRate(rate: unknown, name: string, cls: string): number {
  if (rate === undefined || rate === null) return 0;
  if (typeof rate !== "number" || Number.isNaN(rate)) {
    throw new ValueError(`${cls}: \`${name}\` must be a number between 0 and 1. Received: ${name}=${String(rate)}`);
  }
  return Math.min(1, Math.max(0, rate));
}

export abstract class DropoutRNNCell extends Layer {
  declare dropout: number;
  declare recurrentDropout: number;
  declare seed: number | null;
  declare seedGenerator: SeedGenerator;
  /** How many independent masks to draw (one per gate), or null for a single mask. */
  declare dropoutMaskCount: number | null;
  declare _dropoutMask: DropoutMask | null;
  declare _recurrentDropoutMask: DropoutMask | null;

  constructor(options: DropoutRNNCellOptions = {}) {
    const { dropout, recurrentDropout, seed, ...base } = options;
    super(base);
    this.dropout = clipRate(dropout, "dropout", new.target.name);
    this.recurrentDropout = clipRate(recurrentDropout, "recurrent_dropout", new.target.name);
    this.seed = seed ?? null;
    this.seedGenerator = new SeedGenerator(this.seed);
    this.dropoutMaskCount = null;
    this._dropoutMask = null;
    this._recurrentDropoutMask = null;
  }

  private createDropoutMask(stepInput: Tensor, rate: number): DropoutMask {
    const draw = () => randomDropout(onesLike(stepInput), rate, { seed: this.seedGenerator });
    if (this.dropoutMaskCount === null) return draw();
    return Array.from({ length: this.dropoutMaskCount }, draw);
  }

  /** The input dropout mask of the current call (drawn on first use), or null without input dropout. */
  getDropoutMask(stepInput: Tensor): DropoutMask | null {
    if (this._dropoutMask === null && this.dropout > 0) this._dropoutMask = this.createDropoutMask(stepInput, this.dropout);
    return this._dropoutMask;
  }

  /** The recurrent dropout mask of the current call (drawn on first use), or null without recurrent dropout. */
  getRecurrentDropoutMask(state: Tensor): DropoutMask | null {
    if (this._recurrentDropoutMask === null && this.recurrentDropout > 0) {
      this._recurrentDropoutMask = this.createDropoutMask(state, this.recurrentDropout);
    }
    return this._recurrentDropoutMask;
  }

  resetDropoutMask(): void {
    this._dropoutMask = null;
  }

  resetRecurrentDropoutMask(): void {
    this._recurrentDropoutMask = null;
  }
}

export function isDropoutRNNCell(x: unknown): x is DropoutRNNCell {
  return x instanceof DropoutRNNCell;
}
