/**
 * `keras.KerasTensor`: a symbolic tensor, a shape (with `null` for unknown
 * dimensions) and a dtype, used to build functional models. A KerasTensor
 * remembers the operation call that produced it (`kerasHistory`), which is
 * how a model finds its graph from its outputs.
 */
import { DType, standardizeDType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import type { PartialShape } from "../engine/shape.js";
import { uniquify } from "./object-names.js";
import type { Operation } from "./operation.js";
import { registerSpecialValue } from "../saving/serialization-lib.js";

/** Where a KerasTensor comes from: `operation.inboundNodes[nodeIndex]`, output number `tensorIndex`. */
export interface KerasHistory {
  operation: Operation | null;
  nodeIndex: number;
  tensorIndex: number;
}

export interface KerasTensorOptions {
  dtype?: DType | string | null;
  sparse?: boolean;
  ragged?: boolean;
  name?: string | null;
  /** When false, Node does not stamp a history on this tensor (Keras's `record_history`). */
  recordHistory?: boolean;
}

export class KerasTensor {
  /** Marker looked for by `keras.ops` (src/ops/op.ts) to route calls to the symbolic handler. */
  readonly isKerasTensor = true as const;
  readonly shape: readonly (number | null)[];
  readonly dtype: DType;
  readonly sparse: boolean;
  readonly ragged: boolean;
  readonly name: string;
  readonly recordHistory: boolean;
  kerasHistory?: KerasHistory;
  /** The symbolic mask attached by a masking layer (Keras's `_keras_mask`). */
  kerasMask?: KerasTensor | null;

  constructor(shape: PartialShape, options: KerasTensorOptions = {}) {
    if (!Array.isArray(shape)) {
      throw new ValueError(`KerasTensor: \`shape\` must be an array of integers or null, received ${String(shape)}.`);
    }
    for (const d of shape) {
      if (d !== null && (typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
        throw new ValueError(
          `Cannot convert '${formatPyShape(shape)}' to a shape. Found invalid dimension '${String(d)}'.`,
        );
      }
    }
    this.shape = Object.freeze(shape.slice());
    this.dtype = standardizeDType(options.dtype ?? "float32", "KerasTensor");
    this.sparse = options.sparse ?? false;
    this.ragged = options.ragged ?? false;
    this.name = options.name ?? uniquify("keras_tensor");
    this.recordHistory = options.recordHistory ?? true;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return (
      `<KerasTensor shape=${formatPyShape(this.shape)}, dtype=${this.dtype}, ` +
      `sparse=${pyBool(this.sparse)}, ragged=${pyBool(this.ragged)}, name=${this.name}>`
    );
  }
}

export function isKerasTensor(x: unknown): x is KerasTensor {
  return x instanceof KerasTensor;
}

/** Python's tuple formatting of a shape: `(None, 3)`, `(5,)`, `()`. */
export function formatPyShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

// Keras writes a KerasTensor in configs as {"class_name": "__keras_tensor__", "config": {shape, dtype, keras_history}}.
registerSpecialValue({
  className: "__keras_tensor__",
  test: isKerasTensor,
  serialize: (x: KerasTensor) => ({
    shape: x.shape.slice(),
    dtype: x.dtype,
    keras_history: x.kerasHistory ? [x.kerasHistory.operation?.name ?? null, x.kerasHistory.nodeIndex, x.kerasHistory.tensorIndex] : null,
  }),
  deserialize: (c) => {
    const kt = new KerasTensor(c.shape, { dtype: c.dtype });
    (kt as { preSerializationKerasHistory?: unknown }).preSerializationKerasHistory = c.keras_history ?? null;
    return kt;
  },
});
