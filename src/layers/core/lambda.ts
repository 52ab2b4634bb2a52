/**
 * `keras.layers.Lambda(fn, { outputShape, mask, arguments })`: wraps a
 * function of the inputs as a layer. `fn(inputs)` is called with a second
 * argument `{ ...arguments, mask?, training? }` when `arguments` is not empty
 * or the function declares a second parameter (`mask` / `training` are added
 * only when its parameter list names them, as Keras inspects the signature).
 *
 * Saving: a function is written as Keras writes a registered function, so
 * only functions registered with `keras.saving.registerKerasSerializable`
 * (or built-in activations) serialize. A Keras config holding a Python
 * lambda (`{"class_name": "__lambda__", ...}`) is refused in safe mode, as in
 * Keras; outside safe mode it still cannot load, since Python bytecode cannot
 * run here.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import * as activations from "../../activations/index.js";
import { isPlainObject } from "../../ops/op.js";
import { getRegisteredName, getRegisteredObject, isRegisteredCustom, registerBuiltin, Serializable } from "../../saving/object-registration.js";
import { deserializeKerasObject, inSafeMode, serializeKerasObject } from "../../saving/serialization-lib.js";
import { flatten } from "../../utils/tree.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { callParameterText } from "../layer-build.js";
import { shapeStructureOf, splitCallArguments, toKerasTensors } from "../layer-call.js";
import { inferOutputSpec } from "../output-spec.js";
import { pyRepr } from "../py-format.js";

type AnyFn = (...args: any[]) => any;
type Shape = (number | null)[];

export interface LambdaOptions extends LayerOptions {
  /** Output shape without the batch axis (or a structure of them), or a function of the input shape. */
  outputShape?: Shape | Shape[] | AnyFn | null;
  /** The output mask: a function `(inputs, mask) => mask`, or a fixed mask tensor. */
  mask?: AnyFn | Tensor | null;
  /** Extra keyword arguments passed to the function. */
  arguments?: Record<string, unknown> | null;
}

const isShape = (x: unknown): x is Shape => Array.isArray(x) && x.every((d) => d === null || typeof d === "number");

export class Lambda extends Layer {
  declare function: AnyFn;
  declare _outputShape: Shape | Shape[] | AnyFn | null;
  declare mask: AnyFn | Tensor | null;
  declare arguments: Record<string, unknown>;
  declare _fnExpectsMaskArg: boolean;
  declare _fnExpectsTrainingArg: boolean;

  constructor(fn: AnyFn, options: LambdaOptions = {}) {
    const { outputShape = null, mask = null, arguments: args = null, ...base } = options;
    super(base);
    if (typeof fn !== "function") {
      throw new ValueError(`Lambda: the first argument must be a function. Received: function=${pyRepr(fn)}`);
    }
    if (outputShape !== null && typeof outputShape !== "function" && !Array.isArray(outputShape)) {
      throw new ValueError(
        `Lambda: \`output_shape\` must be a shape (a list of integers / None), a list of shapes, or a function. Received: ${pyRepr(outputShape)}`,
      );
    }
    if (args !== null && !isPlainObject(args)) {
      throw new ValueError(`Lambda: \`arguments\` must be a plain object of keyword arguments. Received: arguments=${pyRepr(args)}`);
    }
    this.function = fn;
    this._outputShape = outputShape;
    this.mask = mask;
    this.arguments = { ...(args ?? {}) };
    const params = callParameterText(fn);
    this._fnExpectsMaskArg = /\bmask\b/.test(params);
    this._fnExpectsTrainingArg = /\btraining\b/.test(params);
    this.supportsMasking = mask !== null;
    this.buildAtInit();
  }

  override call(inputs: any, { mask = null, training = null }: { mask?: any; training?: boolean | null } = {}): any {
    const kwargs: Record<string, unknown> = { ...this.arguments };
    if (this._fnExpectsMaskArg) kwargs.mask = mask;
    if (this._fnExpectsTrainingArg) kwargs.training = training;
    if (Object.keys(kwargs).length === 0 && this.function.length < 2) return this.function(inputs);
    return this.function(inputs, kwargs);
  }

  override computeMask(inputs: any, previousMask: any): any {
    if (typeof this.mask === "function") return this.mask(inputs, previousMask);
    return this.mask;
  }

  override computeOutputShape(inputShape: any): any {
    if (this._outputShape === null) {
      const symbolic = mapShapes(inputShape, (s) => new KerasTensor(s, { dtype: this.computeDtype }));
      try {
        const spec = inferOutputSpec((a: any[]) => (this.call as (...xs: any[]) => any)(...a), [symbolic, {}], this.variables);
        return mapShapesOfSpec(spec);
      } catch {
        throw cannotInferShape();
      }
    }
    if (typeof this._outputShape === "function") return this._outputShape(inputShape);
    // A given output shape has no batch axis: prepend the input's batch size.
    const batch = flatten<number | null>(inputShape)[0] ?? null;
    return mapShapes(this._outputShape, (s) => [batch, ...s]);
  }

  override computeOutputSpec(...args: any[]): any {
    if (this._outputShape === null) {
      try {
        return inferOutputSpec((a: any[]) => (this.call as (...xs: any[]) => any)(...a), args, this.variables);
      } catch {
        throw cannotInferShape();
      }
    }
    const { positional } = splitCallArguments(args, true);
    return toKerasTensors(this.computeOutputShape(shapeStructureOf(positional[0])), this.computeDtype, "Lambda");
  }

  override getConfig(): Record<string, any> {
    const config: Record<string, any> = { ...super.getConfig(), function: serializeFunction(this.function, "function", this.name) };
    if (this._outputShape !== null) {
      config.output_shape =
        typeof this._outputShape === "function" ? serializeFunction(this._outputShape, "output_shape", this.name) : this._outputShape;
    }
    if (this.mask !== null) {
      config.mask = typeof this.mask === "function" ? serializeFunction(this.mask, "mask", this.name) : serializeKerasObject(this.mask);
    }
    config.arguments = serializeKerasObject(this.arguments);
    return config;
  }

  static override fromConfig(config: Record<string, any>, customObjects?: Record<string, Serializable> | Map<string, Serializable>): Lambda {
    const { function: fnConfig, outputShape, mask, arguments: args, ...options } = layerOptionsFromConfig(config);
    const fn = deserializeFunction(fnConfig, "function", customObjects);
    const lambdaOptions: LambdaOptions = { ...options };
    if (outputShape !== undefined && outputShape !== null) {
      lambdaOptions.outputShape = isFunctionConfig(outputShape) ? deserializeFunction(outputShape, "output_shape", customObjects) : outputShape;
    }
    if (mask !== undefined && mask !== null) {
      lambdaOptions.mask = isFunctionConfig(mask) ? deserializeFunction(mask, "mask", customObjects) : deserializeKerasObject(mask, { customObjects });
    }
    if (args !== undefined && args !== null) lambdaOptions.arguments = deserializeArguments(args, customObjects);
    return new Lambda(fn, lambdaOptions);
  }
}

function cannotInferShape(): Error {
  return new NotImplementedError(
    "We could not automatically infer the shape of the Lambda's output. Please specify the `output_shape` argument for this Lambda layer.",
  );
}

/** Applies `fn` to each shape in a structure of shapes (a shape is an array of numbers / null). */
function mapShapes(x: any, fn: (s: Shape) => unknown): any {
  if (isShape(x)) return fn(x);
  if (Array.isArray(x)) return x.map((e) => mapShapes(e, fn));
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapShapes(v, fn)]));
  return x;
}

function mapShapesOfSpec(spec: any): any {
  if (spec instanceof KerasTensor) return spec.shape.slice();
  if (Array.isArray(spec)) return spec.map(mapShapesOfSpec);
  if (isPlainObject(spec)) return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, mapShapesOfSpec(v)]));
  return spec;
}

function isFunctionConfig(x: unknown): x is Record<string, any> {
  return isPlainObject(x) && typeof x.class_name === "string";
}

/** A function as Keras writes a registered one: {module, class_name: "function", config: name, registered_name}. */
function serializeFunction(fn: AnyFn, argName: string, layerName: string): Record<string, unknown> | string {
  if (isRegisteredCustom(fn as Serializable)) {
    const name = getRegisteredName(fn as Serializable);
    return { module: null, class_name: "function", config: name, registered_name: name };
  }
  const builtin = activations.builtinActivationName(fn);
  if (builtin) return { module: "keras.activations", class_name: "function", config: builtin, registered_name: null };
  throw new ValueError(
    `Lambda layer '${layerName}': cannot serialize its \`${argName}\` '${fn.name || "<anonymous>"}'. keras-ts cannot write a ` +
      "function's code (Keras writes Python lambdas as bytecode); register the function with " +
      "keras.saving.registerKerasSerializable() so the config names it, and register it again before loading.",
  );
}

function deserializeFunction(config: unknown, argName: string, customObjects?: Record<string, Serializable> | Map<string, Serializable>): AnyFn {
  if (isPlainObject(config) && config.class_name === "__lambda__") {
    if (inSafeMode()) {
      throw new ValueError(
        `The \`${argName}\` of this \`Lambda\` layer is a Python lambda. Deserializing it is unsafe. If you trust the source of the ` +
          "config artifact, you can override this error by passing `safe_mode=False` to `from_config()`, or calling " +
          "`keras.config.enable_unsafe_deserialization().",
      );
    }
    throw new NotImplementedError(
      `The \`${argName}\` of this \`Lambda\` layer is a Python lambda (Python bytecode), which keras-ts cannot run. ` +
        "Rewrite it as a TypeScript function, register it with keras.saving.registerKerasSerializable(), and rebuild the layer.",
    );
  }
  const names: string[] = [];
  if (typeof config === "string") names.push(config);
  else if (isPlainObject(config)) {
    if (typeof config.registered_name === "string") names.push(config.registered_name);
    if (typeof config.config === "string") names.push(config.config);
  }
  for (const name of names) {
    const fn = getRegisteredObject(name, customObjects);
    if (typeof fn === "function") return fn as AnyFn;
  }
  for (const name of names) {
    if (activations.builtinActivationName(activationOrNull(name))) return activations.get(name as never) as AnyFn;
  }
  throw new ValueError(
    `Lambda: could not locate the function ${pyRepr(names[0] ?? config)} for \`${argName}\`. Make sure custom functions are ` +
      `registered with keras.saving.registerKerasSerializable() or passed in \`customObjects\`. Full config: ${JSON.stringify(config)}`,
  );
}

function activationOrNull(name: string): unknown {
  try {
    return activations.get(name as never);
  } catch {
    return null;
  }
}

/** `arguments` values: serialized Keras objects (tensors, ...) are rebuilt, plain values kept. */
function deserializeArguments(args: unknown, customObjects?: Record<string, Serializable> | Map<string, Serializable>): Record<string, unknown> {
  if (!isPlainObject(args)) throw new ValueError(`Lambda: \`arguments\` in a config must be a dict. Received: ${JSON.stringify(args)}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    out[k] = isPlainObject(v) && typeof v.class_name === "string" ? deserializeKerasObject(v, { customObjects }) : v;
  }
  return out;
}

registerBuiltin("keras.layers", "Lambda", Lambda);
