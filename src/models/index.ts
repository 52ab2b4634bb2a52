/** `keras.models`: Model, Sequential, Functional, modelFromJson. */
import { ValueError } from "../engine/errors.js";
import { registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject } from "../saving/serialization-lib.js";
import { Model } from "./model.js";
import { Functional } from "./functional.js";
import "./functional-config.js";
import { Sequential } from "./sequential.js";

export { Model } from "./model.js";
export type { ModelOptions } from "./model.js";
export { Functional } from "./functional.js";
export { Sequential } from "./sequential.js";
export type { SequentialOptions } from "./sequential.js";
export type { PredictOptions } from "./predict.js";
export { cloneModel } from "../saving/clone-model.js";
export type { CloneModelOptions } from "../saving/clone-model.js";
/** `keras.models.loadModel` / `saveModel`: aliases of `keras.saving.loadModel` / `saveModel`. */
export { loadModel, saveModel } from "../saving/keras-file.js";

registerBuiltin("keras", "Model", Model as unknown as Serializable);

/** `keras.models.modelFromJson(json, customObjects?)`: a model from `model.toJson()` (Keras 3 or Keras 2 JSON). */
export function modelFromJson(json: string, customObjects?: Record<string, Serializable>): Model {
  let config: unknown;
  try {
    config = JSON.parse(json.replace(/\bNaN\b/g, "null").replace(/-?\bInfinity\b/g, "null"));
  } catch (e) {
    throw new ValueError(`modelFromJson: invalid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const model = deserializeKerasObject(config, { customObjects, moduleHint: "keras.models" });
  if (!(model instanceof Model)) throw new ValueError(`modelFromJson: the JSON does not describe a model (class_name ${(config as { class_name?: string }).class_name}).`);
  return model;
}

void Functional;
void Sequential;
import "../trainers/model-training.js";
