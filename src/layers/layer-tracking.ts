/**
 * Automatic tracking of a layer's state without Proxies: the sublayers,
 * Variables and SeedGenerators a layer holds are found by scanning its own
 * enumerable properties (and arrays / plain objects in them, a few levels
 * deep) whenever the weight lists are read. Property order is assignment
 * order, which is the order Keras's tracker records. Framework-internal
 * fields are listed in `UNTRACKED_KEYS` and skipped.
 */
import { Variable } from "../engine/variable.js";
import { isPlainObject } from "../ops/op.js";
import { SeedGenerator } from "../random/index.js";

/** Keys of Layer / Model internals that never hold tracked children (or hold them in a form read elsewhere). */
export const UNTRACKED_KEYS = new Set<string>([
  "inboundNodes",
  "outboundNodes",
  "_trainableVariables",
  "_nonTrainableVariables",
  "_losses",
  "_inputSpec",
  "_dtypePolicy",
  "_buildShapes",
  "activityRegularizer",
  "_functional",
  "_graph",
  "_inputsStruct",
  "_outputsStruct",
  "_inputs",
  "_outputs",
  "_nodesByDepth",
  "_nodes",
  "_inputTensor",
]);

export interface TrackedState {
  layers: object[];
  variables: Variable[];
  seedGenerators: SeedGenerator[];
}

const MAX_DEPTH = 3;

/**
 * Sublayers (objects for which `isLayer` holds), Variables and SeedGenerators
 * reachable from `owner`'s own properties, each once, in property order.
 */
export function scanTrackedState(owner: object, isLayer: (x: unknown) => boolean): TrackedState {
  const state: TrackedState = { layers: [], variables: [], seedGenerators: [] };
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    if (v === owner) return;
    if (isLayer(v)) {
      seen.add(v);
      state.layers.push(v);
    } else if (v instanceof Variable) {
      seen.add(v);
      state.variables.push(v);
    } else if (v instanceof SeedGenerator) {
      seen.add(v);
      state.seedGenerators.push(v);
    } else if (depth < MAX_DEPTH && (Array.isArray(v) || isPlainObject(v))) {
      seen.add(v);
      for (const e of Array.isArray(v) ? v : Object.values(v)) visit(e, depth + 1);
    }
  };
  for (const key of Object.keys(owner)) {
    if (UNTRACKED_KEYS.has(key)) continue;
    visit((owner as Record<string, unknown>)[key], 0);
  }
  return state;
}
