/** `keras.utils`: session helpers (other utilities are added by their modules). */
import { resetNames } from "../layers/object-names.js";
import { resetLayerWarnings } from "../layers/layer-apply.js";

export { setRandomSeed } from "../random/index.js";

/**
 * `keras.utils.clearSession()` (Keras's `keras.backend.clear_session`):
 * resets the counters behind default names, so the next Dense is "dense"
 * again and the next Input's tensor is "keras_tensor".
 */
export function clearSession(): void {
  resetNames();
  resetLayerWarnings();
}
export { Progbar } from "./progbar.js";
