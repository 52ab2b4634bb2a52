/**
 * Creating and assigning a layer's weights: `addWeight`'s Keras defaults and
 * checks, and `setWeights`'s validation with Keras's messages.
 */
import { DType, isFloat, standardizeDType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { toTensor } from "../engine/convert.js";
import * as initializers from "../initializers/index.js";
import * as regularizers from "../regularizers/index.js";
import * as constraints from "../constraints/index.js";
import { pyShape } from "./py-format.js";
import type { AddWeightOptions, Layer } from "./layer.js";

/** A new Variable for `layer.addWeight` (the caller tracks it). */
export function createWeight(layer: Layer, options: AddWeightOptions | readonly number[], initializer?: unknown, dtype?: DType | string | null): Variable {
  if (typeof options === "string") {
    throw new ValueError(
      `\`name\` must be passed as a keyword argument. Received: addWeight('${options}', ...). Use: addWeight({ shape: ..., name: '${options}' }).`,
    );
  }
  const opts: AddWeightOptions = Array.isArray(options) ? { shape: options, initializer, dtype } : (options as AddWeightOptions);
  if (layer._locked) {
    throw new ValueError(
      "You cannot add new elements of state (variables or sub-layers) to a layer that is already built. " +
        "All state must be created in the `__init__()` method or in the `build()` method.",
    );
  }
  const shape = opts.shape ?? [];
  const vdtype = opts.dtype !== undefined && opts.dtype !== null ? standardizeDType(opts.dtype, `${layer.name}.addWeight`) : layer.variableDtype;
  const init = initializers.get((opts.initializer ?? (isFloat(vdtype) ? "glorot_uniform" : "zeros")) as never);
  const variable = layer.openNameScope(
    () =>
      new Variable(init as never, {
        shape,
        dtype: vdtype,
        trainable: opts.trainable ?? true,
        autocast: opts.autocast ?? true,
        aggregation: opts.aggregation ?? "none",
        name: opts.name,
      }),
  );
  variable.regularizer = (regularizers.get(opts.regularizer as never) ?? null) as Variable["regularizer"];
  variable.constraint = (constraints.get(opts.constraint as never) ?? null) as Variable["constraint"];
  (variable as { overwriteWithGradient?: boolean }).overwriteWithGradient = opts.overwriteWithGradient ?? false;
  return variable;
}

/** `setWeights`: checks the count and each shape, then assigns all values. */
export function assignWeights(layerName: string, layerWeights: Variable[], weights: readonly unknown[]): void {
  if (layerWeights.length !== weights.length) {
    throw new ValueError(
      `You called \`set_weights(weights)\` on layer '${layerName}' with a weight list of length ${weights.length}, ` +
        `but the layer was expecting ${layerWeights.length} weights.`,
    );
  }
  const values = layerWeights.map((variable, i) => {
    let value = toTensor(weights[i], variable.dtype, `${layerName}.setWeights`);
    const sameShape = value.shape.length === variable.shape.length && value.shape.every((d, k) => d === variable.shape[k]);
    if (!sameShape && ArrayBuffer.isView(weights[i]) && value.size === variable.size) value = new Tensor(value.data, variable.shape, value.dtype);
    else if (!sameShape) {
      throw new ValueError(
        `Layer ${layerName} weight shape ${pyShape(variable.shape)} is not compatible with provided weight shape ${pyShape(value.shape)}.`,
      );
    }
    return value;
  });
  layerWeights.forEach((v, i) => v.assign(values[i]));
}
