/**
 * Fused recurrent ops: a whole LSTM or GRU sequence as ONE tape node instead
 * of a dozen small ops per time step.
 *
 * `lstmSequence` / `gruSequence` project the inputs of every step with one
 * matmul, then run the recurrence in a backend kernel (per step: one
 * recurrent product and one fused gate pass). Their backward runs the
 * backward kernel (the same structure in reverse time), then the kernel and
 * input gradients as one matmul each over all steps (the input gradient only
 * when a tape follows the inputs). The gates are Keras's defaults: sigmoid
 * recurrent activation, tanh activation. `lstmRecurrence` / `gruRecurrence`
 * are the same recurrences given already projected inputs.
 *
 * Semantics are Keras 3's `backend.rnn` (numpy/JAX): steps run in reverse
 * time with `goBackwards` and outputs come back in processing order; at a
 * masked step every state is carried over and the output is the previous
 * state h (`maskedOutput: "state"`, Keras's default), zeros
 * (`zero_output_for_mask`), or the previous output, zeros before the first
 * (`"previous"`: Keras's unrolled loop).
 *
 * When a tape is recording the backward pass itself (a gradient of a
 * gradient), the vector-Jacobian product is computed from the op-by-op
 * reference (rnn-reference.ts) instead, which is differentiable to any order.
 */
import { DType, isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient, shouldRecord } from "../../autodiff/tape.js";
import type { RnnInfo } from "../../backend/backend.js";
import { asTensor, backend, op, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { add } from "../math/arithmetic.js";
import { notEqual } from "../math/comparison.js";
import { matmul } from "../linalg/matmul.js";
import { reshape } from "../shape/reshape.js";
import { stack, unstack } from "../shape/join.js";
import { MaskedOutput, gruRecurrenceReference, lstmRecurrenceReference, vjpByTape } from "./rnn-reference.js";

export type { MaskedOutput } from "./rnn-reference.js";

export interface SequenceOptions {
  /** (batch, timesteps): which steps are real (true) and which are padding. */
  mask?: TensorLike | null;
  goBackwards?: boolean;
  maskedOutput?: MaskedOutput;
}

export interface GruSequenceOptions extends SequenceOptions {
  /** Keras's `reset_after` (default true): the reset gate multiplies the recurrent product, which has its own bias. */
  resetAfter?: boolean;
}

function expectShape(name: string, opName: string, t: Tensor, shape: readonly number[]): void {
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ValueError(`ops.${opName}: expected \`${name}\` of shape ${formatShape(shape)}, received ${formatShape(t.shape)}.`);
  }
}

/** The float dtype of the computation: that of the inputs, checked to agree. */
function commonFloatDtype(opName: string, tensors: Tensor[]): DType {
  const dt = tensors[0].dtype;
  if (!isFloat(dt)) throw new ValueError(`ops.${opName}: expected floating-point inputs, received ${dt}.`);
  for (const t of tensors) {
    if (t.dtype !== dt) throw new ValueError(`ops.${opName}: all inputs must have the same dtype, received ${tensors.map((x) => x.dtype).join(", ")}.`);
  }
  return dt;
}

function readMask(mask: TensorLike | null | undefined, batch: number, timesteps: number, opName: string): Tensor | null {
  if (mask === null || mask === undefined) return null;
  let m = asTensor(mask, opName);
  if (m.rank === 3 && m.shape[2] === 1) m = reshape(m, [m.shape[0], m.shape[1]]);
  expectShape("mask", opName, m, [batch, timesteps]);
  return m.dtype === "bool" ? m : notEqual(m, 0);
}

function rnnInfo(batch: number, timesteps: number, units: number, options: SequenceOptions, save: boolean): RnnInfo {
  return {
    batch, timesteps, units,
    goBackwards: options.goBackwards ?? false,
    maskedOutput: options.maskedOutput ?? "state",
    saveForBackward: save,
  };
}

function castTo(t: Tensor, dt: DType): Tensor {
  return t.dtype === dt ? t : cast(t, dt);
}

function optionalTensor(x: TensorLike | null | undefined, opName: string): Tensor | null {
  return x === null || x === undefined ? null : asTensor(x, opName);
}

function checkSequence(x: Tensor, opName: string): [number, number, number] {
  if (x.rank !== 3) throw new ValueError(`ops.${opName}: expected inputs of rank 3 (batch, timesteps, features), received ${formatShape(x.shape)}.`);
  return x.shape as [number, number, number];
}

/**
 * The input projection of every step in float64, (batch * timesteps, gates):
 * one matmul, without the bias (the kernels add it while reading).
 */
function projectAll(x: Tensor, kernel: Tensor): Float64Array {
  const [b, t, d] = x.shape;
  const n = kernel.shape[1];
  return backend().matmul(x.data, kernel.data, { batch: 1, m: b * t, k: d, n, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0 }, "float64") as Float64Array;
}

/**
 * The kernel and input gradients of the projection from dXProj (float64,
 * (batch * timesteps, gates)): one matmul each over all steps; the input
 * gradient only when wanted.
 */
function projectionGrads(x: Tensor, kernel: Tensor, dXProj: Float64Array, wantInput: boolean, dt: DType): [Tensor | null, Tensor] {
  const [b, t, d] = x.shape;
  const n = kernel.shape[1];
  const rows = b * t;
  const k = backend();
  const dKernel = k.matmul(x.data, dXProj, { batch: 1, m: d, k: rows, n, transposeA: true, transposeB: false, aBatchStride: 0, bBatchStride: 0 }, dt);
  const dx = wantInput
    ? fromData(k.matmul(dXProj, kernel.data, { batch: 1, m: rows, k: n, n: d, transposeA: false, transposeB: true, aBatchStride: 0, bBatchStride: 0 }, dt), x.shape, dt)
    : null;
  return [dx, fromData(dKernel, kernel.shape, dt)];
}

function inDtype(data: Tensor["data"], shape: readonly number[], from: DType, dt: DType): Tensor {
  return fromData(from === dt ? data : backend().cast(data, dt), shape, dt);
}

// ------------------------------------------------------------------ LSTM

interface LstmParts {
  xProj: Tensor | Float64Array;
  inputBias: Tensor | null;
  h0: Tensor;
  c0: Tensor;
  R: Tensor;
  B: number;
  T: number;
  U: number;
}

/** Runs the forward kernel; returns the output tensors and what the backward needs. */
function runLstm(parts: LstmParts, mask: Tensor | null, options: SequenceOptions, dt: DType, save: boolean, initialStateGrads: boolean) {
  const { xProj, inputBias, h0, c0, R, B, T, U } = parts;
  const info: RnnInfo = { ...rnnInfo(B, T, U, options, save), initialStateGrads };
  const maskData = mask ? (mask.data as Uint8Array) : null;
  const xData = xProj instanceof Tensor ? xProj.data : xProj;
  const res = backend().lstmForward(xData, inputBias ? inputBias.data : null, h0.data, c0.data, R.data, maskData, info, dt);
  const outputs = [fromData(res.outputs, [B, T, U], dt), fromData(res.h, [B, U], dt), fromData(res.c, [B, U], dt)];
  return { outputs, info, maskData, workspace: res.workspace };
}

/**
 * The LSTM recurrence given the projected inputs `xProj` (batch, timesteps, 4 units),
 * bias included: returns [outputs (batch, timesteps, units) in processing order, h, c].
 */
export const lstmRecurrence = op(
  "lstmRecurrence",
  (xProjArg: TensorLike, h0Arg: TensorLike, c0Arg: TensorLike, rArg: TensorLike, options: SequenceOptions = {}): Tensor[] => {
    const name = "lstmRecurrence";
    const [xProj, h0, c0, R] = [xProjArg, h0Arg, c0Arg, rArg].map((a) => asTensor(a, name));
    if (xProj.rank !== 3) throw new ValueError(`ops.${name}: expected \`xProj\` of rank 3 (batch, timesteps, 4 * units), received ${formatShape(xProj.shape)}.`);
    const [B, T] = xProj.shape;
    const U = R.shape[0];
    expectShape("recurrentKernel", name, R, [U, 4 * U]);
    expectShape("xProj", name, xProj, [B, T, 4 * U]);
    expectShape("h0", name, h0, [B, U]);
    expectShape("c0", name, c0, [B, U]);
    const inputs = [xProj, h0, c0, R];
    const dt = commonFloatDtype(name, inputs);
    const mask = readMask(options.mask, B, T, name);
    const run = runLstm({ xProj, inputBias: null, h0, c0, R, B, T, U }, mask, options, dt, shouldRecord(inputs), shouldRecord([h0, c0]));
    recordGradient(inputs, run.outputs, (cotangents) => {
      const cts = cotangents.map((g) => castTo(g, dt));
      if (shouldRecord([...inputs, ...cts])) {
        const opts = { goBackwards: run.info.goBackwards, maskedOutput: run.info.maskedOutput };
        return vjpByTape((xs) => lstmRecurrenceReference(xs[0], xs[1], xs[2], xs[3], mask, opts), inputs, cts);
      }
      const g = backend().lstmBackward(run.workspace!, cts[0].data, cts[1].data, cts[2].data, R.data, run.maskData, run.info, dt);
      return [fromData(g.dXProj, xProj.shape, dt), fromData(g.dh0, [B, U], dt), fromData(g.dc0, [B, U], dt), fromData(g.dRecurrentKernel, R.shape, dt)];
    });
    return run.outputs;
  },
);

/**
 * A whole LSTM layer pass as one op: inputs (batch, timesteps, in), kernel
 * (in, 4u), recurrentKernel (u, 4u), bias (4u) or null; returns [outputs, h, c].
 */
export const lstmSequence = op(
  "lstmSequence",
  (xArg: TensorLike, h0Arg: TensorLike, c0Arg: TensorLike, kernelArg: TensorLike, rArg: TensorLike, biasArg: TensorLike | null, options: SequenceOptions = {}): Tensor[] => {
    const name = "lstmSequence";
    const [x, h0, c0, kernel, R] = [xArg, h0Arg, c0Arg, kernelArg, rArg].map((a) => asTensor(a, name));
    const bias = optionalTensor(biasArg, name);
    const [B, T, D] = checkSequence(x, name);
    const U = R.shape[0];
    expectShape("recurrentKernel", name, R, [U, 4 * U]);
    expectShape("kernel", name, kernel, [D, 4 * U]);
    expectShape("h0", name, h0, [B, U]);
    expectShape("c0", name, c0, [B, U]);
    if (bias) expectShape("bias", name, bias, [4 * U]);
    const inputs = bias ? [x, h0, c0, kernel, R, bias] : [x, h0, c0, kernel, R];
    const dt = commonFloatDtype(name, inputs);
    const mask = readMask(options.mask, B, T, name);
    const wantX = shouldRecord([x]);
    const run = runLstm({ xProj: projectAll(x, kernel), inputBias: bias, h0, c0, R, B, T, U }, mask, options, dt, shouldRecord(inputs), shouldRecord([h0, c0]));
    recordGradient(inputs, run.outputs, (cotangents) => {
      const cts = cotangents.map((g) => castTo(g, dt));
      if (shouldRecord([...inputs, ...cts])) {
        const opts = { goBackwards: run.info.goBackwards, maskedOutput: run.info.maskedOutput };
        const reference = (xs: Tensor[]) => {
          let xProj = matmul(reshape(xs[0], [B * T, D]), xs[3]);
          if (bias) xProj = add(xProj, xs[5]);
          return lstmRecurrenceReference(reshape(xProj, [B, T, 4 * U]), xs[1], xs[2], xs[4], mask, opts);
        };
        return vjpByTape(reference, inputs, cts);
      }
      const info = { ...run.info, inputBiasGrad: bias !== null };
      const g = backend().lstmBackward(run.workspace!, cts[0].data, cts[1].data, cts[2].data, R.data, run.maskData, info, "float64");
      const [dx, dKernel] = projectionGrads(x, kernel, g.dXProj as Float64Array, wantX, dt);
      const grads = [
        dx,
        inDtype(g.dh0, [B, U], "float64", dt),
        inDtype(g.dc0, [B, U], "float64", dt),
        dKernel,
        inDtype(g.dRecurrentKernel, R.shape, "float64", dt),
      ];
      if (bias) grads.push(inDtype(g.dInputBias!, bias.shape, "float64", dt));
      return grads;
    });
    return run.outputs;
  },
);

// ------------------------------------------------------------------ GRU

interface GruParts {
  xProj: Tensor | Float64Array;
  inputBias: Tensor | null;
  h0: Tensor;
  R: Tensor;
  recurrentBias: Tensor | null;
  B: number;
  T: number;
  U: number;
}

function runGru(parts: GruParts, mask: Tensor | null, options: GruSequenceOptions, dt: DType, save: boolean, initialStateGrads: boolean) {
  const { xProj, inputBias, h0, R, recurrentBias, B, T, U } = parts;
  const resetAfter = options.resetAfter ?? true;
  const info = { ...rnnInfo(B, T, U, options, save), resetAfter, initialStateGrads };
  const maskData = mask ? (mask.data as Uint8Array) : null;
  const xData = xProj instanceof Tensor ? xProj.data : xProj;
  const res = backend().gruForward(xData, inputBias ? inputBias.data : null, h0.data, R.data, recurrentBias ? recurrentBias.data : null, maskData, info, dt);
  const outputs = [fromData(res.outputs, [B, T, U], dt), fromData(res.h, [B, U], dt)];
  return { outputs, info, maskData, workspace: res.workspace };
}

/**
 * The GRU recurrence given `xProj` (batch, timesteps, 3 units), which already
 * holds the input bias; `recurrentBias` (3 units) is resetAfter's second bias
 * row, or null. Returns [outputs, h].
 */
export const gruRecurrence = op(
  "gruRecurrence",
  (xProjArg: TensorLike, h0Arg: TensorLike, rArg: TensorLike, brArg: TensorLike | null, options: GruSequenceOptions = {}): Tensor[] => {
    const name = "gruRecurrence";
    const [xProj, h0, R] = [xProjArg, h0Arg, rArg].map((a) => asTensor(a, name));
    const br = optionalTensor(brArg, name);
    const resetAfter = options.resetAfter ?? true;
    if (xProj.rank !== 3) throw new ValueError(`ops.${name}: expected \`xProj\` of rank 3 (batch, timesteps, 3 * units), received ${formatShape(xProj.shape)}.`);
    const [B, T] = xProj.shape;
    const U = R.shape[0];
    expectShape("recurrentKernel", name, R, [U, 3 * U]);
    expectShape("xProj", name, xProj, [B, T, 3 * U]);
    expectShape("h0", name, h0, [B, U]);
    if (br) {
      if (!resetAfter) throw new ValueError(`ops.${name}: a recurrent bias exists only with resetAfter=true.`);
      expectShape("recurrentBias", name, br, [3 * U]);
    }
    const inputs = br ? [xProj, h0, R, br] : [xProj, h0, R];
    const dt = commonFloatDtype(name, inputs);
    const mask = readMask(options.mask, B, T, name);
    const run = runGru({ xProj, inputBias: null, h0, R, recurrentBias: br, B, T, U }, mask, options, dt, shouldRecord(inputs), shouldRecord([h0]));
    recordGradient(inputs, run.outputs, (cotangents) => {
      const cts = cotangents.map((g) => castTo(g, dt));
      if (shouldRecord([...inputs, ...cts])) {
        const opts = { goBackwards: run.info.goBackwards, maskedOutput: run.info.maskedOutput, resetAfter };
        return vjpByTape((xs) => gruRecurrenceReference(xs[0], xs[1], xs[2], br ? xs[3] : null, mask, opts), inputs, cts);
      }
      const g = backend().gruBackward(run.workspace!, cts[0].data, cts[1].data, R.data, run.maskData, { ...run.info, hasRecurrentBias: br !== null }, dt);
      const grads = [fromData(g.dXProj, xProj.shape, dt), fromData(g.dh0, [B, U], dt), fromData(g.dRecurrentKernel, R.shape, dt)];
      if (br) grads.push(fromData(g.dRecurrentBias!, br.shape, dt));
      return grads;
    });
    return run.outputs;
  },
);

/**
 * A whole GRU layer pass as one op: inputs (batch, timesteps, in), kernel
 * (in, 3u), recurrentKernel (u, 3u), bias in Keras's layout ((2, 3u) with
 * resetAfter: input bias then recurrent bias; (3u) without) or null; returns
 * [outputs, h].
 */
export const gruSequence = op(
  "gruSequence",
  (xArg: TensorLike, h0Arg: TensorLike, kernelArg: TensorLike, rArg: TensorLike, biasArg: TensorLike | null, options: GruSequenceOptions = {}): Tensor[] => {
    const name = "gruSequence";
    const [x, h0, kernel, R] = [xArg, h0Arg, kernelArg, rArg].map((a) => asTensor(a, name));
    const bias = optionalTensor(biasArg, name);
    const resetAfter = options.resetAfter ?? true;
    const [B, T, D] = checkSequence(x, name);
    const U = R.shape[0];
    expectShape("recurrentKernel", name, R, [U, 3 * U]);
    expectShape("kernel", name, kernel, [D, 3 * U]);
    expectShape("h0", name, h0, [B, U]);
    if (bias) expectShape("bias", name, bias, resetAfter ? [2, 3 * U] : [3 * U]);
    const inputs = bias ? [x, h0, kernel, R, bias] : [x, h0, kernel, R];
    const dt = commonFloatDtype(name, inputs);
    const mask = readMask(options.mask, B, T, name);
    // resetAfter: row 0 of the bias feeds the input projection, row 1 the recurrent product.
    const biasData = bias ? bias.data : null;
    const inputBias = biasData ? fromData(biasData.subarray(0, 3 * U), [3 * U], dt) : null;
    const recurrentBias = biasData && resetAfter ? fromData(biasData.subarray(3 * U), [3 * U], dt) : null;
    const wantX = shouldRecord([x]);
    const run = runGru({ xProj: projectAll(x, kernel), inputBias, h0, R, recurrentBias, B, T, U }, mask, options, dt, shouldRecord(inputs), shouldRecord([h0]));
    recordGradient(inputs, run.outputs, (cotangents) => {
      const cts = cotangents.map((g) => castTo(g, dt));
      if (shouldRecord([...inputs, ...cts])) {
        const opts = { goBackwards: run.info.goBackwards, maskedOutput: run.info.maskedOutput, resetAfter };
        const reference = (xs: Tensor[]) => {
          let xProj = matmul(reshape(xs[0], [B * T, D]), xs[2]);
          let br: Tensor | null = null;
          if (bias) {
            const rows = resetAfter ? unstack(xs[4], { axis: 0 }) : [xs[4]];
            xProj = add(xProj, rows[0]);
            br = resetAfter ? rows[1] : null;
          }
          return gruRecurrenceReference(reshape(xProj, [B, T, 3 * U]), xs[1], xs[3], br, mask, opts);
        };
        return vjpByTape(reference, inputs, cts);
      }
      const info = { ...run.info, hasRecurrentBias: recurrentBias !== null, inputBiasGrad: bias !== null };
      const g = backend().gruBackward(run.workspace!, cts[0].data, cts[1].data, R.data, run.maskData, info, "float64");
      const [dx, dKernel] = projectionGrads(x, kernel, g.dXProj as Float64Array, wantX, dt);
      const grads = [dx, inDtype(g.dh0, [B, U], "float64", dt), dKernel, inDtype(g.dRecurrentKernel, R.shape, "float64", dt)];
      if (bias) {
        const dInput = inDtype(g.dInputBias!, [3 * U], "float64", dt);
        grads.push(resetAfter ? stack([dInput, inDtype(g.dRecurrentBias!, [3 * U], "float64", dt)], { axis: 0 }) : dInput);
      }
      return grads;
    });
    return run.outputs;
  },
);
