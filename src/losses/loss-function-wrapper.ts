/**
 * `keras.losses.LossFunctionWrapper`: a `Loss` around a function
 * `fn(yTrue, yPred, options)`. The built-in loss classes are wrappers of the
 * functions of the same family.
 */
import { Tensor } from "../engine/tensor.js";
import { ValueError } from "../engine/errors.js";
import { camelToSnake, snakeToCamel } from "../utils/naming.js";
import { Loss, LossConfig, LossOptions } from "./loss.js";
import { squeezeOrExpandToSameRank } from "./reduction.js";
import { CustomObjects, deserializeLossFunction, LossFunction, serializeLossFunction } from "./loss-function.js";

export interface LossFunctionWrapperOptions extends LossOptions {
  /** Any other key is passed to `fn` as an option (camelCase). */
  [fnOption: string]: unknown;
}

const LOSS_KEYS = new Set(["reduction", "name", "dtype"]);

export class LossFunctionWrapper extends Loss {
  readonly fn: LossFunction;
  /** Options passed to `fn` on every call (camelCase keys). */
  protected readonly fnKwargs: Record<string, unknown>;

  constructor(fn: LossFunction, options: LossFunctionWrapperOptions = {}) {
    if (typeof fn !== "function") {
      throw new ValueError(`LossFunctionWrapper: \`fn\` must be a function (yTrue, yPred, options) => Tensor. Received: ${String(fn)}`);
    }
    const { reduction, name, dtype } = options;
    super({ reduction, name, dtype });
    this.fn = fn;
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) if (!LOSS_KEYS.has(k)) kwargs[k] = v;
    this.fnKwargs = kwargs;
  }

  override call(yTrue: Tensor, yPred: Tensor): Tensor {
    [yTrue, yPred] = squeezeOrExpandToSameRank(yTrue, yPred);
    return Object.keys(this.fnKwargs).length ? this.fn(yTrue, yPred, this.fnKwargs) : this.fn(yTrue, yPred);
  }

  /** Keras: the base config, the serialized `fn`, and the function's options in snake_case. */
  override getConfig(): LossConfig {
    const config: LossConfig = { ...super.getConfig(), fn: serializeLossFunction(this.fn) };
    for (const [k, v] of Object.entries(this.fnKwargs)) config[camelToSnake(k)] = v;
    return config;
  }

  static override fromConfig<T extends Loss>(this: new (...args: any[]) => T, config: LossConfig, customObjects?: CustomObjects): T {
    const options: Record<string, unknown> = {};
    let fn: LossFunction | undefined;
    for (const [k, v] of Object.entries(config ?? {})) {
      if (k === "fn") fn = deserializeLossFunction(v, customObjects);
      else options[snakeToCamel(k)] = v;
    }
    if ((this as unknown) === LossFunctionWrapper) {
      if (!fn) throw new ValueError(`LossFunctionWrapper.fromConfig: the config has no "fn". Received: ${JSON.stringify(config)}`);
      return new this(fn, options);
    }
    // Subclasses (MeanSquaredError & co) take only options.
    return new this(options);
  }

  override toString(): string {
    return `<LossFunctionWrapper(${this.fn.name || "fn"}, kwargs=${JSON.stringify(this.fnKwargs)})>`;
  }
}
