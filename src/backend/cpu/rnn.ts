/**
 * Whole-sequence LSTM and GRU kernels for the reference backend.
 *
 * The input projection of every step arrives precomputed (`xProj`, one big
 * matmul done by the op), so each time step costs one product of the batch of
 * states with the recurrent kernel (packed once per sequence, see
 * rnn-gemm.ts) and one fused pass over the gates; the backward pass runs the
 * same structure in reverse time. The recurrent kernel's gradient is one large
 * product over all steps at the end. Everything inside runs in float64;
 * results are stored in the requested dtype.
 *
 * Layouts: xProj and its gradient (batch, timesteps, gates * units) in time
 * order; outputs and their gradient (batch, timesteps, units) in processing
 * order (reversed time with goBackwards, as Keras returns them); states
 * (batch, units). Workspace arrays are (batch, timesteps, ...) in time order.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import type { GruBackwardResult, GruForwardResult, LstmBackwardResult, LstmForwardResult, RnnInfo, RnnWorkspace } from "../backend.js";
import { matmul } from "./matmul.js";
import { StepProduct, releaseAsmHeap } from "./rnn-gemm.js";
import { sigmoid, sigmoidRange, tanh, tanhRange } from "./rnn-math.js";
import { fromFloat64 } from "./elementwise.js";

type GruInfo = RnnInfo & { resetAfter: boolean };


function float64Copy(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i];
  return out;
}

/** Keras's order of processing: step s handles time t. */
function timeOf(s: number, info: RnnInfo): number {
  return info.goBackwards ? info.timesteps - 1 - s : s;
}

/** Sums over the rows of a (rows, cols) matrix: a bias gradient. */
function columnSums(x: Float64Array, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(cols);
  for (let row = 0; row < rows; row++) {
    const o = row * cols;
    for (let j = 0; j < cols; j++) sums[j] += x[o + j];
  }
  return sums;
}

/** Aᵀ · B over all (batch, time) rows: A (rows, m), B (rows, n) contiguous -> (m, n). */
function sumOfOuterProducts(A: Float64Array, B: Float64Array, rows: number, m: number, n: number): Float64Array {
  releaseAsmHeap(); // matmul packs its own blocks into the shared asm.js heap
  return matmul(A, B, { batch: 1, m, k: rows, n, transposeA: true, transposeB: false, aBatchStride: 0, bBatchStride: 0 }, "float64") as Float64Array;
}

// ------------------------------------------------------------------ LSTM

export function lstmForward(
  xProj: TypedArray, inputBias: TypedArray | null, h0: TypedArray, c0: TypedArray, R: TypedArray, mask: Uint8Array | null, info: RnnInfo, outDtype: DType,
): LstmForwardResult {
  const { batch: B, timesteps: T, units: U, maskedOutput, saveForBackward: save } = info;
  const G = 4 * U;
  const outputs = allocate(outDtype, B * T * U);
  const h = float64Copy(h0);
  const c = float64Copy(c0);
  const prevOut = new Float64Array(B * U);
  const gates = save ? new Float64Array(B * T * G) : null;
  const hPrev = save ? new Float64Array(B * T * U) : null;
  const cPrev = save ? new Float64Array(B * T * U) : null;
  const tanhC = save ? new Float64Array(B * T * U) : null;
  const product = new StepProduct(R, 0, G, 1, B, U, G);
  const pre = new Float64Array(B * G);
  const tc = new Float64Array(U); // tanh of a row's new cell state
  for (let s = 0; s < T; s++) {
    const t = timeOf(s, info);
    for (let b = 0; b < B; b++) {
      const src = (b * T + t) * G;
      if (inputBias) for (let j = 0; j < G; j++) pre[b * G + j] = xProj[src + j] + inputBias[j];
      else for (let j = 0; j < G; j++) pre[b * G + j] = xProj[src + j];
    }
    product.run(h, 0, U, 1, pre, 0, G);
    // The fused gate pass: activations over each row's gate blocks, then the cell update.
    for (let b = 0; b < B; b++) {
      const p = b * G;
      sigmoidRange(pre, p, p + 2 * U);
      tanhRange(pre, p + 2 * U, pre, p + 2 * U, U);
      sigmoidRange(pre, p + 3 * U, p + G);
    }
    for (let b = 0; b < B; b++) {
      const p = b * G;
      const st = b * U;
      const bt = (b * T + t) * U;
      const out = (b * T + s) * U;
      if (save) {
        hPrev!.set(h.subarray(st, st + U), bt);
        cPrev!.set(c.subarray(st, st + U), bt);
      }
      if (mask === null || mask[b * T + t] !== 0) {
        const g0 = (b * T + t) * G;
        for (let j = 0; j < U; j++) c[st + j] = pre[p + U + j] * c[st + j] + pre[p + j] * pre[p + 2 * U + j];
        tanhRange(c, st, tc, 0, U);
        for (let j = 0; j < U; j++) {
          const hn = pre[p + 3 * U + j] * tc[j];
          h[st + j] = hn;
          outputs[out + j] = hn;
          prevOut[st + j] = hn;
        }
        if (save) {
          gates!.set(pre.subarray(p, p + G), g0);
          tanhC!.set(tc, bt);
        }
      } else {
        // Masked: the state carries over; the output is Keras's choice for masked steps.
        for (let j = 0; j < U; j++) {
          const o = maskedOutput === "zeros" ? 0 : maskedOutput === "state" ? h[st + j] : prevOut[st + j];
          outputs[out + j] = o;
          prevOut[st + j] = o;
        }
      }
    }
  }
  releaseAsmHeap(); // the products of this call are done with
  const workspace = save ? { gates: gates!, hPrev: hPrev!, cPrev: cPrev!, tanhC: tanhC! } : null;
  return { outputs, h: fromFloat64(h, outDtype), c: fromFloat64(c, outDtype), workspace };
}

export function lstmBackward(
  ws: RnnWorkspace, dOutputs: TypedArray, dh: TypedArray, dc: TypedArray, R: TypedArray, mask: Uint8Array | null, info: RnnInfo, outDtype: DType,
): LstmBackwardResult {
  const { batch: B, timesteps: T, units: U, maskedOutput } = info;
  const G = 4 * U;
  const gates = ws.gates as Float64Array;
  const cPrev = ws.cPrev as Float64Array;
  const tanhC = ws.tanhC as Float64Array;
  const dPre = new Float64Array(B * T * G);
  let dhCarry: Float64Array = float64Copy(dh); // d loss / d h after the current step
  const dcCarry = float64Copy(dc);
  let dhNext: Float64Array = new Float64Array(B * U);
  const dOutCarry = new Float64Array(B * U); // "previous" mode: gradient reaching the previous output
  // dh_prev = dPre · Rᵀ: Rᵀ (G, U) has element (p, j) at R[j * G + p].
  const product = new StepProduct(R, 0, 1, G, B, G, U);
  for (let s = T - 1; s >= 0; s--) {
    const t = timeOf(s, info);
    for (let b = 0; b < B; b++) {
      const st = b * U;
      const bt = (b * T + t) * U;
      const out = (b * T + s) * U;
      if (mask === null || mask[b * T + t] !== 0) {
        const g0 = (b * T + t) * G;
        for (let j = 0; j < U; j++) {
          const dhn = dhCarry[st + j] + dOutputs[out + j] + dOutCarry[st + j];
          const ig = gates[g0 + j];
          const fg = gates[g0 + U + j];
          const cg = gates[g0 + 2 * U + j];
          const og = gates[g0 + 3 * U + j];
          const tc = tanhC[bt + j];
          const dC = dcCarry[st + j] + dhn * og * (1 - tc * tc);
          dPre[g0 + j] = dC * cg * ig * (1 - ig);
          dPre[g0 + U + j] = dC * cPrev[bt + j] * fg * (1 - fg);
          dPre[g0 + 2 * U + j] = dC * ig * (1 - cg * cg);
          dPre[g0 + 3 * U + j] = dhn * tc * og * (1 - og);
          dcCarry[st + j] = dC * fg;
          dhNext[st + j] = 0;
          dOutCarry[st + j] = 0;
        }
      } else {
        for (let j = 0; j < U; j++) {
          const dOut = dOutputs[out + j] + dOutCarry[st + j];
          dhNext[st + j] = dhCarry[st + j] + (maskedOutput === "state" ? dOut : 0);
          dOutCarry[st + j] = maskedOutput === "previous" ? dOut : 0;
        }
      }
    }
    if (s > 0 || info.initialStateGrads !== false) product.run(dPre, t * G, T * G, 1, dhNext, 0, U);
    const swap = dhCarry;
    dhCarry = dhNext;
    dhNext = swap;
  }
  const dR = sumOfOuterProducts(ws.hPrev as Float64Array, dPre, B * T, U, G);
  return {
    dXProj: fromFloat64(dPre, outDtype),
    dh0: fromFloat64(dhCarry, outDtype),
    dc0: fromFloat64(dcCarry, outDtype),
    dRecurrentKernel: fromFloat64(dR, outDtype),
    dInputBias: info.inputBiasGrad ? fromFloat64(columnSums(dPre, B * T, G), outDtype) : null,
  };
}

// ------------------------------------------------------------------ GRU

export function gruForward(
  xProj: TypedArray, inputBias: TypedArray | null, h0: TypedArray, R: TypedArray, recurrentBias: TypedArray | null, mask: Uint8Array | null, info: GruInfo, outDtype: DType,
): GruForwardResult {
  const { batch: B, timesteps: T, units: U, maskedOutput, saveForBackward: save, resetAfter } = info;
  const G = 3 * U;
  const outputs = allocate(outDtype, B * T * U);
  const h = float64Copy(h0);
  const prevOut = new Float64Array(B * U);
  const gates = save ? new Float64Array(B * T * G) : null; // z, r, hh
  const hPrev = save ? new Float64Array(B * T * U) : null;
  // resetAfter: the candidate's recurrent term (h·Rh + br_h); otherwise r ⊙ h_prev.
  const aux = save ? new Float64Array(B * T * U) : null;
  // resetAfter: all three gates from one product; otherwise z and r first, the candidate after r.
  const gateCols = resetAfter ? G : 2 * U;
  const product = new StepProduct(R, 0, G, 1, B, U, gateCols);
  const candidate = resetAfter ? null : new StepProduct(R, 2 * U, G, 1, B, U, U, product.packedSize);
  const hr = new Float64Array(B * gateCols);
  // This step's gates, row by row: z, r (activated), then the candidate ĥ (its pre-activation, then activated).
  const act = new Float64Array(B * G);
  const rh = resetAfter ? null : new Float64Array(B * U);
  const hc = resetAfter ? null : new Float64Array(B * U);
  for (let s = 0; s < T; s++) {
    const t = timeOf(s, info);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < gateCols; j++) hr[b * gateCols + j] = recurrentBias ? recurrentBias[j] : 0;
    }
    product.run(h, 0, U, 1, hr, 0, gateCols);
    for (let b = 0; b < B; b++) {
      // Projected inputs (input bias included) plus the recurrent terms of z and r, then σ.
      const src = (b * T + t) * G;
      const a = b * G;
      const p = b * gateCols;
      for (let j = 0; j < 2 * U; j++) act[a + j] = xProj[src + j] + (inputBias ? inputBias[j] : 0) + hr[p + j];
      for (let j = 2 * U; j < G; j++) act[a + j] = xProj[src + j] + (inputBias ? inputBias[j] : 0);
      sigmoidRange(act, a, a + 2 * U);
    }
    if (resetAfter) {
      for (let b = 0; b < B; b++) {
        const a = b * G;
        const p = b * gateCols;
        for (let j = 0; j < U; j++) act[a + 2 * U + j] += act[a + U + j] * hr[p + 2 * U + j];
      }
    } else {
      // r ⊙ h_prev feeds the candidate's product.
      for (let i = 0; i < B * U; i++) hc![i] = 0;
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < U; j++) rh![b * U + j] = act[b * G + U + j] * h[b * U + j];
      }
      candidate!.run(rh!, 0, U, 1, hc!, 0, U);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < U; j++) act[b * G + 2 * U + j] += hc![b * U + j];
      }
    }
    for (let b = 0; b < B; b++) tanhRange(act, b * G + 2 * U, act, b * G + 2 * U, U);
    for (let b = 0; b < B; b++) {
      const st = b * U;
      const bt = (b * T + t) * U;
      const out = (b * T + s) * U;
      const a = b * G;
      if (save) {
        hPrev!.set(h.subarray(st, st + U), bt);
        if (resetAfter) aux!.set(hr.subarray(b * gateCols + 2 * U, b * gateCols + G), bt);
        else aux!.set(rh!.subarray(st, st + U), bt);
      }
      if (mask === null || mask[b * T + t] !== 0) {
        if (save) gates!.set(act.subarray(a, a + G), (b * T + t) * G);
        for (let j = 0; j < U; j++) {
          const z = act[a + j];
          const hn = z * h[st + j] + (1 - z) * act[a + 2 * U + j];
          h[st + j] = hn;
          outputs[out + j] = hn;
          prevOut[st + j] = hn;
        }
      } else {
        for (let j = 0; j < U; j++) {
          const o = maskedOutput === "zeros" ? 0 : maskedOutput === "state" ? h[st + j] : prevOut[st + j];
          outputs[out + j] = o;
          prevOut[st + j] = o;
        }
      }
    }
  }
  releaseAsmHeap(); // the products of this call are done with
  const workspace = save ? { gates: gates!, hPrev: hPrev!, aux: aux! } : null;
  return { outputs, h: fromFloat64(h, outDtype), workspace };
}

export function gruBackward(
  ws: RnnWorkspace, dOutputs: TypedArray, dh: TypedArray, R: TypedArray, mask: Uint8Array | null,
  info: GruInfo & { hasRecurrentBias: boolean }, outDtype: DType,
): GruBackwardResult {
  const { batch: B, timesteps: T, units: U, maskedOutput, resetAfter } = info;
  const G = 3 * U;
  const gates = ws.gates as Float64Array;
  const hPrev = ws.hPrev as Float64Array;
  const aux = ws.aux as Float64Array;
  const dX = new Float64Array(B * T * G);
  // Gradient of the recurrent products' outputs: resetAfter (B, T, 3U); otherwise z, r (B, T, 2U) and the candidate (B, T, U).
  const dRec = new Float64Array(B * T * (resetAfter ? G : 2 * U));
  const dCand = resetAfter ? null : new Float64Array(B * T * U);
  let dhCarry: Float64Array = float64Copy(dh);
  let dhNext: Float64Array = new Float64Array(B * U);
  const dOutCarry = new Float64Array(B * U);
  const dRh = resetAfter ? null : new Float64Array(B * U);
  const gateCols = resetAfter ? G : 2 * U;
  // Transposed products: (gateCols) -> U through R[:, :gateCols]ᵀ, and U -> U through R[:, 2U:]ᵀ.
  const product = new StepProduct(R, 0, 1, G, B, gateCols, U);
  const candidate = resetAfter ? null : new StepProduct(R, 2 * U, 1, G, B, U, U, product.packedSize);
  for (let s = T - 1; s >= 0; s--) {
    const t = timeOf(s, info);
    const live = new Uint8Array(B);
    for (let b = 0; b < B; b++) {
      const st = b * U;
      const bt = (b * T + t) * U;
      const out = (b * T + s) * U;
      live[b] = mask === null || mask[b * T + t] !== 0 ? 1 : 0;
      if (live[b]) {
        const g0 = (b * T + t) * G;
        const rc = (b * T + t) * gateCols;
        for (let j = 0; j < U; j++) {
          const dhn = dhCarry[st + j] + dOutputs[out + j] + dOutCarry[st + j];
          const z = gates[g0 + j];
          const r = gates[g0 + U + j];
          const hh = gates[g0 + 2 * U + j];
          const hp = hPrev[bt + j];
          const dPreH = dhn * (1 - z) * (1 - hh * hh);
          const dPreZ = dhn * (hp - hh) * z * (1 - z);
          dX[g0 + j] = dPreZ;
          dX[g0 + 2 * U + j] = dPreH;
          dRec[rc + j] = dPreZ;
          if (resetAfter) {
            const dPreR = dPreH * aux[bt + j] * r * (1 - r);
            dX[g0 + U + j] = dPreR;
            dRec[rc + U + j] = dPreR;
            dRec[rc + 2 * U + j] = dPreH * r;
          } else {
            dCand![bt + j] = dPreH;
          }
          dhNext[st + j] = dhn * z;
          dOutCarry[st + j] = 0;
        }
      } else {
        for (let j = 0; j < U; j++) {
          const dOut = dOutputs[out + j] + dOutCarry[st + j];
          dhNext[st + j] = dhCarry[st + j] + (maskedOutput === "state" ? dOut : 0);
          dOutCarry[st + j] = maskedOutput === "previous" ? dOut : 0;
        }
      }
    }
    if (!resetAfter) {
      // d(r ⊙ h_prev) = dPreH · Rhᵀ, then split between r and h_prev.
      dRh!.fill(0);
      candidate!.run(dCand!, t * U, T * U, 1, dRh!, 0, U);
      for (let b = 0; b < B; b++) {
        if (!live[b]) continue;
        const st = b * U;
        const bt = (b * T + t) * U;
        const g0 = (b * T + t) * G;
        const rc = (b * T + t) * gateCols;
        for (let j = 0; j < U; j++) {
          const r = gates[g0 + U + j];
          const d = dRh![st + j];
          const dPreR = d * hPrev[bt + j] * r * (1 - r);
          dX[g0 + U + j] = dPreR;
          dRec[rc + U + j] = dPreR;
          dhNext[st + j] += d * r;
        }
      }
    }
    if (s > 0 || info.initialStateGrads !== false) product.run(dRec, t * gateCols, T * gateCols, 1, dhNext, 0, U);
    const swap = dhCarry;
    dhCarry = dhNext;
    dhNext = swap;
  }
  const rows = B * T;
  let dR: Float64Array;
  if (resetAfter) {
    dR = sumOfOuterProducts(hPrev, dRec, rows, U, G);
  } else {
    const dZR = sumOfOuterProducts(hPrev, dRec, rows, U, 2 * U);
    const dHh = sumOfOuterProducts(aux, dCand!, rows, U, U);
    dR = new Float64Array(U * G);
    for (let i = 0; i < U; i++) {
      for (let j = 0; j < 2 * U; j++) dR[i * G + j] = dZR[i * 2 * U + j];
      for (let j = 0; j < U; j++) dR[i * G + 2 * U + j] = dHh[i * U + j];
    }
  }
  const dBias = info.hasRecurrentBias ? fromFloat64(columnSums(dRec, rows, gateCols), outDtype) : null;
  return {
    dXProj: fromFloat64(dX, outDtype),
    dh0: fromFloat64(dhCarry, outDtype),
    dRecurrentKernel: fromFloat64(dR, outDtype),
    dRecurrentBias: dBias,
    dInputBias: info.inputBiasGrad ? fromFloat64(columnSums(dX, rows, G), outDtype) : null,
  };
}
