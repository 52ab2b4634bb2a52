/**
 * The generic time loop of `keras.layers.RNN` (Keras's `backend.rnn`), op by
 * op, for any cell: user cells, stacked cells, non-default activations,
 * recurrent dropout. LSTM and GRU in their default configuration use the
 * fused sequence ops instead (src/ops/nn/rnn-kernels.ts), which follow the
 * same rules.
 *
 * Semantics (Keras 3.15.1, numpy/JAX backends):
 * - steps run over reversed time with `goBackwards`; `outputs` are stacked in
 *   processing order and `lastOutput` is the last one processed;
 * - at a masked step every state keeps its previous value; the output is the
 *   first state of the previous step (the previous output for the built-in
 *   cells; for stacked cells the first state of the last cell), or zeros with
 *   `zeroOutputForMask`;
 * - unrolled, a masked step repeats the previous output instead (zeros before
 *   the first step) and `zeroOutputForMask` plays no part, as in Keras.
 */
import type { Tensor } from "../../engine/tensor.js";
import { zerosLike } from "../../ops/core/creation.js";
import { where } from "../../ops/math/select.js";
import { reshape } from "../../ops/shape/reshape.js";
import { stack, unstack } from "../../ops/shape/join.js";
import { flatten, isNested, packSequenceAs } from "../../utils/tree.js";

/** Nested states: a tensor, or (nested) arrays of tensors. */
export type StateStructure = Tensor | StateStructure[];

export type StepFunction = (input: Tensor, states: StateStructure[]) => [Tensor, StateStructure[]];

export interface RnnLoopOptions {
  goBackwards: boolean;
  /** (batch, timesteps) bool, or null. */
  mask: Tensor | null;
  unroll: boolean;
  zeroOutputForMask: boolean;
}

export interface RnnLoopResult {
  lastOutput: Tensor;
  /** (batch, timesteps, ...) in processing order. */
  outputs: Tensor;
  states: StateStructure[];
}

/** A (batch,) mask shaped to broadcast against `like`: (batch, 1, ..., 1). */
function maskFor(m: Tensor, like: Tensor): Tensor {
  return reshape(m, [m.shape[0], ...like.shape.slice(1).map(() => 1)]);
}

/** `where(mask, new, old)` leaf by leaf over two state structures. */
function holdMasked(m: Tensor, next: StateStructure[], previous: StateStructure[]): StateStructure[] {
  const prevLeaves = flatten<Tensor>(previous);
  const nextLeaves = flatten<Tensor>(next);
  return packSequenceAs(previous, prevLeaves.map((p, i) => where(maskFor(m, p), nextLeaves[i], p)));
}

export function rnnLoop(step: StepFunction, inputs: Tensor, initialStates: StateStructure[], options: RnnLoopOptions): RnnLoopResult {
  const steps = unstack(inputs, { axis: 1 });
  const masks = options.mask ? unstack(options.mask, { axis: 1 }) : null;
  const T = steps.length;
  let states = initialStates;
  const outputs: Tensor[] = [];
  for (let s = 0; s < T; s++) {
    const t = options.goBackwards ? T - 1 - s : s;
    const [output, stepStates] = step(steps[t], states);
    const newStates = isNested(stepStates) ? stepStates : [stepStates];
    if (!masks) {
      outputs.push(output);
      states = newStates;
      continue;
    }
    const m = masks[t];
    let held: Tensor;
    if (options.unroll) {
      held = outputs.length ? outputs[outputs.length - 1] : zerosLike(output);
    } else if (options.zeroOutputForMask) {
      held = zerosLike(output);
    } else {
      // Keras assumes the first state is the previous output (for stacked cells: the last cell's first state).
      const first = states[0];
      held = (isNested(first) ? flatten<Tensor>(states[states.length - 1])[0] : first) as Tensor;
    }
    outputs.push(where(maskFor(m, output), output, held));
    states = holdMasked(m, newStates, states);
  }
  return { lastOutput: outputs[T - 1], outputs: stack(outputs, { axis: 1 }), states };
}
