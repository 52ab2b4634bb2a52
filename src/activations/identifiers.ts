/**
 * `keras.activations.get / serialize / deserialize`. Built-in activations
 * serialize as their Keras name ("relu", "linear"; the aliases `swish` and
 * `hard_swish` as "silu" and "hard_silu"); registered custom functions as
 * Keras's function envelope; activation objects (layers) as their envelope.
 */
import { ValueError } from "../engine/errors.js";
import type { Tensor } from "../engine/tensor.js";
import { getRegisteredName, getRegisteredObject, isRegisteredCustom, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization-lib.js";
import { celu, elu, leakyRelu, relu, relu6, selu, threshold } from "./relu.js";
import { exponential, hardSigmoid, hardTanh, logSigmoid, sigmoid, softsign, sparseSigmoid, tanh } from "./sigmoid.js";
import { gelu, glu, hardSilu, mish, silu, softplus, sparsePlus, squareplus } from "./smooth.js";
import { hardShrink, softShrink, tanhShrink } from "./shrink.js";
import { logSoftmax, softmax, sparsemax } from "./softmax.js";

export type ActivationFunction = (x: any, ...args: any[]) => any;

/** `keras.activations.linear(x)`: the identity (also what a null activation means). */
export function linear<T>(x: T): T {
  return x;
}

/** The built-ins by Keras name (Keras's ALL_OBJECTS_DICT). */
const BUILTINS: Record<string, ActivationFunction> = {
  relu, leaky_relu: leakyRelu, relu6, softmax, celu, elu, selu, softplus, softsign, squareplus,
  soft_shrink: softShrink, sparse_plus: sparsePlus, silu, gelu, glu, tanh, tanh_shrink: tanhShrink,
  threshold, sigmoid, sparse_sigmoid: sparseSigmoid, exponential, hard_sigmoid: hardSigmoid,
  hard_silu: hardSilu, hard_tanh: hardTanh, hard_shrink: hardShrink, linear, mish,
  log_softmax: logSoftmax, log_sigmoid: logSigmoid, sparsemax,
};
const BY_NAME = new Map<string, ActivationFunction>(Object.entries(BUILTINS));
// Aliases: the same functions, so they serialize under their canonical name.
BY_NAME.set("swish", silu);
BY_NAME.set("hard_swish", hardSilu);

const NAME_OF = new Map<ActivationFunction, string>(Object.entries(BUILTINS).map(([name, fn]) => [fn, name]));

/** An activation object (for example a layer) wrapped as a function; `serialize` writes the object. */
interface WrappedActivation extends ActivationFunction {
  activationObject: { apply(x: unknown): unknown; getConfig?(): Record<string, unknown> };
}

function wrapObject(obj: WrappedActivation["activationObject"]): WrappedActivation {
  const fn = ((x: unknown) => obj.apply(x)) as WrappedActivation;
  fn.activationObject = obj;
  return fn;
}

type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

function notInterpretable(identifier: unknown): ValueError {
  const shown = typeof identifier === "string" ? identifier : JSON.stringify(identifier) ?? String(identifier);
  return new ValueError(`Could not interpret activation function identifier: ${shown}`);
}

function isClass(f: unknown): f is new () => WrappedActivation["activationObject"] {
  return typeof f === "function" && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/** A custom object found by name: a function is the activation; a class (e.g. a layer) is instantiated and wrapped. */
function fromCustom(custom: unknown): ActivationFunction {
  return isClass(custom) ? wrapObject(new custom()) : (custom as ActivationFunction);
}

function lookupName(name: string, customObjects: CustomObjects): ActivationFunction {
  const custom = getRegisteredObject(name, customObjects ?? undefined);
  if (typeof custom === "function") return fromCustom(custom);
  const builtin = BY_NAME.get(name);
  if (builtin) return builtin;
  throw notInterpretable(name);
}

/**
 * `keras.activations.deserialize(config, customObjects)`: a Keras name, a
 * function envelope {class_name: "function", config: name, registered_name},
 * or the envelope of an activation object (e.g. a `keras.layers.ReLU`).
 */
export function deserialize(config: unknown, customObjects?: CustomObjects): ActivationFunction {
  if (typeof config === "string") return lookupName(config, customObjects);
  if (typeof config !== "object" || config === null || typeof (config as { class_name?: unknown }).class_name !== "string") {
    throw notInterpretable(config);
  }
  const env = config as { class_name: string; config?: unknown; registered_name?: string | null; module?: string | null };
  if (env.class_name === "function") {
    const fnName = typeof env.config === "string" ? env.config : null;
    const registered = env.registered_name ?? fnName;
    for (const name of [registered, fnName]) {
      if (!name) continue;
      const custom = getRegisteredObject(name, customObjects ?? undefined);
      if (typeof custom === "function") return fromCustom(custom);
    }
    if (fnName && BY_NAME.has(fnName)) return BY_NAME.get(fnName)!;
    throw new ValueError(
      `Could not locate function '${fnName}'. Make sure custom activations are registered with ` +
        `keras.saving.registerKerasSerializable() or passed in \`customObjects\`. Full object config: ${JSON.stringify(config)}`,
    );
  }
  const obj = deserializeKerasObject(config, { customObjects: customObjects ?? undefined, moduleHint: "keras.layers" });
  if (typeof obj === "function") return obj as ActivationFunction;
  if (obj && typeof obj.apply === "function") return wrapObject(obj);
  throw notInterpretable(config);
}

export type ActivationIdentifier = string | ActivationFunction | Record<string, unknown> | { apply(x: unknown): unknown } | null | undefined;

/**
 * `keras.activations.get(identifier)`: null/undefined -> linear; a Keras name
 * -> the function; a function -> itself; a config -> `deserialize`; an object
 * with `apply` (an activation layer) -> a function calling it.
 */
export function get(identifier: ActivationIdentifier, customObjects?: CustomObjects): ActivationFunction {
  if (identifier === null || identifier === undefined) return linear;
  if (typeof identifier === "string") return lookupName(identifier, customObjects);
  if (typeof identifier === "function") return identifier as ActivationFunction;
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  if (typeof identifier === "object" && typeof (identifier as { apply?: unknown }).apply === "function") {
    return wrapObject(identifier as WrappedActivation["activationObject"]);
  }
  throw notInterpretable(identifier);
}

/**
 * `keras.activations.serialize(fn)`: the Keras name of a built-in; for a
 * registered custom function {module, class_name: "function", config, registered_name};
 * for an activation object its Keras envelope.
 */
export function serialize(activation: ActivationFunction | { getConfig(): Record<string, unknown> } | null | undefined): unknown {
  if (activation === null || activation === undefined) return "linear";
  if (typeof activation === "function") {
    const builtin = NAME_OF.get(activation);
    if (builtin) return builtin;
    const wrapped = (activation as Partial<WrappedActivation>).activationObject;
    if (wrapped) return serializeKerasObject(wrapped);
    if (isRegisteredCustom(activation as Serializable)) {
      const name = getRegisteredName(activation as Serializable);
      return { module: null, class_name: "function", config: name, registered_name: name };
    }
    throw new ValueError(
      `Unknown activation function '${activation.name || "<anonymous>"}' cannot be serialized due to invalid function name. ` +
        `Make sure to use an activation name that matches the references defined in keras.activations or use ` +
        `keras.saving.registerKerasSerializable() to register any custom activations.`,
    );
  }
  return serializeKerasObject(activation);
}

/** The Keras name of a built-in activation function, or undefined. */
export function builtinActivationName(fn: unknown): string | undefined {
  return NAME_OF.get(fn as ActivationFunction);
}

/** Every built-in activation by Keras name (aliases included). */
export function allActivations(): ReadonlyMap<string, ActivationFunction> {
  return BY_NAME;
}

export type { Tensor };
