/**
 * `keras.losses.Loss`: the base class. `apply(yTrue, yPred, sampleWeight)` is
 * Keras's `loss(y_true, y_pred, sample_weight)`: both inputs are converted to
 * the loss dtype, `call` gives per-sample values, and these are weighted
 * (sample weights and Keras masks on `yPred` or on the values) and reduced.
 * Subclasses override `call`.
 */
import { Tensor, isTensor } from "../engine/tensor.js";
import type { DType } from "../engine/dtype.js";
import { NotImplementedError, ValueError } from "../engine/errors.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import { DTypePolicy } from "../dtype-policies/dtype-policy.js";
import { autoName } from "../layers/object-names.js";
import { configToOptions } from "../utils/naming.js";
import * as ops from "../ops/index.js";
import { Reduction, reduceWeightedValues, standardizeReduction } from "./reduction.js";

export type LossDType = DType | string | DTypePolicy | { name?: string | null } | null;

export interface LossOptions {
  reduction?: Reduction;
  name?: string | null;
  /** The dtype of the computation (a dtype name or a DTypePolicy: its compute dtype); default floatx. */
  dtype?: LossDType;
}

export type LossConfig = Record<string, unknown>;

function keyedMask(x: unknown): Tensor | null {
  const mask = isTensor(x) ? x.kerasMask : null;
  return mask ? mask : null;
}

export class Loss {
  name: string;
  reduction: Reduction;
  private readonly _dtype: DType;

  constructor(options: LossOptions = {}) {
    this.name = options.name ?? autoName(this.constructor.name);
    this.reduction = standardizeReduction(options.reduction);
    this._dtype = new DTypePolicy((options.dtype ?? null) as string | null).computeDtype;
  }

  /** The dtype inputs are converted to before `call`. */
  get dtype(): DType {
    return this._dtype;
  }

  /** Keras's `loss(y_true, y_pred, sample_weight)`: the reduced (or, with reduction "none", per-sample) loss. */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): Tensor {
    const inMask = keyedMask(yPred);
    const pred = toTensor(yPred, this.dtype, `${this.constructor.name} "${this.name}"`);
    const truth = toTensor(yTrue, this.dtype, `${this.constructor.name} "${this.name}"`);
    try {
      const losses = this.call(truth, pred);
      const outMask = keyedMask(losses);
      let mask: Tensor | null = null;
      if (inMask && outMask) mask = ops.logicalAnd(inMask, outMask);
      else mask = inMask ?? outMask;
      return reduceWeightedValues(losses, sampleWeight, mask, this.reduction, this.dtype);
    } catch (e) {
      throw this.namedError(e, truth, pred);
    }
  }

  /** Per-sample (unreduced) loss values; subclasses implement it. */
  call(_yTrue: Tensor, _yPred: Tensor): Tensor {
    throw new NotImplementedError(`${this.constructor.name}.call() is not implemented: a custom Loss must override call(yTrue, yPred).`);
  }

  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }

  static fromConfig<T extends Loss>(this: new (options?: any) => T, config: LossConfig): T {
    return new this(configToOptions(config ?? {}));
  }

  toString(): string {
    return `<${this.constructor.name} name=${this.name}>`;
  }

  /** Re-throws an error from inside the loss with the loss named, and the shapes it was given. */
  private namedError(e: unknown, yTrue: Tensor, yPred: Tensor): unknown {
    if (!(e instanceof Error) || e instanceof NotImplementedError) return e;
    const shapes = `y_true.shape=[${yTrue.shape.join(", ")}], y_pred.shape=[${yPred.shape.join(", ")}]`;
    const err = new ValueError(`Loss ${this.constructor.name} "${this.name}" failed on ${shapes}: ${e.message}`);
    (err as { cause?: unknown }).cause = e;
    return err;
  }
}

/** Rejects option keys a constructor does not know (Keras raises TypeError on unexpected keyword arguments). */
export function checkOptionKeys(className: string, options: object, allowed: readonly string[]): void {
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) {
      throw new TypeError(`${className}: unexpected option "${k}". Valid options: ${allowed.join(", ")}.`);
    }
  }
}

/** The options every loss takes. */
export const LOSS_OPTION_KEYS = ["reduction", "name", "dtype"] as const;
