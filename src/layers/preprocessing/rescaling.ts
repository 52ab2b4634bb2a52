/**
 * `keras.layers.Rescaling(scale, offset = 0)`: `x * scale + offset`, computed
 * in the layer's compute dtype (integer images become floats). `scale` and
 * `offset` are numbers or per-channel arrays; with channels_first images an
 * array scale is reshaped to (channels, 1, 1) as Keras does.
 */
import { ValueError } from "../../engine/errors.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import { imageDataFormat } from "../../config/settings.js";
import { cast, convertToTensor } from "../../ops/core/cast.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

type Shape = readonly (number | null)[];
type Factor = number | number[] | number[][] | number[][][] | Tensor;

function checkFactor(value: unknown, name: string): Factor {
  const numeric = (v: unknown): boolean => typeof v === "number" || (Array.isArray(v) && v.every(numeric));
  if (!isTensor(value) && !numeric(value)) {
    throw new ValueError(`Rescaling: \`${name}\` must be a number, an array of numbers or a Tensor. Received: ${name}=${pyRepr(value)}`);
  }
  return value as Factor;
}

export interface RescalingOptions extends LayerOptions {
  offset?: Factor;
}

export class Rescaling extends Layer {
  declare scale: Factor;
  declare offset: Factor;

  constructor(scale: Factor, offset: Factor | RescalingOptions = 0, options: RescalingOptions = {}) {
    // Keras's offset is positional too; an options object in its place is the options.
    if (typeof offset === "object" && offset !== null && !Array.isArray(offset) && !isTensor(offset)) {
      options = offset;
      offset = 0;
    }
    const { offset: offsetOption, ...base } = options;
    super(base);
    this.scale = checkFactor(scale, "scale");
    this.offset = checkFactor(offsetOption ?? offset, "offset");
    this.supportsMasking = true;
  }

  override call(inputs: Tensor): Tensor {
    const dtype = this.computeDtype;
    let scale = convertToTensor(this.scale as never, dtype);
    const offset = convertToTensor(this.offset as never, dtype);
    if (scale.rank > 0 && scale.rank < 3 && imageDataFormat() === "channels_first") {
      scale = reshape(scale, [...scale.shape, ...new Array(3 - scale.rank).fill(1)]);
    }
    return add(multiply(cast(inputs, dtype), scale), offset);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    const json = (f: Factor) => (isTensor(f) ? f.toArray() : f);
    return { ...super.getConfig(), scale: json(this.scale), offset: json(this.offset) };
  }

  static override fromConfig(config: Record<string, any>): Rescaling {
    const { scale, offset, ...options } = layerOptionsFromConfig(config);
    return new Rescaling(scale, offset ?? 0, options);
  }
}

registerBuiltin("keras.layers", "Rescaling", Rescaling);
