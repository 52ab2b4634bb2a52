/**
 * `keras.layers.AdaptiveMaxPooling1D`: maximum pooling to a fixed `outputSize` over 1 spatial
 * dim, whatever the input length (uneven windows where it does not divide).
 * Everything else is BaseAdaptivePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { AdaptivePoolingOptions, BaseAdaptivePooling } from "./base-adaptive-pooling.js";

export class AdaptiveMaxPooling1D extends BaseAdaptivePooling {
  constructor(outputSize: number | number[], options: AdaptivePoolingOptions = {}) {
    super(1, "max", outputSize, options);
  }
}

registerBuiltin("keras.layers", "AdaptiveMaxPooling1D", AdaptiveMaxPooling1D);
