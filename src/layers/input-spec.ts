/**
 * `keras.InputSpec`: the rank, dtype and shape a layer accepts for its first
 * input, and `assertInputCompatibility`, which checks an input against it
 * with Keras's error messages.
 */
import { standardizeDType, DType } from "../engine/dtype.js";
import { TypeError_, ValueError } from "../engine/errors.js";
import { isPlainObject } from "../ops/op.js";
import { flatten, isNested } from "../utils/tree.js";
import { pyRepr, pyShape, typeName } from "./py-format.js";

export interface InputSpecOptions {
  dtype?: DType | string | null;
  shape?: readonly (number | null)[] | null;
  ndim?: number | null;
  maxNdim?: number | null;
  minNdim?: number | null;
  /** Axis (may be negative) -> required size. */
  axes?: Record<number, number | null> | null;
  allowLastAxisSqueeze?: boolean;
  name?: string | null;
  optional?: boolean;
}

export class InputSpec {
  dtype: DType | null;
  shape: (number | null)[] | null;
  ndim: number | null;
  maxNdim: number | null;
  minNdim: number | null;
  axes: Record<number, number | null>;
  allowLastAxisSqueeze: boolean;
  name: string | null;
  optional: boolean;

  constructor(options: InputSpecOptions = {}) {
    this.dtype = options.dtype !== undefined && options.dtype !== null ? standardizeDType(options.dtype, "InputSpec") : null;
    if (options.shape !== undefined && options.shape !== null) {
      this.shape = options.shape.slice();
      this.ndim = options.shape.length;
    } else {
      this.shape = null;
      this.ndim = options.ndim ?? null;
    }
    this.maxNdim = options.maxNdim ?? null;
    this.minNdim = options.minNdim ?? null;
    this.name = options.name ?? null;
    this.optional = options.optional ?? false;
    this.allowLastAxisSqueeze = options.allowLastAxisSqueeze ?? false;
    const axes = options.axes ?? {};
    if (!isPlainObject(axes) || Object.keys(axes).some((k) => !/^-?\d+$/.test(k))) {
      throw new TypeError_(`Argument \`axes\` must be a dict with integer keys. Received: axes=${pyRepr(axes)}`);
    }
    this.axes = {};
    for (const [k, v] of Object.entries(axes)) this.axes[Number(k)] = v as number | null;
    const axisKeys = Object.keys(this.axes).map(Number);
    if (axisKeys.length && (this.ndim !== null || this.maxNdim !== null)) {
      const maxDim = (this.ndim ? this.ndim : (this.maxNdim as number)) - 1;
      const maxAxis = Math.max(...axisKeys);
      if (maxAxis > maxDim) throw new ValueError(`Axis ${maxAxis} is greater than the maximum allowed value: ${maxDim}`);
    }
  }

  toString(): string {
    const parts = [
      this.dtype ? `dtype=${this.dtype}` : "",
      this.shape ? `shape=${pyShape(this.shape)}` : "",
      this.ndim ? `ndim=${this.ndim}` : "",
      this.maxNdim ? `max_ndim=${this.maxNdim}` : "",
      this.minNdim ? `min_ndim=${this.minNdim}` : "",
      Object.keys(this.axes).length ? `axes=${pyRepr(this.axes)}` : "",
    ];
    return `InputSpec(${parts.filter(Boolean).join(", ")})`;
  }

  getConfig(): Record<string, unknown> {
    return {
      dtype: this.dtype,
      shape: this.shape,
      ndim: this.ndim,
      max_ndim: this.maxNdim,
      min_ndim: this.minNdim,
      axes: { ...this.axes },
      optional: this.optional,
    };
  }

  static fromConfig(config: Record<string, any>): InputSpec {
    return new InputSpec({
      dtype: config.dtype,
      shape: config.shape,
      ndim: config.ndim,
      maxNdim: config.max_ndim,
      minNdim: config.min_ndim,
      axes: config.axes,
      allowLastAxisSqueeze: config.allow_last_axis_squeeze,
      name: config.name,
      optional: config.optional,
    });
  }
}

interface ShapedLike {
  shape: readonly (number | null)[];
  dtype: string;
}

function hasShape(x: unknown): x is ShapedLike {
  return typeof x === "object" && x !== null && Array.isArray((x as { shape?: unknown }).shape);
}

function checkOne(spec: InputSpec, x: unknown, index: number, layerName: string): void {
  if (!hasShape(x)) {
    const type = typeName(x);
    throw new ValueError(`Inputs to a layer should be tensors. Got '${String(x)}' (of type ${type}) as input for layer '${layerName}'.`);
  }
  let shape = x.shape.slice();
  const ndim = shape.length;
  const prefix = `Input ${index} with name '${spec.name ?? "None"}' of layer '${layerName}' is incompatible with the layer: `;
  if (spec.ndim !== null && !spec.allowLastAxisSqueeze && ndim !== spec.ndim) {
    throw new ValueError(`${prefix}expected ndim=${spec.ndim}, found ndim=${ndim}. Full shape received: ${pyShape(shape)}`);
  }
  if (spec.maxNdim !== null && ndim > spec.maxNdim) {
    throw new ValueError(`${prefix}expected max_ndim=${spec.maxNdim}, found ndim=${ndim}`);
  }
  if (spec.minNdim !== null && ndim < spec.minNdim) {
    throw new ValueError(`${prefix}expected min_ndim=${spec.minNdim}, found ndim=${ndim}. Full shape received: ${pyShape(shape)}`);
  }
  if (spec.dtype !== null) {
    const dtype = standardizeDType(x.dtype);
    if (dtype !== spec.dtype) throw new ValueError(`${prefix}expected dtype=${spec.dtype}, found dtype=${dtype}`);
  }
  for (const [k, value] of Object.entries(spec.axes)) {
    const axis = Number(k);
    if (value === null || value === undefined) continue;
    if (axis < -ndim || axis >= ndim) {
      throw new ValueError(`${prefix}axis ${axis} is out of bounds for an input with ndim=${ndim}. Full shape received: ${pyShape(shape)}`);
    }
    const dim = shape[axis < 0 ? axis + ndim : axis];
    if (dim !== null && dim !== value) {
      throw new ValueError(`${prefix}expected axis ${axis} of input shape to have value ${value}, but received input with shape ${pyShape(shape)}`);
    }
  }
  if (spec.shape !== null) {
    let specShape = spec.shape;
    if (spec.allowLastAxisSqueeze) {
      if (shape.length === specShape.length + 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
      else if (specShape.length === shape.length + 1 && specShape[specShape.length - 1] === 1) specShape = specShape.slice(0, -1);
    }
    const n = Math.min(specShape.length, shape.length);
    for (let i = 0; i < n; i++) {
      const s = specShape[i];
      const d = shape[i];
      if (s !== null && d !== null && s !== d) {
        throw new ValueError(`${prefix}expected shape=${pyShape(spec.shape)}, found shape=${pyShape(shape)}`);
      }
    }
  }
}

/**
 * Checks `inputs` (a tensor or a nested structure) against `inputSpec` (an
 * InputSpec or a structure of them), throwing Keras's messages on mismatch.
 */
export function assertInputCompatibility(inputSpec: InputSpec | readonly (InputSpec | null)[] | null | undefined, inputs: unknown, layerName: string): void {
  if (!inputSpec || (Array.isArray(inputSpec) && inputSpec.length === 0)) return;
  if (inputSpec instanceof InputSpec && !isNested(inputs)) {
    if ((inputs === null || inputs === undefined) && inputSpec.optional) return;
    checkOne(inputSpec, inputs, 0, layerName);
    return;
  }
  const specs = flatten<InputSpec | null>(inputSpec);
  let list: unknown = inputs;
  if (isPlainObject(inputs)) {
    const names = specs.map((s) => s?.name ?? null);
    if (names.every((n) => n)) {
      list = names.map((name) => {
        if (!(name! in inputs)) {
          throw new ValueError(
            `Missing data for input "${name}". You passed a data dictionary with keys ${pyRepr(Object.keys(inputs))}. ` +
              `Expected the following keys: ${pyRepr(names)}`,
          );
        }
        return inputs[name!];
      });
    }
  }
  const flat = flatten(list);
  if (flat.length !== specs.length) {
    const specNames = specs.filter((s) => s !== null).map((s) => s!.name);
    if (specNames.length === specs.length && specNames.every((n) => n)) {
      throw new ValueError(
        `Layer "${layerName}" expects ${specs.length} named input(s) with keys ${pyRepr(specNames)}, but it received ` +
          `${flat.length} input tensors. Pass inputs as a dict, e.g. \`layer({${specNames.map((n) => `'${n}': ...`).join(", ")}})\`.`,
      );
    }
    throw new ValueError(
      `Layer "${layerName}" expects ${specs.length} input(s), but it received ${flat.length} input tensors. ` +
        `Inputs received: ${pyRepr(flat.map((x) => String(x)))}`,
    );
  }
  flat.forEach((x, i) => {
    const spec = specs[i];
    if (!spec) return;
    if ((x === null || x === undefined) && spec.optional) return;
    checkOne(spec, x, i, layerName);
  });
}
