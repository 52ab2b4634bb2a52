/**
 * `keras.layers.Cropping3D({ cropping = [[1, 1], [1, 1], [1, 1]], dataFormat })`:
 * trims the three spatial axes of a volume batch. `cropping` is an int, three
 * symmetric amounts, or three `[before, after]` pairs.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { SpatialCropping, SpatialCroppingOptions } from "./spatial-cropping.js";

export interface Cropping3DOptions extends SpatialCroppingOptions {
  cropping?: number | readonly (number | readonly number[])[];
}

const FORMS =
  "an int, a tuple of 3 ints (symmetric_dim1_crop, symmetric_dim2_crop, symmetric_dim3_crop), " +
  "or a tuple of 3 tuples of 2 ints ((left_dim1_crop, right_dim1_crop), (left_dim2_crop, right_dim2_crop), " +
  "(left_dim3_crop, right_dim3_crop))";

export class Cropping3D extends SpatialCropping {
  constructor(options: Cropping3DOptions = {}) {
    super(3, [[1, 1], [1, 1], [1, 1]], FORMS, options);
  }

  static override fromConfig(config: Record<string, any>): Cropping3D {
    return new Cropping3D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Cropping3D", Cropping3D);
