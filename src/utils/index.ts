/** `keras.utils`: session helpers (other utilities are added by their modules). */
import { resetNames } from "../layers/object-names.js";
import { resetLayerWarnings } from "../layers/layer-apply.js";
import { resetVariableNames } from "../engine/variable.js";
import { resetSeedGeneratorNames } from "../random/seed-generator.js";

export { setRandomSeed } from "../random/index.js";

/**
 * `keras.utils.clearSession()` (Keras's `keras.backend.clear_session`):
 * resets the counters behind default names, so the next Dense is "dense"
 * again, the next Input's tensor is "keras_tensor", the next unnamed
 * Variable is "variable" and the next SeedGenerator "seed_generator"
 * (Keras names all of them from the global state that clear_session drops).
 */
export function clearSession(): void {
  resetNames();
  resetVariableNames();
  resetSeedGeneratorNames();
  resetLayerWarnings();
}
export { Progbar } from "./progbar.js";
