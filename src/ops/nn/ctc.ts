/**
 * Keras's `keras.ops.nn.ctc_loss(target, output, target_length, output_length, mask_index=0)`:
 * the per-sequence CTC (Connectionist Temporal Classification) loss
 * -log p(target | output).
 *
 * The forward recursion runs in log space over time steps, vectorised over the
 * batch and the label positions, in the "blank (phi) / emit" formulation
 * Keras's backends use: phi[n] is the log-probability of having emitted the
 * first n labels and being in a blank (or just after label n), emit[n] of
 * currently emitting label n. Unreachable states hold log(0) as -1e5, as Keras
 * does, so everything stays finite and the gradient flows through the ops.
 */
import { Tensor } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { full, zeros } from "../core/creation.js";
import { arange, oneHot } from "../core/ranges.js";
import { add, multiply, subtract } from "../math/arithmetic.js";
import { negative } from "../math/unary.js";
import { equal, greaterEqual } from "../math/comparison.js";
import { sum } from "../reduction/sum.js";
import { logsumexp } from "../reduction/statistics.js";
import { reshape } from "../shape/reshape.js";
import { expandDims } from "../shape/dims.js";
import { concatenate, stack, unstack } from "../shape/join.js";
import { pad, slice } from "../shape/slicing.js";
import { einsum } from "../linalg/einsum.js";
import { logSoftmax } from "./activations.js";

const LOG_EPSILON = -1e5;

/** log(exp(a) + exp(b)) elementwise (a softmax-weighted gradient, exact at ties). */
function logAddExp(a: Tensor, b: Tensor): Tensor {
  return logsumexp(stack([a, b], -1), -1);
}

/** Adds `added` (in log space) to phi[:, 1:], leaving phi[:, 0] alone. */
function updatePhi(phi: Tensor, added: Tensor): Tensor {
  const n = phi.shape[1];
  const head = slice(phi, [0, 0], [phi.shape[0], 1]);
  const tail = slice(phi, [0, 1], [phi.shape[0], n - 1]);
  return concatenate([head, logAddExp(tail, added)], 1);
}

/**
 * target: (batch, maxLabelLength) integer labels; output: (batch, time, classes)
 * logits (log-softmaxed here); targetLength / outputLength: (batch,) valid
 * lengths; `maskIndex` is the blank class. Returns the (batch,) losses, in
 * float64 for float64 logits and float32 otherwise.
 */
export const ctcLoss = op("ctcLoss", (target: TensorLike, output: TensorLike, targetLength: TensorLike, outputLength: TensorLike, ...rest: [number?] | [{ maskIndex?: number }]): Tensor => {
  const { maskIndex = 0 } = readOptions<{ maskIndex?: number }>("ctcLoss", rest, ["maskIndex"]);
  const labels = cast(asTensor(target, "ctcLoss"), "int32");
  let logits = asTensor(output, "ctcLoss");
  if (labels.rank !== 2) {
    throw new ValueError(`Targets \`target\` are expected to be a tensor of shape \`(batch_size, max_length)\` in integer format. Received: target.shape=${formatShape(labels.shape)}`);
  }
  if (logits.rank !== 3) {
    throw new ValueError(`Logits \`output\` are expected to be a tensor of shape \`(batch_size, max_length, num_classes)\`. Received: output.shape=${formatShape(logits.shape)}`);
  }
  if (logits.dtype !== "float64") logits = cast(logits, "float32");
  const [batch, time, numClasses] = logits.shape;
  if (labels.shape[0] !== batch) {
    throw new ValueError(`ops.ctcLoss: target and output must have the same batch size. Received: target.shape=${formatShape(labels.shape)}, output.shape=${formatShape(logits.shape)}`);
  }
  if (typeof maskIndex !== "number" || !Number.isInteger(maskIndex) || maskIndex < 0 || maskIndex >= numClasses) {
    throw new ValueError(`ops.ctcLoss: mask_index must be a class index in [0, ${numClasses}), received ${String(maskIndex)}.`);
  }
  const maxLabel = labels.shape[1];
  const dtype = logits.dtype;
  const tLen = reshape(cast(asTensor(targetLength, "ctcLoss"), "int32"), [batch]);
  const oLen = reshape(cast(asTensor(outputLength, "ctcLoss"), "int32"), [batch]);

  const logprobs = logSoftmax(logits, -1);
  // repeat[b, n] = 1 when label n equals label n + 1 (a blank is then required between them).
  const sameAsNext = maxLabel > 1
    ? cast(equal(slice(labels, [0, 0], [batch, maxLabel - 1]), slice(labels, [0, 1], [batch, maxLabel - 1])), dtype)
    : zeros([batch, 0], dtype);
  const repeat = pad(sameAsNext, [[0, 0], [0, Math.min(1, maxLabel)]]);
  const noRepeatPenalty = multiply(repeat, LOG_EPSILON);
  const repeatOnlyPenalty = multiply(subtract(1, repeat), LOG_EPSILON);

  // Per time step: log p(blank) (batch, 1) and log p(label n) (batch, maxLabel).
  const phiLogprobs = unstack(slice(logprobs, [0, 0, maskIndex], [batch, time, 1]), null, 1);
  const emitLogprobs = unstack(einsum("btk,bnk->btn", logprobs, cast(oneHot(labels, numClasses), dtype)), null, 1);
  const padded = cast(greaterEqual(expandDims(arange(time), 0), expandDims(oLen, 1)), dtype);
  const pads = unstack(padded, null, 1).map((p) => reshape(p, [batch, 1]));

  let phi = concatenate([zeros([batch, 1], dtype), full([batch, maxLabel], LOG_EPSILON, dtype)], 1);
  let emit = full([batch, maxLabel], LOG_EPSILON, dtype);
  for (let t = 0; t < time; t++) {
    const prevPhi = phi;
    // emit -> blank, except into a repeated label.
    const phiIn = updatePhi(phi, add(emit, noRepeatPenalty));
    const e = emitLogprobs[t];
    const phiHead = slice(phiIn, [0, 0], [batch, maxLabel]);
    let nextEmit = logAddExp(add(phiHead, e), add(emit, e));
    let nextPhi = add(phiIn, phiLogprobs[t]);
    // emit -> blank by emitting a blank, only needed before a repeated label.
    nextPhi = updatePhi(nextPhi, add(add(emit, phiLogprobs[t]), repeatOnlyPenalty));
    // Past the end of a sequence the state is carried unchanged.
    const p = pads[t];
    nextEmit = add(multiply(p, emit), multiply(subtract(1, p), nextEmit));
    nextPhi = add(multiply(p, prevPhi), multiply(subtract(1, p), nextPhi));
    phi = nextPhi;
    emit = nextEmit;
  }
  const last = updatePhi(phi, emit);
  const pick = cast(oneHot(tLen, maxLabel + 1), dtype);
  return negative(sum(multiply(last, pick), 1));
}) as {
  (target: TensorLike, output: TensorLike, targetLength: TensorLike, outputLength: TensorLike, maskIndex?: number): Tensor;
  (target: TensorLike, output: TensorLike, targetLength: TensorLike, outputLength: TensorLike, options: { maskIndex?: number }): Tensor;
};
