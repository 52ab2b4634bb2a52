/**
 * `keras.optimizers.AdamW`: Adam with decoupled weight decay (Loshchilov &
 * Hutter, 2019). The decay itself is the base optimizer's
 * `w -= w * weight_decay * lr` before each update; AdamW only makes it
 * mandatory (default 0.004).
 */
import { LearningRateLike, optionsFromArgument } from "./optimizer-options.js";
import { ValueError } from "../engine/errors.js";
import { Adam, AdamOptions } from "./adam.js";

export type AdamWOptions = AdamOptions;

export class AdamW extends Adam {
  constructor(options: AdamWOptions | LearningRateLike = {}) {
    const o: AdamWOptions = { ...optionsFromArgument<AdamWOptions>(options) };
    if (!("weightDecay" in o) || o.weightDecay === undefined) o.weightDecay = 0.004;
    super(o);
    if (this.weightDecay === null) {
      throw new ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None");
    }
  }
}
