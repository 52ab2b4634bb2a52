/**
 * `keras.layers.GlobalMaxPooling2D` (alias `GlobalMaxPool2D`): the maximum over
 * the 2 spatial dims, per channel.
 */
import type { Tensor } from "../../engine/tensor.js";
import { max } from "../../ops/reduction/extrema.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseGlobalPooling, GlobalPoolingOptions } from "./base-global-pooling.js";

export class GlobalMaxPooling2D extends BaseGlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super(2, options);
  }

  override call(inputs: Tensor): Tensor {
    return max(inputs, { axis: this.spatialAxes(), keepdims: this.keepdims });
  }
}

registerBuiltin("keras.layers", "GlobalMaxPooling2D", GlobalMaxPooling2D);
registerBuiltin("keras.layers", "GlobalMaxPool2D", GlobalMaxPooling2D);
