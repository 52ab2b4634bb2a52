/**
 * `keras.layers.AdaptiveMaxPooling2D`: maximum pooling to a fixed `outputSize` over 2 spatial
 * dims, whatever the input length (uneven windows where it does not divide).
 * Everything else is BaseAdaptivePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { AdaptivePoolingOptions, BaseAdaptivePooling } from "./base-adaptive-pooling.js";

export class AdaptiveMaxPooling2D extends BaseAdaptivePooling {
  constructor(outputSize: number | number[], options: AdaptivePoolingOptions = {}) {
    super(2, "max", outputSize, options);
  }
}

registerBuiltin("keras.layers", "AdaptiveMaxPooling2D", AdaptiveMaxPooling2D);
