/** keras.optimizers.LossScaleOptimizer: dynamic loss scaling around an inner optimizer. */
import { describe, expect, it } from "vitest";
import * as optimizers from "../../src/optimizers/index.js";
import { Tensor, Variable } from "../../src/index.js";

const f32 = (values: number[]) => new Tensor(Float32Array.from(values), [values.length], "float32");
const values = (v: Variable | Tensor) => Array.from((v instanceof Tensor ? v : v.value).data);

function setup(options: optimizers.LossScaleOptimizerOptions = {}) {
  const w = new Variable(f32([1]), { name: "w" });
  const inner = new optimizers.SGD({ learningRate: 1, name: "inner_sgd" });
  const opt = new optimizers.LossScaleOptimizer(inner, { initialScale: 4, dynamicGrowthSteps: 2, name: "lso", ...options });
  return { w, inner, opt };
}

describe("LossScaleOptimizer", () => {
  it("variables: its own counter and scale, then the inner optimizer's", () => {
    const { w, opt } = setup();
    opt.build([w]);
    expect(opt.variables.map((v) => v.path)).toEqual([
      "lso/iteration", "lso/learning_rate", "lso/step_counter", "lso/dynamic_scale", "inner_sgd/iteration", "inner_sgd/learning_rate",
    ]);
    expect(values(opt.variables[3])).toEqual([4]);
  });

  it("unscales finite gradients, steps the inner optimizer, and doubles the scale after dynamic_growth_steps", () => {
    const { w, inner, opt } = setup();
    expect(values(opt.scaleLoss(3))).toEqual([12]);
    opt.applyGradients([[f32([8]), w]]);
    expect(values(w)).toEqual([-1]); // 1 - 8 / 4
    expect(opt.currentScale).toBe(4);
    expect(values(opt.iterations)).toEqual([1]);
    expect(opt.iterations).toBe(inner.iterations);
    opt.applyGradients([[f32([4]), w]]);
    expect(values(w)).toEqual([-2]);
    expect(opt.currentScale).toBe(8);
    expect(values(opt.scaleLoss(1))).toEqual([8]);
  });

  it("a non-finite gradient skips the step and halves the scale", () => {
    const { w, inner, opt } = setup();
    opt.applyGradients([[f32([Infinity]), w]]);
    expect(values(w)).toEqual([1]);
    expect(opt.currentScale).toBe(2);
    expect(values(inner.iterations)).toEqual([0]);
    opt.applyGradients([[f32([NaN]), w]]);
    expect(opt.currentScale).toBe(1);
  });

  it("learning rate and EMA finalization go to the inner optimizer, whose loss scale factor is switched off", () => {
    const inner = new optimizers.Adam({ learningRate: 0.1, lossScaleFactor: 8 });
    const opt = new optimizers.LossScaleOptimizer(inner);
    expect(inner.lossScaleFactor).toBeNull();
    opt.learningRate = 0.5;
    expect(values(inner.learningRate)).toEqual([0.5]);
    expect(values(opt.learningRate)).toEqual([0.5]);
  });

  it("config round trip with the inner optimizer's envelope", () => {
    const { opt } = setup();
    const config = opt.getConfig();
    expect(config).toEqual({
      name: "lso",
      inner_optimizer: optimizers.serialize(opt.innerOptimizer),
      initial_scale: 4,
      dynamic_growth_steps: 2,
    });
    const env = JSON.parse(JSON.stringify(optimizers.serialize(opt)));
    expect(env.class_name).toBe("LossScaleOptimizer");
    const back = optimizers.deserialize(env) as optimizers.LossScaleOptimizer;
    expect(back).toBeInstanceOf(optimizers.LossScaleOptimizer);
    expect(back.innerOptimizer).toBeInstanceOf(optimizers.SGD);
    expect(back.getConfig()).toEqual(config);
    expect(new optimizers.LossScaleOptimizer(new optimizers.SGD()).getConfig()).toMatchObject({ initial_scale: 32768, dynamic_growth_steps: 2000 });
  });

  it("Keras's argument errors", () => {
    const sgd = new optimizers.SGD();
    expect(() => new optimizers.LossScaleOptimizer(sgd, { dynamic: false })).toThrow("LossScaleOptimizer no longer supports `dynamic=False`");
    expect(() => new optimizers.LossScaleOptimizer(sgd, { weightDecay: 0.1 })).toThrow(
      "LossScaleOptimizer does not support `weight_decay`. Instead, set `weight_decay` on the `inner_optimizer`.",
    );
    expect(new optimizers.LossScaleOptimizer(sgd, { weightDecay: null, useEma: false })).toBeInstanceOf(optimizers.LossScaleOptimizer);
    expect(() => new optimizers.LossScaleOptimizer(sgd, { learningRate: 0.1 })).toThrow("LossScaleOptimizer does not support arguments: `learningRate`.");
    expect(() => new optimizers.LossScaleOptimizer("sgd" as never)).toThrow("`inner_optimizer` must be a keras.optimizers.Optimizer");
  });
});
