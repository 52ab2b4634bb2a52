/**
 * `keras.layers.GlobalAveragePooling3D` (alias `GlobalAvgPool3D`): the mean over
 * the 3 spatial dims, per channel.
 */
import type { Tensor } from "../../engine/tensor.js";
import { mean } from "../../ops/reduction/sum.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseGlobalPooling, GlobalPoolingOptions } from "./base-global-pooling.js";

export class GlobalAveragePooling3D extends BaseGlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super(3, options);
  }

  override call(inputs: Tensor): Tensor {
    return mean(inputs, { axis: this.spatialAxes(), keepdims: this.keepdims });
  }
}

registerBuiltin("keras.layers", "GlobalAveragePooling3D", GlobalAveragePooling3D);
registerBuiltin("keras.layers", "GlobalAvgPool3D", GlobalAveragePooling3D);
