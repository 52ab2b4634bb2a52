/**
 * Keras's `build_wrapper`, and the inspection of `call`'s parameters
 * (Keras reads the signature to know whether `call` takes `mask`).
 */
import { currentPath } from "../engine/variable.js";
import type { Layer } from "./layer.js";

/**
 * Wraps the class's `build` so that every call (from `apply` or by the user)
 * runs inside the layer's name scope, records the path and the build shapes,
 * and marks the layer built — Keras's `build_wrapper`.
 */
export function installBuildWrapper(layer: Layer): void {
  const original = layer.build;
  const wrapped = function (this: Layer, ...shapes: unknown[]) {
    let result: unknown;
    layer.openNameScope(() => {
      layer._path = currentPath();
      result = original.apply(layer, shapes);
    });
    // A build that returns `false` could not build (e.g. a Sequential given a non-shape): stay unbuilt.
    if (result === false) return;
    layer._buildShapes = shapes.map((s) => (Array.isArray(s) ? JSON.parse(JSON.stringify(s)) : s));
    layer.built = true;
    if (!isModelLike(layer)) layer._locked = true;
  };
  (wrapped as { wrapped?: unknown }).wrapped = original;
  Object.defineProperty(layer, "build", { value: wrapped, writable: true, configurable: true, enumerable: false });
}

function isModelLike(layer: Layer): boolean {
  return (layer as { _isModel?: boolean })._isModel === true;
}

/** The parameter list of a method's source, to see whether `call` declares `mask` (Keras inspects the signature). */
export function callParameterText(fn: Function): string {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf("(");
  if (open < 0) return "";
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      depth--;
      if (depth === 0) return src.slice(open + 1, i);
    }
  }
  return "";
}

