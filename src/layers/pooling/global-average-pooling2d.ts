/**
 * `keras.layers.GlobalAveragePooling2D` (alias `GlobalAvgPool2D`): the mean over
 * the 2 spatial dims, per channel.
 */
import type { Tensor } from "../../engine/tensor.js";
import { mean } from "../../ops/reduction/sum.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseGlobalPooling, GlobalPoolingOptions } from "./base-global-pooling.js";

export class GlobalAveragePooling2D extends BaseGlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super(2, options);
  }

  override call(inputs: Tensor): Tensor {
    return mean(inputs, { axis: this.spatialAxes(), keepdims: this.keepdims });
  }
}

registerBuiltin("keras.layers", "GlobalAveragePooling2D", GlobalAveragePooling2D);
registerBuiltin("keras.layers", "GlobalAvgPool2D", GlobalAveragePooling2D);
