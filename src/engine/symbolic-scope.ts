/**
 * Keras's SymbolicScope: whether code is running on dummy values only to infer
 * output shapes and dtypes (a KerasTensor call runs the eager ops on zeros).
 * It lives in the engine, below ops and layers, because both read it: layers
 * discard state changes and losses inside it, and ops with numerical failure
 * modes (a singular matrix of zeros) must not throw there.
 */
let depth = 0;

export function inSymbolicScope(): boolean {
  return depth > 0;
}

export function withSymbolicScope<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}
