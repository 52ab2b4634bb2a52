/**
 * CTC (Connectionist Temporal Classification) loss. The forward recursion runs
 * in log space over time steps, vectorised over the batch and the label
 * positions, in the "blank (phi) / emit" formulation Keras's backends use:
 * phi[n] is the log-probability of having emitted the first n labels and being
 * in a blank (or just after label n), emit[n] of currently emitting label n.
 * Unreachable states hold log(0) as -1e5, as Keras does, so everything stays
 * finite and differentiable through the ops.
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { toTensor } from "../engine/convert.js";
import { ValueError } from "../engine/errors.js";
import { formatShape } from "../engine/shape.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys, Loss, LossConfig, LossOptions, LOSS_OPTION_KEYS } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import { defineLossFunction } from "./loss-function.js";

const LOG_EPSILON = -1e5;

/** log(exp(a) + exp(b)) elementwise (a softmax-weighted gradient, exact at ties). */
function logAddExp(a: Tensor, b: Tensor): Tensor {
  return ops.logsumexp(ops.stack([a, b], -1), -1);
}

/** Adds `added` (in log space) to phi[:, 1:], leaving phi[:, 0] alone. */
function updatePhi(phi: Tensor, added: Tensor): Tensor {
  const n = phi.shape[1];
  const head = ops.slice(phi, [0, 0], [phi.shape[0], 1]);
  const tail = ops.slice(phi, [0, 1], [phi.shape[0], n - 1]);
  return ops.concatenate([head, logAddExp(tail, added)], 1);
}

/**
 * Per-sequence CTC loss -log p(target | logits).
 * target: (batch, maxLabelLength) int labels; output: (batch, time, classes) logits;
 * targetLength / outputLength: (batch,) valid lengths; `maskIndex` is the blank class.
 */
export function ctcLoss(target: TensorLike, output: TensorLike, targetLength: TensorLike, outputLength: TensorLike, maskIndex = 0): Tensor {
  const labels = ops.cast(toTensor(target, undefined, "ctcLoss"), "int32");
  let logits = toTensor(output, undefined, "ctcLoss");
  if (logits.dtype !== "float64") logits = ops.cast(logits, "float32");
  const [batch, time, numClasses] = logits.shape;
  const maxLabel = labels.shape[1];
  const dtype = logits.dtype;
  const tLen = ops.cast(toTensor(targetLength, undefined, "ctcLoss"), "int32");
  const oLen = ops.cast(toTensor(outputLength, undefined, "ctcLoss"), "int32");

  const logprobs = ops.logSoftmax(logits, -1);
  // repeat[b, n] = 1 when label n equals label n + 1 (a blank is then required between them).
  const sameAsNext = ops.cast(ops.equal(ops.slice(labels, [0, 0], [batch, maxLabel - 1]), ops.slice(labels, [0, 1], [batch, maxLabel - 1])), dtype);
  const repeat = ops.pad(sameAsNext, [[0, 0], [0, 1]]);
  const noRepeatPenalty = ops.multiply(repeat, LOG_EPSILON);
  const repeatOnlyPenalty = ops.multiply(ops.subtract(1, repeat), LOG_EPSILON);

  // Per time step: log p(blank) (batch, 1) and log p(label n) (batch, maxLabel).
  const phiLogprobs = ops.unstack(ops.slice(logprobs, [0, 0, maskIndex], [batch, time, 1]), null, 1);
  const emitLogprobs = ops.unstack(ops.einsum("btk,bnk->btn", logprobs, ops.cast(ops.oneHot(labels, numClasses), dtype)), null, 1);
  const padded = ops.cast(ops.greaterEqual(ops.expandDims(ops.arange(time), 0), ops.expandDims(oLen, 1)), dtype);
  const pads = ops.unstack(padded, null, 1).map((p) => ops.reshape(p, [batch, 1]));

  const phi0 = ops.concatenate([ops.zeros([batch, 1], dtype), ops.full([batch, maxLabel], LOG_EPSILON, dtype)], 1);
  let phi = phi0;
  let emit = ops.full([batch, maxLabel], LOG_EPSILON, dtype);
  for (let t = 0; t < time; t++) {
    const prevPhi = phi;
    // emit -> blank, except into a repeated label.
    const phiIn = updatePhi(phi, ops.add(emit, noRepeatPenalty));
    const e = emitLogprobs[t];
    const phiHead = ops.slice(phiIn, [0, 0], [batch, maxLabel]);
    let nextEmit = logAddExp(ops.add(phiHead, e), ops.add(emit, e));
    let nextPhi = ops.add(phiIn, phiLogprobs[t]);
    // emit -> blank by emitting a blank, only needed before a repeated label.
    nextPhi = updatePhi(nextPhi, ops.add(ops.add(emit, phiLogprobs[t]), repeatOnlyPenalty));
    // Past the end of a sequence the state is carried unchanged.
    const pad = pads[t];
    nextEmit = ops.add(ops.multiply(pad, emit), ops.multiply(ops.subtract(1, pad), nextEmit));
    nextPhi = ops.add(ops.multiply(pad, prevPhi), ops.multiply(ops.subtract(1, pad), nextPhi));
    phi = nextPhi;
    emit = nextEmit;
  }
  const last = updatePhi(phi, emit);
  const pick = ops.cast(ops.oneHot(tLen, maxLabel + 1), dtype);
  return ops.negative(ops.sum(ops.multiply(last, pick), 1));
}

/** Keras's `ctc(y_true, y_pred)`: labels (batch, maxLength) with 0 as the blank / padding, logits (batch, time, classes). */
export const ctc = defineLossFunction("ctc", function ctc(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const t = toTensor(yTrue, undefined, "keras.losses.ctc");
  const p = toTensor(yPred, undefined, "keras.losses.ctc");
  if (t.rank !== 2) {
    throw new ValueError(
      `Targets \`y_true\` are expected to be a tensor of shape \`(batch_size, max_length)\` in integer format. Received: y_true.shape=${formatShape(t.shape)}`,
    );
  }
  if (p.rank !== 3) {
    throw new ValueError(
      `Logits \`y_pred\` are expected to be a tensor of shape \`(batch_size, max_length, num_classes)\`. Received: y_pred.shape=${formatShape(p.shape)}`,
    );
  }
  if (t.shape[0] !== p.shape[0]) {
    throw new ValueError(`keras.losses.ctc: y_true and y_pred must have the same batch size. Received: y_true.shape=${formatShape(t.shape)}, y_pred.shape=${formatShape(p.shape)}`);
  }
  const maskIndex = 0;
  const batch = p.shape[0];
  const inputLength = ops.full([batch], p.shape[1], "int32");
  const labelLength = ops.cast(ops.sum(ops.notEqual(t, maskIndex), -1), "int32");
  return ctcLoss(t, p, labelLength, inputLength, maskIndex);
});

export class CTC extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    checkOptionKeys("CTC", options, LOSS_OPTION_KEYS);
    super(ctc, { ...options, name: options.name ?? "ctc" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}
