/**
 * `keras.layers.GlobalMaxPooling1D` (alias `GlobalMaxPool1D`): the maximum over
 * the 1 spatial dim, per channel.
 */
import type { Tensor } from "../../engine/tensor.js";
import { max } from "../../ops/reduction/extrema.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseGlobalPooling, GlobalPoolingOptions } from "./base-global-pooling.js";

export class GlobalMaxPooling1D extends BaseGlobalPooling {
  constructor(options: GlobalPoolingOptions = {}) {
    super(1, options);
  }

  override call(inputs: Tensor): Tensor {
    return max(inputs, { axis: this.spatialAxes(), keepdims: this.keepdims });
  }
}

registerBuiltin("keras.layers", "GlobalMaxPooling1D", GlobalMaxPooling1D);
registerBuiltin("keras.layers", "GlobalMaxPool1D", GlobalMaxPooling1D);
