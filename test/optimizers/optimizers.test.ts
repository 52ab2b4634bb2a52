/**
 * Optimizer-specific behaviour beyond the Keras fixtures: hand-derived first
 * steps (Lamb's trust ratio, Adafactor's factored moments, Nadam's momentum
 * product, ScheduleFreeAdamW's train/eval swap), Muon's Newton-Schulz
 * iteration against the scalar quintic, its Adam fallback rules, and every
 * optimizer minimising a quadratic through the autodiff engine.
 */
import { describe, expect, it } from "vitest";
import * as optimizers from "../../src/optimizers/index.js";
import { Tensor, Variable, ops, valueAndGrad } from "../../src/index.js";
import { withNameScope } from "../../src/engine/variable.js";
import { expectClose } from "../utils/gradcheck.js";

const f32 = (values: number[], shape = [values.length]) => new Tensor(Float32Array.from(values), shape, "float32");
const values = (v: Variable | Tensor) => Array.from((v instanceof Tensor ? v : v.value).data);
const slot = (opt: optimizers.Optimizer, path: string) => opt.variables.find((v) => v.path === path) as Variable;

describe("Lamb: trust ratio", () => {
  it("with zero weights the ratio is 1: the first step is -lr * sign(g)", () => {
    const w = new Variable(f32([0, 0]), { name: "w" });
    new optimizers.Lamb({ learningRate: 0.1 }).applyGradients([[f32([2, -0.5]), w]]);
    expectClose(values(w), [-0.1, 0.1], 1e-5);
  });

  it("otherwise the Adam direction is scaled by ||w|| / ||update||", () => {
    const w = new Variable(f32([3, 4]), { name: "w" });
    new optimizers.Lamb({ learningRate: 0.01 }).applyGradients([[f32([1, 1]), w]]);
    // First step: update = (1, 1) up to epsilon, ratio = 5 / sqrt(2).
    const step = (0.01 * 5) / Math.SQRT2;
    expectClose(values(w), [3 - step, 4 - step], 1e-5);
  });
});

describe("Adafactor: factored second moments", () => {
  it("for a rank-one gradient the factorisation is exact and the first step is -alpha * sign(g)", () => {
    // g = u v^T: r/mean(r) (x) c reproduces g^2 exactly, so g / sqrt(v) = sign(g) and rms(u_t) = 1.
    const u = [1, -2];
    const v = [0.5, 1, -3];
    const g = u.flatMap((a) => v.map((b) => a * b));
    const w = new Variable(f32([1, 1, 1, 1, 1, 1], [2, 3]), { name: "w" });
    const opt = new optimizers.Adafactor({ learningRate: 0.01, name: "af" });
    opt.applyGradients([[f32(g, [2, 3]), w]]);
    // alpha = max(epsilon_2, rms(w) = 1) * min(lr, 1/sqrt(1)) = 0.01
    expectClose(values(w), g.map((x) => 1 - 0.01 * Math.sign(x)), 1e-6);
    expect(slot(opt, "af/w_velocity").shape).toEqual([2, 3]);
    expectClose(values(slot(opt, "af/w_velocity")), g.map((x) => x * x), 1e-5);
  });

  it("rank-3 variables factor the last two axes", () => {
    const w = new Variable(f32(Array.from({ length: 24 }, (_, i) => (i % 5) - 2), [2, 3, 4]), { name: "w3" });
    const opt = new optimizers.Adafactor({ name: "af3" });
    opt.applyGradients([[f32(Array.from({ length: 24 }, (_, i) => Math.sin(i + 1)), [2, 3, 4]), w]]);
    expect(opt.variables.slice(2).map((x) => [x.path, x.shape])).toEqual([
      ["af3/w3", [2, 3]], ["af3/w3", [2, 4]], ["af3/w3_velocity", [2, 3, 4]],
    ]);
    expect(values(w).every(Number.isFinite)).toBe(true);
  });
});

describe("Nadam: the momentum-schedule product", () => {
  it("after t steps it is prod beta_1 (1 - 0.5 * 0.96^k), k = 1..t", () => {
    const w = new Variable(f32([1]), { name: "w" });
    const opt = new optimizers.Nadam({ name: "nd" });
    opt.applyGradients([[f32([1]), w]]);
    opt.applyGradients([[f32([1]), w]]);
    const expected = 0.9 * (1 - 0.5 * 0.96) * 0.9 * (1 - 0.5 * 0.96 ** 2);
    expectClose(values(slot(opt, "nd/variable")), [expected], 1e-6);
  });
});

describe("ScheduleFreeAdamW", () => {
  it("z starts at the weights; the first step is y = z = w - lr * sign(g)", () => {
    const w = new Variable(f32([1, 2]), { name: "w" });
    const opt = new optimizers.ScheduleFreeAdamW({ learningRate: 0.1, name: "sf" });
    opt.build([w]);
    expect(values(slot(opt, "sf/w_momentum"))).toEqual([1, 2]);
    opt.applyGradients([[f32([3, -1]), w]]);
    expectClose(values(w), [0.9, 2.1], 1e-6);
    expectClose(values(slot(opt, "sf/w_momentum")), [0.9, 2.1], 1e-6);
  });

  it("swapToEval / swapToTrain move between y and x and back", () => {
    const w = new Variable(f32([1, 2]), { name: "w" });
    const opt = new optimizers.ScheduleFreeAdamW({ learningRate: 0.1 });
    opt.applyGradients([[f32([3, -1]), w]]);
    opt.applyGradients([[f32([1, 2]), w]]);
    const y = values(w);
    const z = values(opt.variables[2]);
    opt.eval();
    const x = values(w);
    // y = (1 - beta_1) z + beta_1 x
    expectClose(y, x.map((xi, i) => 0.1 * z[i] + 0.9 * xi), 1e-5);
    opt.train();
    expectClose(values(w), y, 1e-5);
  });

  it("warmup scales the learning rate by min(t / warmup_steps, 1)", () => {
    const w = new Variable(f32([0]), { name: "w" });
    new optimizers.ScheduleFreeAdamW({ learningRate: 0.1, warmupSteps: 4 }).applyGradients([[f32([1]), w]]);
    expectClose(values(w), [-0.025], 1e-5);
  });
});

describe("Muon", () => {
  it("Newton-Schulz on a diagonal matrix applies the scalar quintic to each normalised singular value", () => {
    const muon = new optimizers.Muon();
    const out = muon.zeropowerViaNewtonSchulz5(f32([3, 0, 0, 1], [2, 2]), 5);
    const fro = Math.sqrt(10);
    const quintic = (s: number) => {
      let x = s / (fro + 1e-7);
      for (let k = 0; k < 5; k++) x = 3.4445 * x - 4.775 * x ** 3 + 2.0315 * x ** 5;
      return x;
    };
    expectClose(values(out), [quintic(3), 0, 0, quintic(1)], 1e-5, 1e-6);
  });

  it("tall matrices are transposed in and out: NS(x) = NS(x^T)^T, and singular values still follow the quintic", () => {
    const muon = new optimizers.Muon();
    const x = f32([1, 2, 3, 4, 5, 7], [3, 2]);
    const out = muon.zeropowerViaNewtonSchulz5(x, 5);
    expect(out.shape).toEqual([3, 2]);
    expectClose(values(out), values(ops.transpose(muon.zeropowerViaNewtonSchulz5(ops.transpose(x), 5))), 1e-6, 1e-7);
    // Orthogonal columns of norms 3 and 1: each column is scaled by the quintic of its normalised norm.
    const fro = Math.sqrt(10);
    const quintic = (s: number) => {
      let v = s / (fro + 1e-7);
      for (let k = 0; k < 5; k++) v = 3.4445 * v - 4.775 * v ** 3 + 2.0315 * v ** 5;
      return v;
    };
    const tall = muon.zeropowerViaNewtonSchulz5(f32([3, 0, 0, 1, 0, 0], [3, 2]), 5);
    expectClose(values(tall), [quintic(3), 0, 0, quintic(1), 0, 0], 1e-5, 1e-6);
  });

  it("uses AdamW for non-2-D variables, embeddings and excluded layers (they get a velocity slot)", () => {
    const dense = withNameScope("dense", () => new Variable(f32([1, 2, 3, 4], [2, 2]), { name: "kernel" }));
    const head = withNameScope("head", () => new Variable(f32([1, 2, 3, 4], [2, 2]), { name: "kernel" }));
    const emb = withNameScope("token_embedding", () => new Variable(f32([1, 2, 3, 4], [2, 2]), { name: "embeddings" }));
    const cube = new Variable(f32(Array(8).fill(1), [2, 2, 2]), { name: "cube" });
    const opt = new optimizers.Muon({ excludeLayers: ["^head"], name: "mu" });
    opt.build([dense, head, emb, cube]);
    expect(opt.variables.slice(2).map((v) => v.path)).toEqual([
      "mu/dense_kernel_momentum",
      "mu/head_kernel_momentum", "mu/head_kernel_velocity",
      "mu/token_embedding_embeddings_momentum", "mu/token_embedding_embeddings_velocity",
      "mu/cube_momentum", "mu/cube_velocity",
    ]);
  });

  it("matrices decay with weight_decay, AdamW-stepped variables with adam_weight_decay", () => {
    const kernel = new Variable(f32([2, 2, 2, 2], [2, 2]), { name: "kernel" });
    const bias = new Variable(f32([2, 2]), { name: "bias" });
    const opt = new optimizers.Muon({ learningRate: 0.1, weightDecay: 0.5, adamWeightDecay: 0.25 });
    const zeros2 = f32([0, 0, 0, 0], [2, 2]);
    opt.applyGradients([[zeros2, kernel], [f32([0, 0]), bias]]);
    // Zero gradients leave only the decay: w (1 - wd * lr).
    expectClose(values(kernel), [1.9, 1.9, 1.9, 1.9]);
    expectClose(values(bias), [1.95, 1.95]);
  });
});

describe("every optimizer minimises a quadratic through autodiff", () => {
  const target = f32([0.5, -1.5, 2, 0.25, -0.75, 1], [2, 3]);
  const cases: [string, () => optimizers.Optimizer, number][] = [
    ["SGD", () => new optimizers.SGD({ learningRate: 0.1 }), 1e-3],
    ["SGD nesterov", () => new optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), 1e-3],
    ["Adam", () => new optimizers.Adam({ learningRate: 0.1 }), 1e-2],
    ["AdamW", () => new optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.001 }), 1e-2],
    ["RMSprop", () => new optimizers.RMSprop({ learningRate: 0.05 }), 1e-2],
    ["Adagrad", () => new optimizers.Adagrad({ learningRate: 0.5 }), 1e-2],
    ["Adadelta", () => new optimizers.Adadelta({ learningRate: 50 }), 0.1],
    ["Adamax", () => new optimizers.Adamax({ learningRate: 0.1 }), 1e-2],
    ["Nadam", () => new optimizers.Nadam({ learningRate: 0.1 }), 1e-2],
    ["Ftrl", () => new optimizers.Ftrl({ learningRate: 0.5 }), 1e-2],
    ["Lion", () => new optimizers.Lion({ learningRate: 0.02 }), 0.05], // sign steps with slow momentum oscillate about the minimum,
    ["Lamb", () => new optimizers.Lamb({ learningRate: 0.05 }), 0.05],
    ["Adafactor", () => new optimizers.Adafactor({ learningRate: 0.1 }), 0.05],
    ["Muon", () => new optimizers.Muon({ learningRate: 0.05, weightDecay: 0 }), 0.05],
    ["ScheduleFreeAdamW", () => new optimizers.ScheduleFreeAdamW({ learningRate: 0.1 }), 1e-2],
  ];
  for (const [name, make, finalFraction] of cases) {
    it(name, () => {
      const w = new Variable(f32([0.1, 0.2, 0.3, -0.1, 0.4, -0.2], [2, 3]), { name: "w" });
      const opt = make();
      const loss = () => ops.sum(ops.square(ops.subtract(w, target)));
      const initial = loss().item() as number;
      for (let k = 0; k < 200; k++) {
        const { grads } = valueAndGrad(loss, [w]);
        opt.applyGradients([[grads[0], w]]);
      }
      if (opt instanceof optimizers.ScheduleFreeAdamW) opt.swapToEval();
      const final = loss().item() as number;
      expect(Number.isFinite(final)).toBe(true);
      expect(final).toBeLessThan(initial * finalFraction);
    });
  }
});
