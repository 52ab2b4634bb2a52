/**
 * `keras.layers.AdaptiveMaxPooling3D`: maximum pooling to a fixed `outputSize` over 3 spatial
 * dims, whatever the input length (uneven windows where it does not divide).
 * Everything else is BaseAdaptivePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { AdaptivePoolingOptions, BaseAdaptivePooling } from "./base-adaptive-pooling.js";

export class AdaptiveMaxPooling3D extends BaseAdaptivePooling {
  constructor(outputSize: number | number[], options: AdaptivePoolingOptions = {}) {
    super(3, "max", outputSize, options);
  }
}

registerBuiltin("keras.layers", "AdaptiveMaxPooling3D", AdaptiveMaxPooling3D);
