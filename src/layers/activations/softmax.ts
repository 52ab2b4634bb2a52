/**
 * `keras.layers.Softmax(axis = -1)`: softmax over `axis` (an integer or a list
 * of axes). `call(x, { mask })` takes a mask broadcastable to x (true = keep):
 * masked logits are replaced by -1e9 before the softmax and masked outputs are
 * set to 0 afterwards, so a fully masked row gives zeros rather than a uniform
 * distribution.
 */
import { TypeError_ } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { greater } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { softmax } from "../../ops/nn/activations.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface SoftmaxOptions extends LayerOptions {
  axis?: number | number[];
}

/** What masked logits become (Keras's `_large_negative_number` for 32/64-bit floats). */
const LARGE_NEGATIVE = -1e9;

export class Softmax extends Layer {
  declare axis: number | number[];

  constructor(options: SoftmaxOptions = {}) {
    const { axis = -1, ...base } = options;
    super(base);
    const valid = Number.isInteger(axis) || (Array.isArray(axis) && axis.length > 0 && axis.every((a) => Number.isInteger(a)));
    if (!valid) throw new TypeError_(`Softmax: \`axis\` must be an integer or a list of integers. Received: axis=${pyRepr(axis)}`);
    this.axis = Array.isArray(axis) ? axis.slice() : axis;
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor, { mask = null }: { mask?: Tensor | null } = {}): Tensor {
    let keep: Tensor | null = null;
    let logits = inputs;
    if (mask !== null && mask !== undefined) {
      keep = mask.dtype === "bool" ? mask : greater(mask, 0.5);
      logits = where(keep, inputs, LARGE_NEGATIVE);
    }
    const axis = Array.isArray(this.axis) && this.axis.length === 1 ? this.axis[0] : this.axis;
    const outputs = softmax(logits, axis);
    return keep ? multiply(outputs, cast(keep, outputs.dtype)) : outputs;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? this.axis.slice() : this.axis };
  }

  static override fromConfig(config: Record<string, any>): Softmax {
    return new Softmax(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Softmax", Softmax);
