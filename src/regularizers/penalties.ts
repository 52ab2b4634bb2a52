/**
 * Norm penalties: L1 = l1 * sum|x|, L2 = l2 * sum(x^2), L1L2 = both.
 *
 * Keras 3.15 stores L1's factor as a float32 tensor, so its config reads
 * back the float32 value (0.01 -> 0.009999999776482582); L2 and L1L2 keep the
 * number as given. Configs reproduce that.
 */
import { Tensor } from "../engine/tensor.js";
import { abs, square } from "../ops/math/unary.js";
import { add, multiply } from "../ops/math/arithmetic.js";
import { sum } from "../ops/reduction/sum.js";
import { zeros } from "../ops/core/creation.js";
import { Regularizer, RegularizerConfig, checkOptions, validateFloatArg } from "./regularizer.js";

function factorOf(value: unknown, fallback: number): number | unknown {
  return value === undefined || value === null ? fallback : value;
}

/** `keras.regularizers.L1({ l1=0.01 })` (a bare number works too). */
export class L1 extends Regularizer {
  readonly l1: number;
  constructor(options: number | { l1?: number | null } = {}) {
    super();
    if (typeof options === "number") options = { l1: options };
    checkOptions("L1", options, ["l1"]);
    this.l1 = Math.fround(validateFloatArg(factorOf(options.l1, 0.01), "l1"));
  }
  override call(x: Tensor): Tensor {
    return multiply(sum(abs(x)), this.l1);
  }
  override getConfig(): RegularizerConfig {
    return { l1: this.l1 };
  }
}

/** `keras.regularizers.L2({ l2=0.01 })` (a bare number works too). */
export class L2 extends Regularizer {
  readonly l2: number;
  constructor(options: number | { l2?: number | null } = {}) {
    super();
    if (typeof options === "number") options = { l2: options };
    checkOptions("L2", options, ["l2"]);
    this.l2 = validateFloatArg(factorOf(options.l2, 0.01), "l2");
  }
  override call(x: Tensor): Tensor {
    return multiply(sum(square(x)), this.l2);
  }
  override getConfig(): RegularizerConfig {
    return { l2: this.l2 };
  }
}

/** `keras.regularizers.L1L2({ l1=0, l2=0 })`. */
export class L1L2 extends Regularizer {
  readonly l1: number;
  readonly l2: number;
  constructor(options: { l1?: number | null; l2?: number | null } = {}) {
    super();
    checkOptions("L1L2", options, ["l1", "l2"]);
    this.l1 = validateFloatArg(factorOf(options.l1, 0), "l1");
    this.l2 = validateFloatArg(factorOf(options.l2, 0), "l2");
  }
  override call(x: Tensor): Tensor {
    let penalty = zeros([], x.dtype);
    if (this.l1) penalty = add(penalty, multiply(sum(abs(x)), this.l1));
    if (this.l2) penalty = add(penalty, multiply(sum(square(x)), this.l2));
    return penalty;
  }
  override getConfig(): RegularizerConfig {
    return { l1: this.l1, l2: this.l2 };
  }
}
