/**
 * State shared by nested layer calls: the `training` flag an outer call
 * propagates to the layers it calls, and whether we are inside a symbolic
 * shape-inference run (where state changes and losses are discarded).
 */
import type { Layer } from "./layer.js";
import { inSymbolicScope, withSymbolicScope } from "../engine/symbolic-scope.js";

export interface CallContext {
  /** The outermost layer of the current call stack. */
  entryLayer: Layer;
  training: boolean | null;
}

let current: CallContext | null = null;

export function currentCallContext(): CallContext | null {
  return current;
}

/** Enters a call context if none is active; returns it and whether this call created it. */
export function enterCallContext(layer: Layer): { context: CallContext; created: boolean } {
  if (current) return { context: current, created: false };
  current = { entryLayer: layer, training: null };
  return { context: current, created: true };
}

export function exitCallContext(created: boolean): void {
  if (created) current = null;
}

/** Whether code is running on dummy values to infer output shapes (Keras's SymbolicScope). */
export function inShapeInference(): boolean {
  return inSymbolicScope();
}

export function withShapeInference<T>(fn: () => T): T {
  const saved = current;
  try {
    return withSymbolicScope(fn);
  } finally {
    current = saved;
  }
}
