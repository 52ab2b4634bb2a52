/**
 * Fused recurrent ops: a whole LSTM or GRU sequence as a handful of tape
 * nodes instead of a dozen small ops per time step.
 *
 * `lstmSequence` / `gruSequence` do the input projection of every step with
 * one matmul (its gradient: two more matmuls over all steps), then run the
 * recurrence as ONE op backed by a backend kernel (per step: one recurrent
 * product and one fused gate pass; backward the same in reverse time). The
 * gates are Keras's defaults: sigmoid recurrent activation, tanh activation.
 *
 * Semantics are Keras 3's `backend.rnn` (numpy/JAX): steps run in reverse
 * time with `goBackwards` and outputs come back in processing order; at a
 * masked step every state is carried over and the output is the previous
 * state h (`maskedOutput: "state"`, Keras's default), zeros
 * (`zero_output_for_mask`), or the previous output, zeros before the first
 * (`"previous"`: Keras's unrolled loop).
 *
 * The recurrence's backward runs the backward kernel; when a tape is
 * recording that backward (a gradient of a gradient), it is computed from
 * the op-by-op reference instead, which is differentiable to any order.
 */
import { DType, isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { noGrad, recordGradient, shouldRecord } from "../../autodiff/tape.js";
import type { RnnInfo } from "../../backend/backend.js";
import { asTensor, backend, op, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { add } from "../math/arithmetic.js";
import { notEqual } from "../math/comparison.js";
import { matmul } from "../linalg/matmul.js";
import { reshape } from "../shape/reshape.js";
import { transpose } from "../shape/transpose.js";
import { sum } from "../reduction/sum.js";
import { unstack } from "../shape/join.js";
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

/**
 * (batch, timesteps, in) @ (in, n) (+ bias) as one (batch * timesteps, in)
 * product. When no tape follows the inputs (the usual case: data, not a
 * variable), the projection is recorded as one node of the kernel and bias
 * alone, so the backward pass skips the input gradient product.
 */
function projectInputs(x: Tensor, kernel: Tensor, bias: Tensor | null): Tensor {
  const [b, t, d] = x.shape;
  const x2d = reshape(x, [b * t, d]);
  const project = () => {
    const y = matmul(x2d, kernel);
    return bias ? add(y, bias) : y;
  };
  let y: Tensor;
  if (shouldRecord([x2d])) {
    y = project();
  } else {
    y = noGrad(project);
    const params = bias ? [kernel, bias] : [kernel];
    recordGradient(params, [y], ([g]) => {
      const dKernel = matmul(transpose(x2d), g);
      return bias ? [dKernel, sum(g, 0)] : [dKernel];
    });
  }
  return reshape(y, [b, t, kernel.shape[1]]);
}

function castTo(t: Tensor, dt: DType): Tensor {
  return t.dtype === dt ? t : cast(t, dt);
}

// ------------------------------------------------------------------ LSTM

/**
 * The LSTM recurrence given the projected inputs `xProj` (batch, timesteps, 4 units):
 * returns [outputs (batch, timesteps, units) in processing order, h, c].
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
    const dt = commonFloatDtype(name, [xProj, h0, c0, R]);
    const mask = readMask(options.mask, B, T, name);
    const maskData = mask ? (mask.data as Uint8Array) : null;
    const inputs = [xProj, h0, c0, R];
    const info = { ...rnnInfo(B, T, U, options, shouldRecord(inputs)), initialStateGrads: shouldRecord([h0, c0]) };
    const res = backend().lstmForward(xProj.data, h0.data, c0.data, R.data, maskData, info, dt);
    const outputs = [fromData(res.outputs, [B, T, U], dt), fromData(res.h, [B, U], dt), fromData(res.c, [B, U], dt)];
    recordGradient(inputs, outputs, (cotangents) => {
      const cts = cotangents.map((g) => castTo(g, dt));
      if (shouldRecord([...inputs, ...cts])) {
        const opts = { goBackwards: info.goBackwards, maskedOutput: info.maskedOutput };
        return vjpByTape((xs) => lstmRecurrenceReference(xs[0], xs[1], xs[2], xs[3], mask, opts), inputs, cts);
      }
      const g = backend().lstmBackward(res.workspace!, cts[0].data, cts[1].data, cts[2].data, R.data, maskData, info, dt);
      return [fromData(g.dXProj, xProj.shape, dt), fromData(g.dh0, [B, U], dt), fromData(g.dc0, [B, U], dt), fromData(g.dRecurrentKernel, R.shape, dt)];
    });
    return outputs;
  },
);

/**
 * A whole LSTM layer pass: inputs (batch, timesteps, in), kernel (in, 4u),
 * recurrentKernel (u, 4u), bias (4u) or null; returns [outputs, h, c].
 */
export const lstmSequence = op(
  "lstmSequence",
  (x: TensorLike, h0: TensorLike, c0: TensorLike, kernel: TensorLike, recurrentKernel: TensorLike, bias: TensorLike | null, options: SequenceOptions = {}): Tensor[] => {
    const xs = asTensor(x, "lstmSequence");
    if (xs.rank !== 3) throw new ValueError(`ops.lstmSequence: expected inputs of rank 3 (batch, timesteps, features), received ${formatShape(xs.shape)}.`);
    const xProj = projectInputs(xs, asTensor(kernel, "lstmSequence"), bias === null || bias === undefined ? null : asTensor(bias, "lstmSequence"));
    return lstmRecurrence(xProj, h0, c0, recurrentKernel, options);
  },
);

// ------------------------------------------------------------------ GRU

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
    const br = brArg === null || brArg === undefined ? null : asTensor(brArg, name);
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
    const maskData = mask ? (mask.data as Uint8Array) : null;
    const info = { ...rnnInfo(B, T, U, options, shouldRecord(inputs)), resetAfter, initialStateGrads: shouldRecord([h0]) };
    const res = backend().gruForward(xProj.data, h0.data, R.data, br ? br.data : null, maskData, info, dt);
    const outputs = [fromData(res.outputs, [B, T, U], dt), fromData(res.h, [B, U], dt)];
    recordGradient(inputs, outputs, (cotangents) => {
      const cts = cotangents.map((g) => castTo(g, dt));
      if (shouldRecord([...inputs, ...cts])) {
        const opts = { goBackwards: info.goBackwards, maskedOutput: info.maskedOutput, resetAfter };
        return vjpByTape((xs) => gruRecurrenceReference(xs[0], xs[1], xs[2], br ? xs[3] : null, mask, opts), inputs, cts);
      }
      const g = backend().gruBackward(res.workspace!, cts[0].data, cts[1].data, R.data, maskData, { ...info, hasRecurrentBias: br !== null }, dt);
      const grads = [fromData(g.dXProj, xProj.shape, dt), fromData(g.dh0, [B, U], dt), fromData(g.dRecurrentKernel, R.shape, dt)];
      if (br) grads.push(fromData(g.dRecurrentBias!, br.shape, dt));
      return grads;
    });
    return outputs;
  },
);

/**
 * A whole GRU layer pass: inputs (batch, timesteps, in), kernel (in, 3u),
 * recurrentKernel (u, 3u), bias in Keras's layout ((2, 3u) with resetAfter:
 * input bias then recurrent bias; (3u) without) or null; returns [outputs, h].
 */
export const gruSequence = op(
  "gruSequence",
  (x: TensorLike, h0: TensorLike, kernel: TensorLike, recurrentKernel: TensorLike, bias: TensorLike | null, options: GruSequenceOptions = {}): Tensor[] => {
    const name = "gruSequence";
    const xs = asTensor(x, name);
    if (xs.rank !== 3) throw new ValueError(`ops.${name}: expected inputs of rank 3 (batch, timesteps, features), received ${formatShape(xs.shape)}.`);
    const k = asTensor(kernel, name);
    const resetAfter = options.resetAfter ?? true;
    let inputBias: Tensor | null = null;
    let recurrentBias: Tensor | null = null;
    if (bias !== null && bias !== undefined) {
      const b = asTensor(bias, name);
      const units3 = k.shape[1];
      if (resetAfter) {
        expectShape("bias", name, b, [2, units3]);
        // Row 0 feeds the input projection, row 1 the recurrent product.
        [inputBias, recurrentBias] = unstack(b, { axis: 0 });
      } else {
        expectShape("bias", name, b, [units3]);
        inputBias = b;
      }
    }
    const xProj = projectInputs(xs, k, inputBias);
    return gruRecurrence(xProj, h0, recurrentKernel, recurrentBias, options);
  },
);
