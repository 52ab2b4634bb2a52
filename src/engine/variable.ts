/**
 * `keras.Variable`: a named, mutable holder of a tensor value. Assignment
 * replaces the value (tensors themselves stay immutable), so a computation
 * recorded for autodiff keeps seeing the value it read.
 */
import { getBackend } from "../backend/backend.js";
import { DType, standardizeDType } from "./dtype.js";
import { toTensor, TensorLike } from "./convert.js";
import { ValueError } from "./errors.js";
import { checkShape, formatShape, shapesEqual } from "./shape.js";
import { NestedArray, Tensor } from "./tensor.js";

/** Something that makes an initial value: a function or an object with `apply(shape, dtype)` (an initializer). */
export type InitializerLike =
  | ((shape: number[], dtype: DType) => Tensor)
  | { apply(shape: number[], dtype?: DType): Tensor }
  | string;

/** Resolves string identifiers such as "glorot_uniform"; installed by the initializers module. */
let initializerResolver: ((id: string) => { apply(shape: number[], dtype?: DType): Tensor }) | null = null;
export function setInitializerResolver(fn: typeof initializerResolver): void {
  initializerResolver = fn;
}

// ---- Name scopes: variable paths such as "sequential/dense/kernel" ----
const scopeStack: string[] = [];
export function currentPath(): string {
  return scopeStack.join("/");
}
/** Runs `fn` with `name` pushed on the name-scope path (Keras's `name_scope`). */
export function withNameScope<T>(name: string, fn: () => T): T {
  scopeStack.push(name);
  try {
    return fn();
  } finally {
    scopeStack.pop();
  }
}

let autoNameCounter = 0;

/** For `clearSession`: the next unnamed Variable is "variable" again. */
export function resetVariableNames(): void {
  autoNameCounter = 0;
}

// ---- Deferred initial values: a loader creates variables that it overwrites right away ----
let deferredVariables: Variable[] | null = null;
/**
 * Runs `fn` with initializers deferred: a Variable made from an initializer
 * inside `fn` runs it only when its value is first read, and never when an
 * `assign` comes first (weights loaded from a file). Returns fn's result
 * and the variables created meanwhile whose initializer is still pending.
 */
export function withDeferredInitialValues<T>(fn: () => T): [T, Variable[]] {
  const outer = deferredVariables;
  const created: Variable[] = [];
  deferredVariables = created;
  try {
    return [fn(), created];
  } finally {
    deferredVariables = outer;
  }
}

export interface VariableOptions {
  shape?: readonly number[];
  dtype?: DType | string | null;
  trainable?: boolean;
  name?: string;
  autocast?: boolean;
  aggregation?: string;
  synchronization?: string;
}

export type Regularizer = { apply(x: Tensor): Tensor };
export type Constraint = { apply(x: Tensor): Tensor };

export class Variable {
  readonly isVariable = true as const;
  readonly name: string;
  /** Name-scope path at creation, e.g. "sequential/dense/kernel". */
  readonly path: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  trainable: boolean;
  readonly autocast: boolean;
  readonly aggregation: string;
  readonly synchronization: string;
  /** Set by `Layer.addWeight`; penalties and projections used by training. */
  regularizer: Regularizer | null = null;
  constraint: Constraint | null = null;
  private _current: Tensor | null = null;
  /** The initializer call of a variable created under withDeferredInitialValues, until read or assigned. */
  private _pendingInitialValue: (() => Tensor) | null = null;

  private get _value(): Tensor {
    const make = this._pendingInitialValue;
    if (make) {
      this._pendingInitialValue = null;
      this._current = make();
    }
    return this._current!;
  }

  private set _value(value: Tensor) {
    this._pendingInitialValue = null;
    this._current = value;
  }

  /** True while the initial value of a deferred variable has not been made (neither read nor assigned). */
  get initialValuePending(): boolean {
    return this._pendingInitialValue !== null;
  }

  constructor(initializer: InitializerLike | TensorLike, options: VariableOptions = {}) {
    const name = options.name ?? (autoNameCounter++ === 0 ? "variable" : `variable_${autoNameCounter - 1}`);
    if (typeof name !== "string" || name.includes("/")) {
      throw new ValueError(`Variable: argument \`name\` must be a string without '/', received ${JSON.stringify(name)}.`);
    }
    this.name = name;
    const scope = currentPath();
    this.path = scope ? `${scope}/${name}` : name;
    this.trainable = options.trainable ?? true;
    this.autocast = options.autocast ?? true;
    this.aggregation = options.aggregation ?? "none";
    this.synchronization = options.synchronization ?? "auto";

    let value: Tensor;
    if (typeof initializer === "function" || typeof initializer === "string" || isInitializerObject(initializer)) {
      if (options.shape === undefined) {
        throw new ValueError(
          `Variable "${name}": when creating a Variable from an initializer, the \`shape\` argument must be specified.`,
        );
      }
      const shape = checkShape(options.shape as number[], `Variable "${name}"`);
      const dtype = standardizeDType(options.dtype ?? "float32", `Variable "${name}"`);
      const init = typeof initializer === "string" ? resolveInitializer(initializer) : initializer;
      const makeValue = () => toTensor(typeof init === "function" ? init(shape, dtype) : init.apply(shape, dtype), dtype);
      if (deferredVariables) {
        this.dtype = dtype;
        this.shape = shape;
        this._pendingInitialValue = makeValue;
        deferredVariables.push(this);
        return;
      }
      value = makeValue();
    } else {
      // As in Keras, a Variable's dtype defaults to floatx whatever the initial value's type.
      const dtype = standardizeDType(options.dtype ?? "float32", `Variable "${name}"`);
      value = toTensor(initializer, dtype, `Variable "${name}"`);
      if (options.shape !== undefined && !shapesEqual(options.shape, value.shape)) {
        throw new ValueError(
          `Variable "${name}": initial value has shape ${formatShape(value.shape)} but \`shape\` is ${formatShape(options.shape)}.`,
        );
      }
    }
    this.dtype = value.dtype;
    this.shape = value.shape;
    this._value = value;
  }

  /** The current value (an immutable Tensor). */
  get value(): Tensor {
    return this._value;
  }

  get rank(): number {
    return this.shape.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return this._value.size;
  }

  assign(value: TensorLike): this {
    const t = toTensor(value, this.dtype, `Variable "${this.path}".assign`);
    if (!shapesEqual(t.shape, this.shape)) {
      throw new ValueError(
        `Variable "${this.path}": the shape of the target variable and the shape of the value must match. ` +
          `Expected ${formatShape(this.shape)}, received ${formatShape(t.shape)}.`,
      );
    }
    this._value = t;
    return this;
  }

  assignAdd(value: TensorLike): this {
    return this.assign(combine("add", this._value, toTensor(value, this.dtype)));
  }

  assignSub(value: TensorLike): this {
    return this.assign(combine("sub", this._value, toTensor(value, this.dtype)));
  }

  toArray(): NestedArray {
    return this._value.toArray();
  }

  /** Keras's `variable.numpy()`: the values as nested arrays. */
  numpy(): NestedArray {
    return this._value.toArray();
  }

  dataSync() {
    return this._value.dataSync();
  }

  toString(): string {
    return `<Variable path=${this.path}, shape=${formatShape(this.shape)}, dtype=${this.dtype}, value=${this._value.toString()}>`;
  }
}

function isInitializerObject(x: unknown): x is { apply(shape: number[], dtype?: DType): Tensor } {
  return typeof x === "object" && x !== null && !(x instanceof Tensor) && typeof (x as { apply?: unknown }).apply === "function";
}

function resolveInitializer(id: string) {
  if (!initializerResolver) throw new ValueError(`Variable: cannot resolve initializer "${id}" (initializers module not loaded).`);
  return initializerResolver(id);
}

/**
 * a + b or a - b for assignAdd/assignSub, by the backend's binary kernel: b has
 * a's shape or size 1 (no other broadcasting), and the result is stored in a's
 * dtype (float32 rounding, int32 wrap-around; b was already converted to that
 * dtype, so ints were truncated toward zero before the sum).
 */
function combine(op: "add" | "sub", a: Tensor, b: Tensor): Tensor {
  if (!shapesEqual(a.shape, b.shape) && b.size !== 1) {
    throw new ValueError(`Variable: cannot add a value of shape ${formatShape(b.shape)} to a variable of shape ${formatShape(a.shape)}.`);
  }
  return new Tensor(getBackend().binary(op, a.data, a.shape, b.data, b.shape, a.shape, a.dtype), a.shape, a.dtype);
}

export function isVariable(x: unknown): x is Variable {
  return x instanceof Variable;
}
