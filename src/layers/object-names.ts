/**
 * Unique default names ("dense", "dense_1", "keras_tensor_3"...), one counter
 * per prefix, shared by layers, operations and KerasTensors as in Keras.
 * `keras.utils.clearSession()` resets them.
 */
import { toSnakeCase } from "../utils/naming.js";

const uids = new Map<string, number>();

/** Keras's `uniquify`: the first use of a name is kept, later ones get `_1`, `_2`... */
export function uniquify(name: string): string {
  const n = uids.get(name) ?? 0;
  uids.set(name, n + 1);
  return n === 0 ? name : `${name}_${n}`;
}

/** Keras's `auto_name`: snake_case of the class name, made unique. */
export function autoName(className: string): string {
  return uniquify(toSnakeCase(className));
}

export function resetNames(): void {
  uids.clear();
}
