/**
 * `keras.layers.ZeroPadding1D({ padding = 1, dataFormat })`: adds zero steps
 * at the start and end of the steps axis of a (batch, steps, features) input
 * ((batch, features, steps) with channels_first). `padding` is an int or
 * `[start, end]`.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { standardizePair } from "./spatial-args.js";
import { SpatialZeroPadding, SpatialZeroPaddingOptions } from "./spatial-zero-padding.js";

export interface ZeroPadding1DOptions extends SpatialZeroPaddingOptions {
  padding?: number | readonly number[];
}

export class ZeroPadding1D extends SpatialZeroPadding {
  constructor(options: ZeroPadding1DOptions = {}) {
    super(1, 1, (value) => [standardizePair(value, "padding")], options);
  }

  protected override paddingConfig(): unknown {
    return this.padding[0].slice();
  }

  static override fromConfig(config: Record<string, any>): ZeroPadding1D {
    return new ZeroPadding1D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "ZeroPadding1D", ZeroPadding1D);
