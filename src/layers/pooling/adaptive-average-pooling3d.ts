/**
 * `keras.layers.AdaptiveAveragePooling3D`: mean pooling to a fixed `outputSize` over 3 spatial
 * dims, whatever the input length (uneven windows where it does not divide).
 * Everything else is BaseAdaptivePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { AdaptivePoolingOptions, BaseAdaptivePooling } from "./base-adaptive-pooling.js";

export class AdaptiveAveragePooling3D extends BaseAdaptivePooling {
  constructor(outputSize: number | number[], options: AdaptivePoolingOptions = {}) {
    super(3, "average", outputSize, options);
  }
}

registerBuiltin("keras.layers", "AdaptiveAveragePooling3D", AdaptiveAveragePooling3D);
