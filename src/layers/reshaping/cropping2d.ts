/**
 * `keras.layers.Cropping2D({ cropping = [[0, 0], [0, 0]], dataFormat })`:
 * trims rows and columns of an image batch. `cropping` is an int (all four
 * sides), `[height, width]` (symmetric per axis) or
 * `[[top, bottom], [left, right]]`.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { SpatialCropping, SpatialCroppingOptions } from "./spatial-cropping.js";

export interface Cropping2DOptions extends SpatialCroppingOptions {
  cropping?: number | readonly (number | readonly number[])[];
}

const FORMS =
  "an int, a tuple of 2 ints (symmetric_height_crop, symmetric_width_crop), " +
  "or a tuple of 2 tuples of 2 ints ((top_crop, bottom_crop), (left_crop, right_crop))";

export class Cropping2D extends SpatialCropping {
  constructor(options: Cropping2DOptions = {}) {
    super(2, [[0, 0], [0, 0]], FORMS, options);
  }

  static override fromConfig(config: Record<string, any>): Cropping2D {
    return new Cropping2D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Cropping2D", Cropping2D);
