/**
 * The cell of `ConvLSTM1D/2D/3D` (Keras's `ConvLSTMCell`): one LSTM step in
 * which the products with the input and with the previous output are
 * convolutions. Weights: kernel (*kernelSize, inputChannels, 4·filters),
 * recurrent_kernel (*kernelSize, filters, 4·filters), bias (4·filters); gates
 * in Keras's order i, f, c, o along the last (output-channel) axis:
 *   z_g = conv(x, W_g; strides, padding, dilation) + b_g + conv(h, U_g; stride 1, "same")
 *   i = σ(z_i), f = σ(z_f), o = σ(z_o);  c' = f ⊙ c + i ⊙ φ(z_c);  h' = o ⊙ φ(c')
 * States [h, c] have the shape of the input convolution's output:
 * (batch, *outSpatial, filters), or (batch, filters, *outSpatial) with
 * channels_first.
 *
 * Dropout follows Keras 3.15.1: with `training`, one mask per gate for the
 * step input (`dropout`) and one per gate for h (`recurrentDropout`), drawn
 * once per layer call (dropoutMaskCount = 4). Without dropout the four gates
 * share one convolution with the whole kernel (the same numbers as four
 * convolutions with its slices, in fewer ops).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { zeros } from "../../ops/core/creation.js";
import { split } from "../../ops/shape/join.js";
import { reshape } from "../../ops/shape/reshape.js";
import { conv } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import type { CallKwargs } from "../layer.js";
import { pyShape } from "../py-format.js";
import { addTrioWeight } from "../weight-options.js";
import { ConvWindow, ConvWindowOptions, checkFilters, readConvWindow } from "../convolutional/conv-layer-parts.js";
import { Shape, channelVectorShape, convOutputShape, inputChannels, spatialDims } from "../convolutional/conv-args.js";
import { DropoutRNNCell } from "./dropout-rnn-cell.js";
import {
  ActivationFn, RecurrentCellOptions, RecurrentWeights, addLstmBias, lstmStateUpdate, resolveActivation, resolveRecurrentWeights,
  takeRecurrentWeightOptions,
} from "./cell-options.js";

/** `padding`: "valid" or "same" (case-insensitive). */
export interface ConvLSTMCellOptions extends RecurrentCellOptions, ConvWindowOptions {
  recurrentActivation?: unknown;
  unitForgetBias?: boolean;
}

export interface ConvLSTMCell extends RecurrentWeights, ConvWindow {}

export class ConvLSTMCell extends DropoutRNNCell {
  declare filters: number;
  declare activation: ActivationFn;
  declare recurrentActivation: ActivationFn;
  declare unitForgetBias: boolean;
  /** Two states (h, c) of `filters` channels each. */
  declare stateSize: number[];
  declare outputSize: number;
  /** Set by build: the spatial dims and channels of a step input. */
  declare spatialDims: number[] | null;
  declare inputDim: number | null;
  declare kernel: Variable | null;
  declare recurrentKernel: Variable | null;
  declare bias: Variable | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: ConvLSTMCellOptions = {}) {
    if (!Number.isInteger(rank) || rank < 1 || rank > 3) {
      throw new ValueError(`Rank ${rank} convolutions are not currently implemented. Received: rank=${rank}`);
    }
    const { raw, rest } = takeRecurrentWeightOptions(options);
    // Keras validates strides with allow_zero=True; ops.conv then refuses a zero stride.
    const { window, rest: own } = readConvWindow(rank, kernelSize, rest, { allowZeroStrides: true });
    const { activation, recurrentActivation, unitForgetBias, ...base } = own;
    super(base);
    this.filters = checkFilters(filters);
    Object.assign(this, window);
    this.activation = resolveActivation(activation, "tanh");
    this.recurrentActivation = resolveActivation(recurrentActivation, "sigmoid");
    Object.assign(this, resolveRecurrentWeights(raw));
    this.unitForgetBias = unitForgetBias ?? true;
    this.dropoutMaskCount = 4;
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
    this.stateSize = [this.filters, this.filters];
    this.outputSize = this.filters;
    this.spatialDims = null;
    this.inputDim = null;
    this.kernel = null;
    this.recurrentKernel = null;
    this.bias = null;
  }

  override build(inputShape: Shape): void {
    const spatial = spatialDims(inputShape, this.dataFormat);
    if (spatial.some((d) => d === null || d === undefined)) {
      throw new ValueError(
        `ConvLSTM layers only support static input shapes for the spatial dimension. Received invalid input shape: input_shape=${pyShape(inputShape)}`,
      );
    }
    const inputDim = inputChannels(inputShape, this.dataFormat);
    if (inputDim === null || inputDim === undefined) {
      throw new ValueError(
        `The channel dimension of the inputs (last axis) should be defined. Found None. Full input shape received: input_shape=${pyShape(inputShape)}`,
      );
    }
    this.inputSpec = new InputSpec({ shape: [null, ...inputShape.slice(1)] });
    this.spatialDims = spatial as number[];
    this.inputDim = inputDim;
    const f = this.filters;
    this.kernel = addTrioWeight(this, "kernel", "kernel", [...this.kernelSize, inputDim, 4 * f]);
    this.recurrentKernel = addTrioWeight(this, "recurrent", "recurrent_kernel", [...this.kernelSize, f, 4 * f]);
    this.bias = this.useBias ? addLstmBias(this, f) : null;
  }

  /** The input convolution (the layer's strides, padding and dilation), plus a per-channel bias. */
  private inputConv(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
    const out = conv(x, w, { strides: this.strides, padding: this.padding, dataFormat: this.dataFormat, dilationRate: this.dilationRate });
    return b ? add(out, reshape(b, channelVectorShape(this.rank, b.shape[0], this.dataFormat))) : out;
  }

  /** The recurrent convolution: stride 1, "same" padding, no dilation (Keras's recurrent_conv). */
  private recurrentConv(h: Tensor, w: Tensor): Tensor {
    return conv(h, w, { strides: 1, padding: "same", dataFormat: this.dataFormat });
  }

  override call(inputs: Tensor, states: Tensor[], { training = false }: CallKwargs = {}): [Tensor, Tensor[]] {
    const hPrev = states[0];
    const cPrev = states[1];
    const kernel = this.kernel!.value;
    const recurrent = this.recurrentKernel!.value;
    const bias = this.bias ? this.bias.value : null;
    const channelAxis = this.dataFormat === "channels_last" ? this.rank + 1 : 1;
    const dropping = training && this.dropout > 0 && this.dropout < 1;
    const recDropping = training && this.recurrentDropout > 0 && this.recurrentDropout < 1;
    let z: Tensor[];
    if (!dropping && !recDropping) {
      // Every gate sees the same input and state: one convolution each with the whole kernel.
      const all = add(this.inputConv(inputs, kernel, bias), this.recurrentConv(hPrev, recurrent));
      z = split(all, 4, { axis: channelAxis });
    } else {
      const dp = dropping ? (this.getDropoutMask(inputs) as Tensor[]) : null;
      const rdp = recDropping ? (this.getRecurrentDropoutMask(hPrev) as Tensor[]) : null;
      const kernels = split(kernel, 4, { axis: this.rank + 1 });
      const recurrents = split(recurrent, 4, { axis: this.rank + 1 });
      const biases = bias ? split(bias, 4, { axis: 0 }) : null;
      z = kernels.map((k, g) => {
        const x = this.inputConv(dp ? multiply(inputs, dp[g]) : inputs, k, biases ? biases[g] : null);
        return add(x, this.recurrentConv(rdp ? multiply(hPrev, rdp[g]) : hPrev, recurrents[g]));
      });
    }
    const [h, c] = lstmStateUpdate(z, cPrev, this.activation, this.recurrentActivation);
    return [h, [h, c]];
  }

  /** The shape of one step's output (and of each state): the input convolution's output with `filters` channels. */
  stepOutputShape(inputShape: Shape): (number | null)[] {
    return convOutputShape(inputShape, this.filters, this.kernelSize, this.strides, this.padding, this.dataFormat, this.dilationRate);
  }

  override computeOutputShape(inputShape: Shape): any {
    const shape = this.stepOutputShape(inputShape);
    return [shape, [shape, shape]];
  }

  /** Zero h and c of the step output's shape (the cell must be built: it needs the spatial dims). */
  getInitialState(batchSize: number): Tensor[] {
    if (this.spatialDims === null || this.inputDim === null) {
      throw new ValueError(`ConvLSTMCell ${this.name}: the cell must be built before its initial state can be made.`);
    }
    const stepShape = this.dataFormat === "channels_last" ? [batchSize, ...this.spatialDims, this.inputDim] : [batchSize, this.inputDim, ...this.spatialDims];
    const shape = this.stepOutputShape(stepShape) as number[];
    return [zeros(shape, this.computeDtype), zeros(shape, this.computeDtype)];
  }
}
