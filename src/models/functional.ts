/**
 * `Functional`: a Model defined by a graph of layers from its inputs to its
 * outputs. `new keras.Model({ inputs, outputs })` returns one. Serialized as
 * Keras does: module "keras.src.models.functional", registered_name
 * "Functional" (see functional-config.ts).
 */
import { ValueError } from "../engine/errors.js";
import { registerBuiltin, Serializable } from "../saving/object-registration.js";
import { Model, ModelOptions, setFunctionalFactory } from "./model.js";

export class Functional extends Model {
  constructor(options: ModelOptions) {
    if (!options || options.inputs === undefined || options.outputs === undefined) {
      throw new ValueError("Functional: both `inputs` and `outputs` must be given.");
    }
    super(options);
  }
}

setFunctionalFactory((options) => new Functional(options));
registerBuiltin("keras.src.models.functional", "Functional", Functional as unknown as Serializable);
