/**
 * `keras.layers.GlobalMaxPooling3D` (alias `GlobalMaxPool3D`): the maximum over
 * the 3 spatial dims, per channel.
 */
import type { Tensor } from "../../engine/tensor.js";
import { max } from "../../ops/reduction/extrema.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseGlobalPooling, GlobalPoolingOptions } from "./base-global-pooling.js";

export class GlobalMaxPooling3D extends BaseGlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super(3, options);
  }

  override call(inputs: Tensor): Tensor {
    return max(inputs, { axis: this.spatialAxes(), keepdims: this.keepdims });
  }
}

registerBuiltin("keras.layers", "GlobalMaxPooling3D", GlobalMaxPooling3D);
registerBuiltin("keras.layers", "GlobalMaxPool3D", GlobalMaxPooling3D);
