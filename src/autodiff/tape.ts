/**
 * Reverse-mode automatic differentiation on a tape.
 *
 * While a `GradientTape` is recording, every op whose inputs include a
 * watched tensor (or one derived from a watched tensor) appends a node
 * { inputs, outputs, backward } to the tape. `gradient()` walks the nodes in
 * reverse, calling each op's `backward` with the output cotangents. Ops record
 * themselves through `recordGradient`, right next to their forward code.
 * Integer and boolean outputs are never tracked: gradients stop there.
 */
import { isFloat } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";

/**
 * Maps output cotangents (one per output, never null) to input cotangents
 * (null = no gradient). `needed[i]` says whether input i's gradient is wanted
 * (it is tracked by the tape and float): an expensive backward may skip the others.
 */
export type BackwardFn = (dys: Tensor[], needed: boolean[]) => (Tensor | null)[];

interface TapeNode {
  inputs: Tensor[];
  outputs: Tensor[];
  backward: BackwardFn;
}

const activeTapes: GradientTape[] = [];

/** Ops needed by the tape itself (zeros for missing cotangents, accumulation), injected by the ops module. */
let helpers: {
  zerosLike(t: Tensor): Tensor;
  add(a: Tensor, b: Tensor): Tensor;
  onesLike(t: Tensor): Tensor;
  cast(t: Tensor, dtype: Tensor["dtype"]): Tensor;
  reshape(t: Tensor, shape: readonly number[]): Tensor;
} | null = null;

export function setTapeHelpers(h: typeof helpers): void {
  helpers = h;
}

export class GradientTape {
  readonly persistent: boolean;
  private nodes: TapeNode[] = [];
  private tracked = new WeakSet<Tensor>();
  private watchedVariables = new Map<Variable, Tensor>();
  private recording = false;
  private used = false;

  constructor(options: { persistent?: boolean } = {}) {
    this.persistent = options.persistent ?? false;
  }

  /** Marks tensors or variables as sources whose gradients can be asked for. */
  watch(...xs: (Tensor | Variable | (Tensor | Variable)[])[]): void {
    for (const x of xs.flat()) {
      if (x instanceof Variable) {
        this.watchedVariables.set(x, x.value);
        this.tracked.add(x.value);
      } else if (x instanceof Tensor) {
        this.tracked.add(x);
      } else {
        throw new ValueError(`GradientTape.watch: expected Tensors or Variables, received ${String(x)}.`);
      }
    }
  }

  /** Runs `fn` with this tape recording and returns its result. */
  record<T>(fn: () => T): T {
    activeTapes.push(this);
    this.recording = true;
    try {
      return fn();
    } finally {
      this.recording = false;
      const i = activeTapes.lastIndexOf(this);
      if (i >= 0) activeTapes.splice(i, 1);
    }
  }

  /** @internal */
  isTracked(t: Tensor): boolean {
    return this.tracked.has(t);
  }

  /** @internal */
  addNode(node: TapeNode): void {
    this.nodes.push(node);
    for (const o of node.outputs) if (isFloat(o.dtype)) this.tracked.add(o);
  }

  /**
   * Gradients of `target` with respect to `sources` (Tensors or Variables),
   * in the same order; a source that `target` does not depend on gets zeros
   * (or null with `unconnectedGradients: "none"`).
   * `outputGradients` seeds the backward pass (default: ones, for a sum).
   */
  gradient(
    target: Tensor,
    sources: (Tensor | Variable)[],
    options: { outputGradients?: Tensor; unconnectedGradients?: "zero" | "none" } = {},
  ): (Tensor | null)[] {
    if (!helpers) throw new Error("GradientTape: ops module not loaded.");
    if (this.used && !this.persistent) {
      throw new ValueError("GradientTape.gradient can only be called once on a non-persistent tape. Pass { persistent: true }.");
    }
    this.used = true;
    if (!(target instanceof Tensor)) throw new ValueError(`GradientTape.gradient: target must be a Tensor, received ${String(target)}.`);
    const h = helpers;
    const grads = new Map<Tensor, Tensor>();
    const seed = options.outputGradients ?? h.onesLike(target);
    grads.set(target, seed);
    // Nodes are stored in execution order, so reverse order is a valid topological order.
    // Recording is paused for this tape so the backward pass does not grow it (outer tapes still record:
    // that is what makes higher-order gradients work).
    const wasActive = activeTapes.indexOf(this);
    if (wasActive >= 0) activeTapes.splice(wasActive, 1);
    try {
      for (let i = this.nodes.length - 1; i >= 0; i--) {
        const node = this.nodes[i];
        let any = false;
        const dys = node.outputs.map((o) => {
          const g = grads.get(o);
          if (g) any = true;
          return g ?? null;
        });
        if (!any) continue;
        const filled = dys.map((g, j) => g ?? h.zerosLike(node.outputs[j]));
        const needed = node.inputs.map((x) => isFloat(x.dtype) && this.tracked.has(x));
        const dxs = node.backward(filled, needed);
        for (let j = 0; j < node.inputs.length; j++) {
          const dx = dxs[j];
          const x = node.inputs[j];
          if (!dx || !isFloat(x.dtype)) continue;
          const prev = grads.get(x);
          grads.set(x, prev ? h.add(prev, dx) : dx);
        }
      }
    } finally {
      if (wasActive >= 0) activeTapes.splice(wasActive, 0, this);
    }
    const unconnected = options.unconnectedGradients ?? "zero";
    return sources.map((s) => {
      const t = s instanceof Variable ? this.watchedVariables.get(s) ?? s.value : s;
      const g = grads.get(t);
      if (g) return g.dtype === t.dtype ? g : h.cast(g, t.dtype);
      return unconnected === "zero" ? h.zerosLike(t) : null;
    });
  }
}

/** True when some recording tape tracks one of `inputs` (so the op must record its backward). */
export function shouldRecord(inputs: readonly Tensor[]): boolean {
  if (activeTapes.length === 0) return false;
  for (const tape of activeTapes) for (const x of inputs) if (tape.isTracked(x)) return true;
  return false;
}

/**
 * Called by every differentiable op after its forward computation. `backward`
 * is only kept (and only ever called) when a tape is recording a watched input.
 */
export function recordGradient(inputs: readonly Tensor[], outputs: readonly Tensor[], backward: BackwardFn): void {
  if (activeTapes.length === 0) return;
  let anyFloatOut = false;
  for (const o of outputs) if (isFloat(o.dtype)) anyFloatOut = true;
  if (!anyFloatOut) return;
  for (const tape of activeTapes) {
    let tracked = false;
    for (const x of inputs) if (tape.isTracked(x)) { tracked = true; break; }
    if (tracked) tape.addNode({ inputs: inputs.slice(), outputs: outputs.slice(), backward });
  }
}

/** Runs `fn` with recording suspended (like `tf.stop_gradient` for a whole computation). */
export function noGrad<T>(fn: () => T): T {
  const saved = activeTapes.splice(0, activeTapes.length);
  try {
    return fn();
  } finally {
    activeTapes.push(...saved);
  }
}

/**
 * Value and gradients of a scalar function: runs `fn` while recording and
 * returns its value with d value / d source for each source (Variables or Tensors).
 */
export function valueAndGrad(fn: () => Tensor, sources: (Tensor | Variable)[]): { value: Tensor; grads: Tensor[] } {
  const tape = new GradientTape();
  tape.watch(sources);
  const value = tape.record(fn);
  if (!(value instanceof Tensor)) throw new ValueError(`valueAndGrad: the function must return a Tensor, received ${String(value)}.`);
  if (value.size !== 1) {
    throw new ValueError(
      `valueAndGrad: the function must return a scalar (size-1) tensor, received shape [${value.shape.join(", ")}]. ` +
        `Reduce it first, for example with ops.sum or ops.mean.`,
    );
  }
  const grads = tape.gradient(value, sources) as Tensor[];
  return { value, grads };
}

/** `grad(fn, sources)`: only the gradients. */
export function grad(fn: () => Tensor, sources: (Tensor | Variable)[]): Tensor[] {
  return valueAndGrad(fn, sources).grads;
}
