/**
 * `keras.layers.UpSampling3D({ size = [2, 2, 2], dataFormat })`: repeats the
 * entries of a volume batch along each spatial axis by its factor.
 */
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { repeat } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { standardizeTuple } from "../convolutional/conv-args.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { spatialAxes } from "./spatial-args.js";

type Shape = readonly (number | null)[];

export interface UpSampling3DOptions extends LayerOptions {
  /** One factor for all axes, or [dim1, dim2, dim3]. */
  size?: number | readonly number[];
  dataFormat?: string | null;
}

export class UpSampling3D extends Layer {
  declare size: number[];
  declare dataFormat: ImageDataFormat;

  constructor(options: UpSampling3DOptions = {}) {
    const { size = [2, 2, 2], dataFormat, ...base } = options;
    super(base);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.size = standardizeTuple(size, 3, "size");
    this.inputSpec = new InputSpec({ ndim: 5 });
  }

  override call(inputs: Tensor): Tensor {
    let x = inputs;
    spatialAxes(3, this.dataFormat).forEach((axis, i) => (x = repeat(x, this.size[i], { axis })));
    return x;
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    const out = inputShape.slice();
    spatialAxes(3, this.dataFormat).forEach((axis, i) => {
      const d = out[axis];
      if (d !== null && d !== undefined) out[axis] = d * this.size[i];
    });
    return out;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), size: this.size.slice(), data_format: this.dataFormat };
  }

  static override fromConfig(config: Record<string, any>): UpSampling3D {
    return new UpSampling3D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "UpSampling3D", UpSampling3D);
