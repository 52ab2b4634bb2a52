/**
 * The LSTM and GRU recurrences written op by op (one small graph per time
 * step). They define the same functions as the fused kernels of
 * rnn-kernels.ts and are differentiable to any order, so the fused ops fall
 * back to them when a gradient of their gradient is being recorded.
 */
import type { Tensor } from "../../engine/tensor.js";
import { GradientTape } from "../../autodiff/tape.js";
import { add, multiply, subtract } from "../math/arithmetic.js";
import { tanh } from "../math/unary.js";
import { where } from "../math/select.js";
import { zerosLike } from "../core/creation.js";
import { matmul } from "../linalg/matmul.js";
import { split, stack, unstack } from "../shape/join.js";
import { reshape } from "../shape/reshape.js";
import { sum } from "../reduction/sum.js";
import { sigmoid } from "./activations.js";

export type MaskedOutput = "state" | "zeros" | "previous";

export interface RecurrenceOptions {
  goBackwards: boolean;
  maskedOutput: MaskedOutput;
}

/** Runs `cell` over the steps in Keras's order with Keras's masking; returns [outputs in processing order, ...final states]. */
function scan(
  xProj: Tensor, states: Tensor[], mask: Tensor | null, options: RecurrenceOptions,
  cell: (x: Tensor, states: Tensor[]) => Tensor[],
): Tensor[] {
  const steps = unstack(xProj, { axis: 1 });
  const masks = mask ? unstack(reshape(mask, [mask.shape[0], mask.shape[1], 1]), { axis: 1 }) : null;
  const T = steps.length;
  const outputs: Tensor[] = [];
  let previous = zerosLike(states[0]);
  for (let s = 0; s < T; s++) {
    const t = options.goBackwards ? T - 1 - s : s;
    const next = cell(steps[t], states);
    let out = next[0];
    if (masks) {
      const m = masks[t];
      const held = options.maskedOutput === "zeros" ? zerosLike(out) : options.maskedOutput === "state" ? states[0] : previous;
      out = where(m, out, held);
      states = next.map((n, i) => where(m, n, states[i]));
    } else {
      states = next;
    }
    previous = out;
    outputs.push(out);
  }
  return [stack(outputs, { axis: 1 }), ...states];
}

/** LSTM (gates i, f, c, o): [outputs, h, c]. */
export function lstmRecurrenceReference(xProj: Tensor, h0: Tensor, c0: Tensor, R: Tensor, mask: Tensor | null, options: RecurrenceOptions): Tensor[] {
  return scan(xProj, [h0, c0], mask, options, (x, [h, c]) => {
    const [i, f, g, o] = split(add(x, matmul(h, R)), 4, { axis: -1 });
    const cn = add(multiply(sigmoid(f), c), multiply(sigmoid(i), tanh(g)));
    return [multiply(sigmoid(o), tanh(cn)), cn];
  });
}

/** GRU (gates z, r, h): [outputs, h]. `br` is the recurrent bias of resetAfter (or null). */
export function gruRecurrenceReference(
  xProj: Tensor, h0: Tensor, R: Tensor, br: Tensor | null, mask: Tensor | null, options: RecurrenceOptions & { resetAfter: boolean },
): Tensor[] {
  const [rZR, rH] = split(R, [2 * R.shape[0]], { axis: 1 });
  return scan(xProj, [h0], mask, options, (x, [h]) => {
    const [xz, xr, xh] = split(x, 3, { axis: -1 });
    let hh: Tensor;
    let z: Tensor;
    if (options.resetAfter) {
      let rec = matmul(h, R);
      if (br) rec = add(rec, br);
      const [rz, rr, rh] = split(rec, 3, { axis: -1 });
      z = sigmoid(add(xz, rz));
      const r = sigmoid(add(xr, rr));
      hh = tanh(add(xh, multiply(r, rh)));
    } else {
      const [rz, rr] = split(matmul(h, rZR), 2, { axis: -1 });
      z = sigmoid(add(xz, rz));
      const r = sigmoid(add(xr, rr));
      hh = tanh(add(xh, matmul(multiply(r, h), rH)));
    }
    return [add(multiply(z, h), multiply(subtract(1, z), hh))];
  });
}

/**
 * The vector-Jacobian product of `fn` at `inputs` with output cotangents
 * `cotangents`, computed on a fresh tape: every op involved is recorded by
 * the tapes still active around it, so the result is itself differentiable.
 */
export function vjpByTape(fn: (inputs: Tensor[]) => Tensor[], inputs: Tensor[], cotangents: Tensor[]): Tensor[] {
  const tape = new GradientTape();
  tape.watch(inputs);
  const target = tape.record(() => {
    const outs = fn(inputs);
    return outs.map((o, i) => sum(multiply(o, cotangents[i]))).reduce((a, b) => add(a, b));
  });
  return tape.gradient(target, inputs) as Tensor[];
}
