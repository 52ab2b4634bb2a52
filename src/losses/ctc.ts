/**
 * Keras's CTC loss function (`ctc`) and class (`CTC`): labels padded with the
 * blank class 0, every output step valid. The recursion itself is
 * `keras.ops.nn.ctc_loss` (src/ops/nn/ctc.ts).
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

/** Per-sequence CTC loss: `keras.ops.nn.ctc_loss` (src/ops/nn/ctc.ts), re-exported as `keras.losses.ctcLoss`. */
export const ctcLoss = ops.ctcLoss;

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
