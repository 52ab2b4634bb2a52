/**
 * Weight constraints: MaxNorm, MinMaxNorm, UnitNorm (norms taken along
 * `axis`, e.g. axis 0 of a Dense kernel constrains each unit's incoming
 * weights), and NonNeg.
 */
import { Tensor } from "../engine/tensor.js";
import { epsilon } from "../config/settings.js";
import { sqrt, square } from "../ops/math/unary.js";
import { add, divide, multiply } from "../ops/math/arithmetic.js";
import { greaterEqual } from "../ops/math/comparison.js";
import { clip } from "../ops/math/select.js";
import { cast } from "../ops/core/cast.js";
import { sum } from "../ops/reduction/sum.js";
import { Constraint, ConstraintConfig, checkOptions } from "./constraint.js";

type Axis = number | number[];

function norms(w: Tensor, axis: Axis): Tensor {
  return sqrt(sum(square(w), axis, true));
}

/** `keras.constraints.MaxNorm({ maxValue=2, axis=0 })`: rescales slices whose norm exceeds maxValue. */
export class MaxNorm extends Constraint {
  readonly maxValue: number;
  readonly axis: Axis;
  constructor(options: { maxValue?: number; axis?: Axis } = {}) {
    super();
    checkOptions("MaxNorm", options, ["maxValue", "axis"]);
    this.maxValue = options.maxValue ?? 2;
    this.axis = options.axis ?? 0;
  }
  override call(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = clip(n, 0, this.maxValue);
    return multiply(w, divide(desired, add(n, epsilon())));
  }
  override getConfig(): ConstraintConfig {
    return { max_value: this.maxValue, axis: this.axis };
  }
}

/**
 * `keras.constraints.MinMaxNorm({ minValue=0, maxValue=1, rate=1, axis=0 })`:
 * moves each slice's norm towards [minValue, maxValue]; `rate` = 1 projects
 * fully, smaller rates interpolate with the current norm.
 */
export class MinMaxNorm extends Constraint {
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: Axis;
  constructor(options: { minValue?: number; maxValue?: number; rate?: number; axis?: Axis } = {}) {
    super();
    checkOptions("MinMaxNorm", options, ["minValue", "maxValue", "rate", "axis"]);
    this.minValue = options.minValue ?? 0.0;
    this.maxValue = options.maxValue ?? 1.0;
    this.rate = options.rate ?? 1.0;
    this.axis = options.axis ?? 0;
  }
  override call(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = add(multiply(clip(n, this.minValue, this.maxValue), this.rate), multiply(n, 1 - this.rate));
    return multiply(w, divide(desired, add(n, epsilon())));
  }
  override getConfig(): ConstraintConfig {
    return { min_value: this.minValue, max_value: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/** `keras.constraints.UnitNorm({ axis=0 })`: each slice divided by its norm. */
export class UnitNorm extends Constraint {
  readonly axis: Axis;
  constructor(options: { axis?: Axis } = {}) {
    super();
    checkOptions("UnitNorm", options, ["axis"]);
    this.axis = options.axis ?? 0;
  }
  override call(w: Tensor): Tensor {
    return divide(w, add(norms(w, this.axis), epsilon()));
  }
  override getConfig(): ConstraintConfig {
    return { axis: this.axis };
  }
}

/** `keras.constraints.NonNeg()`: negative weights set to zero. */
export class NonNeg extends Constraint {
  constructor(options?: Record<string, never>) {
    super();
    checkOptions("NonNeg", options, []);
  }
  override call(w: Tensor): Tensor {
    return multiply(w, cast(greaterEqual(w, 0), w.dtype));
  }
}
