/**
 * `keras.layers.GRUCell(units)`: one GRU step. Gates in Keras's order z, r, h
 * (column blocks of kernel (in, 3u) and recurrent_kernel (u, 3u)):
 *   z = σ(x·Wz + h·Uz + b),  r = σ(x·Wr + h·Ur + b)
 *   resetAfter (default): ĥ = φ(x·Wh + bi_h + r ⊙ (h·Uh + br_h)), bias (2, 3u) = [input bias; recurrent bias]
 *   otherwise:            ĥ = φ(x·Wh + b_h + (r ⊙ h)·Uh),        bias (3u)
 *   h' = z ⊙ h + (1 - z) ⊙ ĥ
 * with σ = recurrentActivation (sigmoid), φ = activation (tanh). One state, h.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { split, unstack } from "../../ops/shape/join.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { CallKwargs, layerOptionsFromConfig } from "../layer.js";
import { addTrioWeight } from "../weight-options.js";
import { ActivationFn, RecurrentCellOptions, resolveActivation } from "./cell-options.js";
import { UnitsRecurrentCell } from "./units-recurrent-cell.js";

export interface GRUCellOptions extends RecurrentCellOptions {
  recurrentActivation?: unknown;
  resetAfter?: boolean;
  /** Keras's `implementation`: 2 (default) one product for all gates; 1 (forced by recurrentDropout) one per gate. */
  implementation?: number;
}

export class GRUCell extends UnitsRecurrentCell {
  declare recurrentActivation: ActivationFn;
  declare resetAfter: boolean;
  declare implementation: number;
  declare stateSize: number;

  constructor(units: number, options: GRUCellOptions = {}) {
    const { recurrentActivation, resetAfter, implementation, ...rest } = options;
    super(units, rest);
    this.recurrentActivation = resolveActivation(recurrentActivation, "sigmoid");
    this.implementation = this.gateImplementation(implementation, 3);
    this.resetAfter = resetAfter ?? true;
  }

  override build(inputShape: (number | null)[]): void {
    const inputDim = inputShape[inputShape.length - 1] as number;
    const u = this.units;
    this.kernel = addTrioWeight(this, "kernel", "kernel", [inputDim, 3 * u]);
    this.recurrentKernel = addTrioWeight(this, "recurrent", "recurrent_kernel", [u, 3 * u]);
    this.bias = this.useBias ? addTrioWeight(this, "bias", "bias", this.resetAfter ? [2, 3 * u] : [3 * u]) : null;
  }

  override call(inputs: Tensor, states: Tensor | Tensor[], { training = false }: CallKwargs = {}): [Tensor, Tensor | Tensor[]] {
    const nested = Array.isArray(states);
    const hPrev = nested ? states[0] : states;
    const kernel = this.kernel!.value;
    const recurrent = this.recurrentKernel!.value;
    let inputBias: Tensor | null = null;
    let recurrentBias: Tensor | null = null;
    if (this.bias) {
      if (this.resetAfter) [inputBias, recurrentBias] = unstack(this.bias.value, { axis: 0 });
      else inputBias = this.bias.value;
    }
    const dropping = training && this.dropout > 0 && this.dropout < 1;
    const recDropping = training && this.recurrentDropout > 0 && this.recurrentDropout < 1;
    const [kz, kr, kh] = split(kernel, 3, { axis: 1 });
    const [rz, rr, rhK] = split(recurrent, 3, { axis: 1 });
    let xz: Tensor, xr: Tensor, xh: Tensor;
    let hz = hPrev, hr = hPrev, hh = hPrev;
    if (this.implementation === 1) {
      const dp = dropping ? (this.getDropoutMask(inputs) as Tensor[]) : null;
      xz = matmul(dp ? multiply(inputs, dp[0]) : inputs, kz);
      xr = matmul(dp ? multiply(inputs, dp[1]) : inputs, kr);
      xh = matmul(dp ? multiply(inputs, dp[2]) : inputs, kh);
      if (inputBias) [xz, xr, xh] = [xz, xr, xh].map((x, g) => add(x, split(inputBias!, 3, { axis: 0 })[g]));
      if (recDropping) {
        const rdp = this.getRecurrentDropoutMask(hPrev) as Tensor[];
        [hz, hr, hh] = [multiply(hPrev, rdp[0]), multiply(hPrev, rdp[1]), multiply(hPrev, rdp[2])];
      }
    } else {
      const x = dropping ? multiply(inputs, this.getDropoutMask(inputs) as Tensor) : inputs;
      let mx = matmul(x, kernel);
      if (inputBias) mx = add(mx, inputBias);
      [xz, xr, xh] = split(mx, 3, { axis: -1 });
    }
    let recZ: Tensor, recR: Tensor, recH: Tensor | null = null;
    if (this.implementation !== 1 && this.resetAfter) {
      // One product for the three gates (the recurrent bias included).
      let inner = matmul(hPrev, recurrent);
      if (recurrentBias) inner = add(inner, recurrentBias);
      [recZ, recR, recH] = split(inner, 3, { axis: -1 });
    } else {
      recZ = matmul(hz, rz);
      recR = matmul(hr, rr);
      if (recurrentBias) {
        const [bz, br] = split(recurrentBias, 3, { axis: 0 });
        recZ = add(recZ, bz);
        recR = add(recR, br);
      }
    }
    const z = this.recurrentActivation(add(xz, recZ));
    const r = this.recurrentActivation(add(xr, recR));
    let candidateRecurrent: Tensor;
    if (this.resetAfter) {
      if (recH === null) {
        recH = matmul(hh, rhK);
        if (recurrentBias) recH = add(recH, split(recurrentBias, 3, { axis: 0 })[2]);
      }
      candidateRecurrent = multiply(r, recH);
    } else {
      candidateRecurrent = matmul(multiply(r, hh), rhK);
    }
    const candidate = this.activation(add(xh, candidateRecurrent));
    const h = add(multiply(z, hPrev), multiply(subtract(1, z), candidate));
    return [h, nested ? [h] : h];
  }

  override getConfig(): Record<string, any> {
    return this.cellConfig({}, { reset_after: this.resetAfter });
  }

  static override fromConfig(config: Record<string, any>): GRUCell {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new GRUCell(units, options);
  }
}

registerBuiltin("keras.layers", "GRUCell", GRUCell);
