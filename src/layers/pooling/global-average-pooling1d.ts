/**
 * `keras.layers.GlobalAveragePooling1D` (alias `GlobalAvgPool1D`): the mean
 * over the steps of (batch, steps, features). With a timestep mask
 * (batch, steps) it averages only the unmasked steps, and the mask stops here.
 */
import type { Tensor } from "../../engine/tensor.js";
import type { KerasTensor } from "../keras-tensor.js";
import { cast } from "../../ops/core/cast.js";
import { divide } from "../../ops/math/arithmetic.js";
import { where } from "../../ops/math/select.js";
import { expandDims } from "../../ops/shape/dims.js";
import { mean, sum } from "../../ops/reduction/sum.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseGlobalPooling, GlobalPoolingOptions } from "./base-global-pooling.js";

export class GlobalAveragePooling1D extends BaseGlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super(1, options);
    this.supportsMasking = true;
  }

  override call(inputs: Tensor, { mask = null }: { mask?: Tensor | null } = {}): Tensor {
    const stepsAxis = this.dataFormat === "channels_last" ? 1 : 2;
    if (mask === null || mask === undefined) return mean(inputs, { axis: stepsAxis, keepdims: this.keepdims });
    const expanded = cast(expandDims(mask, this.dataFormat === "channels_last" ? 2 : 1), "bool");
    const kept = where(expanded, inputs, 0);
    const count = sum(cast(expanded, kept.dtype), { axis: stepsAxis, keepdims: this.keepdims });
    return divide(sum(kept, { axis: stepsAxis, keepdims: this.keepdims }), count);
  }

  override computeMask(_inputs: Tensor | KerasTensor, _mask?: unknown): null {
    return null;
  }
}

registerBuiltin("keras.layers", "GlobalAveragePooling1D", GlobalAveragePooling1D);
registerBuiltin("keras.layers", "GlobalAvgPool1D", GlobalAveragePooling1D);
