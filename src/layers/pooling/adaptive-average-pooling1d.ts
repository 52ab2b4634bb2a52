/**
 * `keras.layers.AdaptiveAveragePooling1D`: mean pooling to a fixed `outputSize` over 1 spatial
 * dim, whatever the input length (uneven windows where it does not divide).
 * Everything else is BaseAdaptivePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { AdaptivePoolingOptions, BaseAdaptivePooling } from "./base-adaptive-pooling.js";

export class AdaptiveAveragePooling1D extends BaseAdaptivePooling {
  constructor(outputSize: number | number[], options: AdaptivePoolingOptions = {}) {
    super(1, "average", outputSize, options);
  }
}

registerBuiltin("keras.layers", "AdaptiveAveragePooling1D", AdaptiveAveragePooling1D);
