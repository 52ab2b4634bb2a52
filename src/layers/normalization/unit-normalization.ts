/**
 * `keras.layers.UnitNormalization(axis = -1)`: scales each sample to unit L2
 * norm over `axis` (an integer or a list of axes):
 * y = x * rsqrt(max(sum(x^2), 1e-12)), so an all-zero slice stays zero.
 */
import { TypeError_ } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { maximum, multiply } from "../../ops/math/arithmetic.js";
import { rsqrt, square } from "../../ops/math/unary.js";
import { sum } from "../../ops/reduction/sum.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { checkAxesInRange } from "./layer-normalization.js";

export interface UnitNormalizationOptions extends LayerOptions {
  axis?: number | number[];
}

export class UnitNormalization extends Layer {
  declare axis: number | number[];

  constructor(options: UnitNormalizationOptions = {}) {
    const { axis = -1, ...base } = options;
    super(base);
    const ok = Number.isInteger(axis) || (Array.isArray(axis) && axis.every((a) => Number.isInteger(a)));
    if (!ok) throw new TypeError_(`Invalid value for \`axis\` argument: expected an int or a list/tuple of ints. Received: axis=${pyRepr(axis)}`);
    this.axis = Array.isArray(axis) ? axis.slice() : axis;
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    const x = cast(inputs, this.computeDtype);
    const squareSum = sum(square(x), this.axis, true);
    return multiply(x, rsqrt(maximum(squareSum, 1e-12)));
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    checkAxesInRange(this.axis, inputShape);
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? this.axis.slice() : this.axis };
  }

  static override fromConfig(config: Record<string, any>): UnitNormalization {
    return new UnitNormalization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "UnitNormalization", UnitNormalization);
