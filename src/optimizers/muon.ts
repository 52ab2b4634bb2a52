/**
 * `keras.optimizers.Muon` (Jordan et al.; Liu et al., 2025): momentum SGD
 * whose update for 2-D variables is orthogonalised by a quintic
 * Newton-Schulz iteration, with the Moonlight RMS rescaling
 * `sqrt(max(rows, cols)) * rms_rate`. Variables that are not 2-D, embeddings
 * (when `exclude_embeddings`) and paths matching `exclude_layers` take an
 * AdamW step instead (with `adam_weight_decay`).
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, booleanOption, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface MuonOptions extends BaseOptimizerOptions {
  adamBeta1?: number;
  adamBeta2?: number;
  adamWeightDecay?: number | null;
  epsilon?: number;
  excludeLayers?: string[] | null;
  excludeEmbeddings?: boolean;
  muonA?: number;
  muonB?: number;
  muonC?: number;
  adamLrRatio?: number;
  momentum?: number;
  nsSteps?: number;
  nesterov?: boolean;
  rmsRate?: number | null;
}

const MUON_KEYS = [
  "adamBeta1", "adamBeta2", "adamWeightDecay", "epsilon", "excludeLayers", "excludeEmbeddings", "muonA", "muonB",
  "muonC", "adamLrRatio", "momentum", "nsSteps", "nesterov", "rmsRate",
];

/** Swaps the last two axes. */
function transposeLastAxes(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
  return ops.transpose(x, perm);
}

export class Muon extends Optimizer {
  readonly adamBeta1: number;
  readonly adamBeta2: number;
  readonly adamWeightDecay: number | null;
  readonly epsilon: number;
  readonly excludeLayers: string[];
  readonly excludeEmbeddings: boolean;
  readonly muonA: number;
  readonly muonB: number;
  readonly muonC: number;
  readonly adamLrRatio: number;
  readonly momentum: number;
  readonly nsSteps: number;
  readonly nesterov: boolean;
  readonly rmsRate: number | null;
  /** Momentum slots (all variables) and Adam velocities (only the variables taking the AdamW step). */
  protected momentums: (Variable | null)[] = [];
  protected adamVelocities: (Variable | null)[] = [];

  constructor(options: MuonOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001, weightDecay: 0.004 });
    super(o, MUON_KEYS);
    const num = (v: unknown, name: string) => numberOption("Muon", v, name);
    this.adamBeta1 = num(o.adamBeta1 ?? 0.9, "adam_beta_1");
    this.adamBeta2 = num(o.adamBeta2 ?? 0.999, "adam_beta_2");
    this.adamWeightDecay = o.adamWeightDecay === undefined ? 0.004 : numberOption("Muon", o.adamWeightDecay, "adam_weight_decay", true);
    this.epsilon = num(o.epsilon ?? 1e-7, "epsilon");
    const excluded = o.excludeLayers ?? [];
    if (!Array.isArray(excluded) || !excluded.every((s) => typeof s === "string")) {
      throw new ValueError(`Muon: argument \`exclude_layers\` must be an array of strings. Received: exclude_layers=${JSON.stringify(excluded)}`);
    }
    this.excludeLayers = excluded.slice();
    this.excludeEmbeddings = booleanOption("Muon", o.excludeEmbeddings ?? true, "exclude_embeddings");
    this.muonA = num(o.muonA ?? 3.4445, "muon_a");
    this.muonB = num(o.muonB ?? -4.775, "muon_b");
    this.muonC = num(o.muonC ?? 2.0315, "muon_c");
    this.adamLrRatio = num(o.adamLrRatio ?? 1, "adam_lr_ratio");
    this.momentum = num(o.momentum ?? 0.95, "momentum");
    this.nsSteps = num(o.nsSteps ?? 5, "ns_steps");
    if (!Number.isInteger(this.nsSteps) || this.nsSteps < 0) {
      throw new ValueError(`Muon: argument \`ns_steps\` must be a non-negative integer. Received: ns_steps=${this.nsSteps}`);
    }
    this.nesterov = booleanOption("Muon", o.nesterov ?? true, "nesterov");
    this.rmsRate = o.rmsRate === undefined ? 0.2 : numberOption("Muon", o.rmsRate, "rms_rate", true);
  }

  /** AdamW for anything that is not a 2-D matrix, for embeddings and for excluded layers. */
  protected shouldUseAdamw(variable: Variable): boolean {
    if (variable.shape.length !== 2) return true;
    if (this.excludeEmbeddings && variable.path.toLowerCase().includes("embedding")) return true;
    return this.excludeLayers.some((keyword) => new RegExp(keyword).test(variable.path));
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = variables.map(() => null);
    this.adamVelocities = variables.map(() => null);
    for (const v of variables) {
      if ((v as unknown as { overwriteWithGradient?: boolean }).overwriteWithGradient === true) continue;
      const i = this.getVariableIndex(v);
      this.momentums[i] = this.addVariableFromReference(v, "momentum");
      if (this.shouldUseAdamw(v)) this.adamVelocities[i] = this.addVariableFromReference(v, "velocity");
    }
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const i = this.getVariableIndex(variable);
    const m = this.momentums[i] as Variable;
    const v = this.adamVelocities[i];
    if (v) this.adamwUpdateStep(gradient, variable, ops.multiply(learningRate, this.adamLrRatio), m, v);
    else this.muonUpdateStep(gradient, variable, learningRate, m);
  }

  private muonUpdateStep(gradient: Tensor, variable: Variable, lr: Variable | Tensor, m: Variable): void {
    this.assignAdd(m, ops.add(gradient, ops.multiply(m, this.momentum - 1)));
    const g = this.nesterov ? ops.add(gradient, ops.multiply(this.momentum, m)) : m.value;
    const update = this.zeropowerViaNewtonSchulz5(g, this.nsSteps);
    this.assignSub(variable, this.lrAdjust(ops.multiply(lr, update)));
  }

  private adamwUpdateStep(gradient: Tensor, variable: Variable, learningRate: Tensor, m: Variable, v: Variable): void {
    const dtype = variable.dtype;
    const lr = ops.cast(learningRate, dtype);
    const g = ops.cast(gradient, dtype);
    const localStep = ops.cast(ops.add(this.iterations, 1), dtype);
    const beta1Power = ops.power(ops.cast(this.adamBeta1, dtype), localStep);
    const beta2Power = ops.power(ops.cast(this.adamBeta2, dtype), localStep);
    const alpha = ops.divide(ops.multiply(lr, ops.sqrt(ops.subtract(1, beta2Power))), ops.subtract(1, beta1Power));
    this.assignAdd(m, ops.multiply(ops.subtract(g, m), 1 - this.adamBeta1));
    this.assignAdd(v, ops.multiply(ops.subtract(ops.square(g), v), 1 - this.adamBeta2));
    this.assignSub(variable, ops.divide(ops.multiply(m, alpha), ops.add(ops.sqrt(v), this.epsilon)));
  }

  /** Moonlight's rescaling: the update times sqrt(max(rows, cols)) * rms_rate (off when rms_rate is null). */
  protected lrAdjust(x: Tensor): Tensor {
    if (this.rmsRate === null) return x;
    const scale = ops.sqrt(ops.convertToTensor(Math.max(x.shape[0], x.shape[1]), "int32"));
    return ops.multiply(ops.multiply(x, scale), this.rmsRate);
  }

  /**
   * The quintic Newton-Schulz iteration X <- aX + (bA + cA^2)X with A = XX^T,
   * on the normalised (and, when tall, transposed) matrix: an approximation
   * of the orthogonal factor U V^T of the update.
   */
  zeropowerViaNewtonSchulz5(x: Tensor, steps: number): Tensor {
    if (x.shape.length < 2) throw new ValueError(`Muon: Newton-Schulz needs a matrix, received shape [${x.shape.join(", ")}].`);
    const tall = x.shape[x.shape.length - 2] > x.shape[x.shape.length - 1];
    if (tall) x = transposeLastAxes(x);
    // Scale to Frobenius norm ~1 so the spectral norm is at most 1.
    const frobenius = ops.sqrt(ops.sum(ops.square(x), [-2, -1], true));
    x = ops.divide(x, ops.add(frobenius, 1e-7));
    for (let k = 0; k < steps; k++) {
      const a = ops.matmul(x, transposeLastAxes(x));
      const b = ops.add(ops.multiply(this.muonB, a), ops.matmul(ops.multiply(this.muonC, a), a));
      x = ops.add(ops.multiply(this.muonA, x), ops.matmul(b, x));
    }
    return tall ? transposeLastAxes(x) : x;
  }

  /** Matrices decay with `weight_decay`, the AdamW-stepped variables with `adam_weight_decay`. */
  protected override applyWeightDecay(variables: Variable[]): void {
    for (const variable of variables) {
      if (!this.useWeightDecay(variable)) continue;
      const wd = this.shouldUseAdamw(variable) ? this.adamWeightDecay : this.weightDecay;
      if (wd === null) continue;
      this.decayVariable(variable, wd);
    }
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(),
      adam_beta_1: this.adamBeta1,
      adam_beta_2: this.adamBeta2,
      epsilon: this.epsilon,
      exclude_layers: this.excludeLayers.slice(),
      muon_a: this.muonA,
      muon_b: this.muonB,
      muon_c: this.muonC,
      adam_lr_ratio: this.adamLrRatio,
      momentum: this.momentum,
      ns_steps: this.nsSteps,
      nesterov: this.nesterov,
      exclude_embeddings: this.excludeEmbeddings,
      adam_weight_decay: this.adamWeightDecay,
      rms_rate: this.rmsRate,
    };
  }
}
