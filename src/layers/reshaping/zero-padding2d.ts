/**
 * `keras.layers.ZeroPadding2D({ padding = [1, 1], dataFormat })`: adds rows
 * and columns of zeros around an image batch. `padding` is an int (all four
 * sides), `[height, width]` (symmetric per axis) or
 * `[[top, bottom], [left, right]]`.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { standardizeSpatialPairs } from "./spatial-args.js";
import { SpatialZeroPadding, SpatialZeroPaddingOptions } from "./spatial-zero-padding.js";

export interface ZeroPadding2DOptions extends SpatialZeroPaddingOptions {
  padding?: number | readonly (number | readonly number[])[];
}

const FORMS =
  "an int, a tuple of 2 ints (symmetric_height_pad, symmetric_width_pad), " +
  "or a tuple of 2 tuples of 2 ints ((top_pad, bottom_pad), (left_pad, right_pad))";

export class ZeroPadding2D extends SpatialZeroPadding {
  constructor(options: ZeroPadding2DOptions = {}) {
    super(2, [1, 1], (value) => standardizeSpatialPairs(value, 2, "padding", FORMS), options);
  }

  static override fromConfig(config: Record<string, any>): ZeroPadding2D {
    return new ZeroPadding2D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "ZeroPadding2D", ZeroPadding2D);
