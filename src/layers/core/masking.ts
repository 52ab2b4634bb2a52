/**
 * `keras.layers.Masking(maskValue = 0)`: marks a time step as padding when
 * every feature equals `maskValue`. The Keras mask is
 * `any(inputs != maskValue, axis=-1)`, and the output is the input with the
 * masked steps zeroed (so later layers that ignore the mask still see zeros).
 */
import { isTensor, Tensor } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { cast } from "../../ops/core/cast.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { notEqual } from "../../ops/math/comparison.js";
import { any } from "../../ops/reduction/statistics.js";
import { squeeze } from "../../ops/shape/dims.js";
import { isPlainObject } from "../../ops/op.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../../saving/serialization-lib.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface MaskingOptions extends LayerOptions {
  /** The padding value: a number, or a tensor broadcastable against the features. */
  maskValue?: number | Tensor;
}

export class Masking extends Layer {
  declare maskValue: number | Tensor;

  constructor(options: MaskingOptions = {}) {
    let { maskValue = 0, ...base } = options;
    super(base);
    // A tensor mask value arrives from a config as a serialized `__tensor__`.
    if (isPlainObject(maskValue) && (maskValue as Record<string, unknown>).config) maskValue = deserializeKerasObject(maskValue) as Tensor;
    if (typeof maskValue !== "number" && !isTensor(maskValue)) {
      throw new ValueError(`Masking: \`mask_value\` must be a number or a tensor. Received: mask_value=${pyRepr(maskValue)}`);
    }
    this.maskValue = maskValue;
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    const keep = any(notEqual(inputs, this.maskValue), -1, true);
    const outputs = multiply(inputs, cast(keep, inputs.dtype));
    // The mask comes out of the same comparison, so it is attached here rather than recomputed.
    outputs.kerasMask = squeeze(keep, -1);
    return outputs;
  }

  override computeMask(inputs: Tensor, _mask?: unknown): Tensor {
    return any(notEqual(inputs, this.maskValue), -1);
  }

  override computeOutputShape(inputShape: (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    const maskValue = typeof this.maskValue === "number" ? this.maskValue : serializeKerasObject(this.maskValue);
    return { ...super.getConfig(), mask_value: maskValue };
  }

  static override fromConfig(config: Record<string, any>): Masking {
    return new Masking(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Masking", Masking);
