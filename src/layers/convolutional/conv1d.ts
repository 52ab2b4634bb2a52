/**
 * `keras.layers.Conv1D` (alias `Convolution1D`): temporal convolution over
 * (batch, steps, channels) inputs (or (batch, channels, steps) with
 * channels_first). `padding: "causal"` pads (kernelSize - 1) * dilationRate
 * zeros on the left of the time axis and runs a "valid" convolution, so
 * output[t] never reads input after t.
 */
import type { Tensor } from "../../engine/tensor.js";
import { conv } from "../../ops/nn/conv.js";
import { pad } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseConv, BaseConvOptions } from "./base-conv.js";

export type Conv1DOptions = BaseConvOptions;

export class Conv1D extends BaseConv {
  constructor(filters: number, kernelSize: number | number[], options: Conv1DOptions = {}) {
    super(1, filters, kernelSize, options);
  }

  protected override convolutionOp(inputs: Tensor, kernel: Tensor): Tensor {
    if (this.padding !== "causal") return super.convolutionOp(inputs, kernel);
    const left = this.dilationRate[0] * (this.kernelSize[0] - 1);
    const widths: [number, number][] = this.dataFormat === "channels_last" ? [[0, 0], [left, 0], [0, 0]] : [[0, 0], [0, 0], [left, 0]];
    return conv(pad(inputs, widths), kernel, {
      strides: this.strides,
      padding: "valid",
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
  }
}

registerBuiltin("keras.layers", "Conv1D", Conv1D);
registerBuiltin("keras.layers", "Convolution1D", Conv1D);
