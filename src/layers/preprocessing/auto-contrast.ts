/**
 * `keras.layers.AutoContrast({ valueRange = [0, 255] })`: stretches each
 * channel of each image so that its smallest value maps to the bottom of
 * `value_range` and its largest to the top. Not random: applied in training
 * and inference alike. Constant channels (0 / 0) keep their input values.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, divide, multiply, subtract } from "../../ops/math/arithmetic.js";
import { negative } from "../../ops/math/unary.js";
import { isnan } from "../../ops/math/comparison.js";
import { clip, where } from "../../ops/math/select.js";
import { max, min } from "../../ops/reduction/extrema.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface AutoContrastOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
}

export class AutoContrast extends BaseImagePreprocessingLayer<null> {
  declare valueRange: Range;

  constructor(options: AutoContrastOptions = {}) {
    const { valueRange = [0, 255], ...base } = options;
    super(base);
    this.valueRange = this.parseValueRange(valueRange);
  }

  getRandomTransformation(): null {
    return null;
  }

  transformImages(images: Tensor): Tensor {
    const original = this.toComputeDtype(images);
    const x = this.toComputeDtype(this.transformValueRange(original, this.valueRange, [0, 255], this.computeDtype));
    const { heightAxis, widthAxis } = this.imageBatchInfo(x);
    const low = min(x, { axis: [heightAxis, widthAxis], keepdims: true });
    const high = max(x, { axis: [heightAxis, widthAxis], keepdims: true });
    const scale = divide(255, subtract(high, low));
    const stretched = clip(add(multiply(x, scale), multiply(negative(low), scale)), 0, 255);
    const result = this.transformValueRange(stretched, [0, 255], this.valueRange, this.computeDtype);
    return where(isnan(result), original, result);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), value_range: [...this.valueRange] };
  }

  static override fromConfig(config: Record<string, any>): AutoContrast {
    return new AutoContrast(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "AutoContrast", AutoContrast);
