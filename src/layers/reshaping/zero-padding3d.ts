/**
 * `keras.layers.ZeroPadding3D({ padding = [[1, 1], [1, 1], [1, 1]], dataFormat })`:
 * adds zeros around the three spatial axes of a volume batch. `padding` is an
 * int, three symmetric amounts, or three `[before, after]` pairs.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { standardizeSpatialPairs } from "./spatial-args.js";
import { SpatialZeroPadding, SpatialZeroPaddingOptions } from "./spatial-zero-padding.js";

export interface ZeroPadding3DOptions extends SpatialZeroPaddingOptions {
  padding?: number | readonly (number | readonly number[])[];
}

const FORMS =
  "an int, a tuple of 3 ints (symmetric_dim1_pad, symmetric_dim2_pad, symmetric_dim3_pad), " +
  "or a tuple of 3 tuples of 2 ints ((left_dim1_pad, right_dim1_pad), (left_dim2_pad, right_dim2_pad), " +
  "(left_dim3_pad, right_dim3_pad))";

export class ZeroPadding3D extends SpatialZeroPadding {
  constructor(options: ZeroPadding3DOptions = {}) {
    super(3, [[1, 1], [1, 1], [1, 1]], (value) => standardizeSpatialPairs(value, 3, "padding", FORMS), options);
  }

  static override fromConfig(config: Record<string, any>): ZeroPadding3D {
    return new ZeroPadding3D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "ZeroPadding3D", ZeroPadding3D);
