/**
 * `Layer.apply`: Keras's `__call__` algorithm (reference §2.4), in order:
 * 1. convert array-likes to tensors and autocast floating inputs to the
 *    compute dtype; 2. only tensors may be positional; 3. check the input
 *    spec; 4. build on the first call; 5. resolve `training` (explicit >
 *    enclosing call > none); 6. fill `mask` from the input's Keras mask;
 *    7. run `call` (eagerly) or `computeOutputSpec` (on KerasTensors), add
 *    activity-regularizer losses, attach output masks; 8. record a Node for
 *    symbolic calls. Recorded node kwargs follow Keras: the injected
 *    `training` / `mask` appear only when the inputs needed no conversion.
 */
import { isFloat } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { toTensor } from "../engine/convert.js";
import { cast } from "../ops/core/cast.js";
import { isPlainObject } from "../ops/op.js";
import { flatten, mapStructure } from "../utils/tree.js";
import { enterCallContext, exitCallContext } from "./call-context.js";
import { KerasTensor, isKerasTensor } from "./keras-tensor.js";
import { Node } from "./node.js";
import { anySymbolicDeep } from "./operation.js";
import { typeName } from "./py-format.js";
import { activityPenalty, splitCallArguments } from "./layer-call.js";
import type { CallKwargs, Layer } from "./layer.js";

/** The protected hooks `apply` drives (Model overrides them). */
interface LayerInternals {
  assertInputCompatibility(firstArg: unknown): void;
  maybeBuild(args: unknown[], kwargs: CallKwargs): void;
}

let maskWarnings = new WeakSet<Layer>();

/** For tests and `clearSession`: forget which layers already warned about dropped masks. */
export function resetLayerWarnings(): void {
  maskWarnings = new WeakSet();
}

export function applyLayer(layer: Layer, rawArgs: any[]): any {
const self = layer as unknown as LayerInternals;
  const { positional: userArgs, kwargs: userKwargs } = splitCallArguments(rawArgs, false);
  layer._called = true;

  // 1. Convert array-likes to tensors and autocast floating inputs.
  const first = userArgs[0];
  const fastPath =
    Object.keys(userKwargs).length === 0 && userArgs.length === 1 && (isTensor(first) || isKerasTensor(first)) && first.dtype === layer.inputDtype;
  const converting = layer._convertInputArgs && !fastPath;
  let args = userArgs;
  const kwargs: CallKwargs = { ...userKwargs };
  if (converting) {
    args = userArgs.map((a) => convertInput(layer, a));
    if (kwargs.mask !== undefined && kwargs.mask !== null && !isTensor(kwargs.mask) && !isKerasTensor(kwargs.mask)) {
      kwargs.mask = convertNumeric(kwargs.mask);
    }
  }

  // 2. Only tensors may be positional.
  if (!layer._allowNonTensorPositionalArgs) {
    for (const a of flatten(args)) {
      if (a !== null && a !== undefined && !isTensor(a) && !isKerasTensor(a)) {
        throw new ValueError(
          "Only input tensors may be passed as positional arguments. The following argument value should be passed " +
            `as a keyword argument: ${String(a)} (of type ${typeName(a)})`,
        );
      }
    }
  }

  // 3. Input spec, 4. build.
  self.assertInputCompatibility(args[0]);
  if (!layer.built) layer.openNameScope(() => self.maybeBuild(args, kwargs));

  const { context, created } = enterCallContext(layer);
  if (created) layer._clearLosses();
  const recorded: Record<string, unknown> = { ...userKwargs };
  let outputs: any;
  let symbolic = false;
  try {
    // 5. training: explicit > enclosing call > none.
    let training = kwargs.training ?? null;
    if (training === null) training = context.training;
    context.training = training;
    if (training !== null && training !== undefined) {
      kwargs.training = training;
      if (!converting && layer._callHasTrainingArg && userKwargs.training === undefined) recorded.training = training;
    }

    // 6. mask: filled from the single tensor argument's Keras mask.
    const tensorArgs = args.filter(isTensorStructure);
    if (tensorArgs.length === 1 && (kwargs.mask === undefined || kwargs.mask === null)) {
      kwargs.mask = mapStructure(maskOf, tensorArgs[0]);
      if (!converting && layer._callHasMaskArg) recorded.mask = kwargs.mask;
    }
    const previousMask = kwargs.mask !== undefined && kwargs.mask !== null ? kwargs.mask : mapStructure(maskOf, args[0]);

    // 7. Run the layer.
    symbolic = anySymbolicDeep([args, kwargs]);
    outputs = layer.openNameScope(() => (symbolic ? layer.computeOutputSpec(...args, kwargs) : layer.call(...args, kwargs)));
    layer.built = true;
    if (!symbolic && layer.activityRegularizer) {
      for (const out of flatten(outputs)) if (isTensor(out)) layer.addLoss(activityPenalty(layer.activityRegularizer, out));
    }
    if (layer.supportsMasking) setMaskMetadata(layer, args[0], outputs, previousMask);
    else if (flatten(previousMask).some((m) => m !== null && m !== undefined) && !maskWarnings.has(layer)) {
      maskWarnings.add(layer);
      console.warn(
        `Layer '${layer.name}' (of type ${layer.constructor.name}) was passed an input with a mask attached to it. ` +
          "However, this layer does not support masking and will therefore destroy the mask information. " +
          "Downstream layers will not see the mask.",
      );
    }
  } finally {
    exitCallContext(created);
  }

  // 8. Record the call in the graph.
  if (symbolic) new Node(layer, userArgs, recorded, outputs);
  return outputs;
}

function convertInput(layer: Layer, x: unknown): unknown {
  const converted = convertNumeric(x);
  return mapStructure((t) => {
    if ((isTensor(t) || isKerasTensor(t)) && layer.autocast && isFloat(t.dtype) && t.dtype !== layer.inputDtype) {
      const out = cast(t as never, layer.inputDtype) as Tensor | KerasTensor;
      if (t.kerasMask) out.kerasMask = t.kerasMask as never;
      return out;
    }
    return t;
  }, converted);
}

function setMaskMetadata(layer: Layer, inputs: unknown, outputs: unknown, previousMask: unknown): void {
  const flatOutputs = flatten<Tensor | KerasTensor | null>(outputs).filter((x) => x !== null && x !== undefined);
  if (flatOutputs.length && flatOutputs.every((x) => x.kerasMask !== undefined && x.kerasMask !== null)) return;
  const masks = layer.computeMask(inputs, previousMask);
  if (masks === null || masks === undefined) return;
  const flatMasks = flatten<Tensor | KerasTensor | null>(masks);
  flatOutputs.forEach((t, i) => {
    const m = flatMasks[i];
    if ((t.kerasMask === undefined || t.kerasMask === null) && m !== null && m !== undefined) t.kerasMask = m as never;
  });
}

function maskOf(x: unknown): unknown {
  if (isTensor(x) || isKerasTensor(x)) return x.kerasMask ?? null;
  return null;
}

export function isTensorStructure(x: unknown): boolean {
  if (isTensor(x) || isKerasTensor(x)) return true;
  if (Array.isArray(x) || isPlainObject(x)) {
    const leaves = flatten(x);
    return leaves.length > 0 && leaves.some((l) => isTensor(l) || isKerasTensor(l));
  }
  return false;
}

/** Nested JS number arrays and typed arrays become tensors; arrays holding tensors are walked. */
export function convertNumeric(x: unknown): unknown {
  if (x === null || x === undefined || isTensor(x) || isKerasTensor(x)) return x;
  if (x instanceof Variable) return x.value;
  if (ArrayBuffer.isView(x)) return toTensor(x);
  if (Array.isArray(x)) {
    const leaves = flatten(x);
    if (leaves.every((l) => typeof l === "number" || typeof l === "boolean")) return toTensor(x);
    return x.map(convertNumeric);
  }
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = convertNumeric(v);
    return out;
  }
  return x;
}

