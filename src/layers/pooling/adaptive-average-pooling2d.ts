/**
 * `keras.layers.AdaptiveAveragePooling2D`: mean pooling to a fixed `outputSize` over 2 spatial
 * dims, whatever the input length (uneven windows where it does not divide).
 * Everything else is BaseAdaptivePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { AdaptivePoolingOptions, BaseAdaptivePooling } from "./base-adaptive-pooling.js";

export class AdaptiveAveragePooling2D extends BaseAdaptivePooling {
  constructor(outputSize: number | number[], options: AdaptivePoolingOptions = {}) {
    super(2, "average", outputSize, options);
  }
}

registerBuiltin("keras.layers", "AdaptiveAveragePooling2D", AdaptiveAveragePooling2D);
