/**
 * The shared optimizer machinery, checked on hand-computed SGD updates:
 * clipping, loss scaling, weight decay and its exclusions, gradient
 * accumulation, EMA, constraints, missing gradients, slot names, learning
 * rate get/set, saving and loading the optimizer variables.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as optimizers from "../../src/optimizers/index.js";
import { Tensor, Variable, constraints } from "../../src/index.js";
import { withNameScope } from "../../src/engine/variable.js";
import { expectClose } from "../utils/gradcheck.js";

const f32 = (values: number[], shape = [values.length]) => new Tensor(Float32Array.from(values), shape, "float32");
const values = (v: Variable | Tensor) => Array.from((v instanceof Tensor ? v : v.value).data);
const scalar = (v: Variable | Tensor) => (v instanceof Tensor ? v : v.value).data[0];

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

describe("Optimizer: state and naming", () => {
  it("creates iteration (int32) and learning_rate (float32) under the optimizer's name", () => {
    const opt = new optimizers.SGD({ learningRate: 0.5, name: "my_sgd" });
    expect(opt.variables.map((v) => v.path)).toEqual(["my_sgd/iteration", "my_sgd/learning_rate"]);
    expect(opt.variables.map((v) => v.dtype)).toEqual(["int32", "float32"]);
    expect(opt.iterations).toBeInstanceOf(Variable);
    expect(scalar(opt.learningRate)).toBe(0.5);
    expect(opt.built).toBe(false);
  });

  it("default names are the snake_case class name, made unique", () => {
    const a = new optimizers.RMSprop();
    const b = new optimizers.RMSprop();
    expect(a.name).toMatch(/^rm_sprop(_\d+)?$/);
    expect(b.name).not.toBe(a.name);
    expect(new optimizers.ScheduleFreeAdamW().name).toMatch(/^schedule_free_adam_w(_\d+)?$/);
  });

  it("slot names flatten the variable path: dense/kernel -> adam/dense_kernel_momentum", () => {
    const kernel = withNameScope("dense", () => new Variable(f32([1, 2]), { name: "kernel" }));
    const opt = new optimizers.Adam({ name: "adam" });
    opt.build([kernel]);
    expect(opt.variables.map((v) => v.path)).toEqual([
      "adam/iteration", "adam/learning_rate", "adam/dense_kernel_momentum", "adam/dense_kernel_velocity",
    ]);
    expect(opt.built).toBe(true);
    // build is idempotent
    opt.build([kernel]);
    expect(opt.variables.length).toBe(4);
  });

  it("float64 variables get float64 slots and stay float64", () => {
    const w = new Variable(new Tensor(Float64Array.from([1, -1]), [2], "float64"), { name: "w", dtype: "float64" });
    const opt = new optimizers.Adam({ learningRate: 0.1 });
    opt.applyGradients([[f32([0.5, -0.5]), w]]);
    expect(w.dtype).toBe("float64");
    expect(opt.variables.slice(2).map((v) => v.dtype)).toEqual(["float64", "float64"]);
    // First Adam step moves each weight by lr * sign(g) (up to epsilon).
    expectClose(values(w), [0.9, -0.9], 1e-6, 1e-6);
  });
});

describe("Optimizer: applying gradients", () => {
  it("SGD: w -= lr * g and the iteration counter advances once per call", () => {
    const w = new Variable(f32([1, 2, 3]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: 0.1 });
    const it = opt.applyGradients([[f32([1, -2, 0.5]), w]]);
    expect(it).toBe(opt.iterations);
    expectClose(values(w), [0.9, 2.2, 2.95]);
    opt.applyGradients([[f32([1, 1, 1]), w]]);
    expectClose(values(w), [0.8, 2.1, 2.85]);
    expect(scalar(opt.iterations)).toBe(2);
  });

  it("apply(grads) without variables uses the variables the optimizer was built with", () => {
    const w = new Variable(f32([1]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: 1 });
    expect(() => opt.apply([f32([1])])).toThrow("the optimizer must already be built");
    opt.build([w]);
    opt.apply([f32([0.25])]);
    expectClose(values(w), [0.75]);
    expect(() => opt.apply([f32([1]), f32([1])])).toThrow("Received a list of 2 gradients, but the optimizer is tracking 1");
  });

  it("a missing gradient skips its variable with a warning; all missing is an error", () => {
    const a = new Variable(f32([1]), { name: "a" });
    const b = new Variable(f32([1]), { name: "b" });
    const opt = new optimizers.SGD({ learningRate: 1 });
    opt.applyGradients([[null, a], [f32([0.5]), b]]);
    expect(values(a)).toEqual([1]);
    expect(values(b)).toEqual([0.5]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Gradients do not exist for variables ["a"]'));
    expect(() => opt.applyGradients([[null, a], [undefined, b]])).toThrow("No gradients provided for any variable.");
  });

  it("rejects gradients of the wrong shape and variables it was not built with", () => {
    const w = new Variable(f32([1, 2]), { name: "w" });
    const other = new Variable(f32([1]), { name: "other" });
    const opt = new optimizers.SGD();
    expect(() => opt.applyGradients([[f32([1, 2, 3]), w]])).toThrow('SGD: the gradient for variable "w" has shape (3,), but the variable has shape (2,)');
    opt.build([w]);
    expect(() => opt.applyGradients([[f32([1]), other]])).toThrow("Unknown variable");
    expect(() => opt.applyGradients([[f32([1]), "w" as unknown as Variable]])).toThrow("expected an array of keras.Variable");
    expect(() => opt.applyGradients([f32([1]) as never])).toThrow("pairs");
  });

  it("an empty list of gradients is a no-op", () => {
    const opt = new optimizers.SGD();
    opt.applyGradients([]);
    expect(scalar(opt.iterations)).toBe(0);
  });

  it("float64 gradients update float32 variables in float32", () => {
    const w = new Variable(f32([1]), { name: "w" });
    new optimizers.SGD({ learningRate: 0.1 }).applyGradients([[new Tensor(Float64Array.from([1 / 3]), [1], "float64"), w]]);
    expect(w.dtype).toBe("float32");
    expect(values(w)[0]).toBe(Math.fround(1 - Math.fround(Math.fround(1 / 3) * Math.fround(0.1))));
  });

  it("applies variable constraints after the update", () => {
    const w = new Variable(f32([0.5, 2]), { name: "w" });
    w.constraint = new constraints.NonNeg();
    new optimizers.SGD({ learningRate: 1 }).applyGradients([[f32([1, 1]), w]]);
    expectClose(values(w), [0, 1]);
  });

  it("lossScaleFactor: gradients are divided by it, scaleLoss multiplies by it", () => {
    const w = new Variable(f32([0]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: 1, lossScaleFactor: 4 });
    opt.applyGradients([[f32([8]), w]]);
    expect(values(w)).toEqual([-2]);
    expect(scalar(opt.scaleLoss(3))).toBe(12);
    expect(scalar(new optimizers.SGD().scaleLoss(3))).toBe(3);
  });
});

describe("Optimizer: gradient clipping", () => {
  it("clipnorm rescales each gradient to norm <= clipnorm; a zero gradient stays zero", () => {
    const a = new Variable(f32([0, 0]), { name: "a" });
    const b = new Variable(f32([0]), { name: "b" });
    const c = new Variable(f32([0, 0]), { name: "c" });
    new optimizers.SGD({ learningRate: 1, clipnorm: 1 }).applyGradients([[f32([3, 4]), a], [f32([0.5]), b], [f32([0, 0]), c]]);
    expectClose(values(a), [-0.6, -0.8]);
    expectClose(values(b), [-0.5]);
    expect(values(c)).toEqual([0, 0]);
  });

  it("globalClipnorm rescales all gradients by one factor", () => {
    const a = new Variable(f32([0]), { name: "a" });
    const b = new Variable(f32([0]), { name: "b" });
    new optimizers.SGD({ learningRate: 1, globalClipnorm: 1 }).applyGradients([[f32([3]), a], [f32([4]), b]]);
    expectClose(values(a), [-0.6]);
    expectClose(values(b), [-0.8]);
    const c = new Variable(f32([0]), { name: "c" });
    new optimizers.SGD({ learningRate: 1, globalClipnorm: 10 }).applyGradients([[f32([3]), c]]);
    expectClose(values(c), [-3]);
  });

  it("a non-finite global norm gives NaN updates (as Keras), not a silent rescale", () => {
    const a = new Variable(f32([0]), { name: "a" });
    new optimizers.SGD({ learningRate: 1, globalClipnorm: 1 }).applyGradients([[f32([Infinity]), a]]);
    expect(Number.isNaN(values(a)[0])).toBe(true);
  });

  it("clipvalue clips elementwise", () => {
    const w = new Variable(f32([0, 0, 0]), { name: "w" });
    new optimizers.SGD({ learningRate: 1, clipvalue: 1 }).applyGradients([[f32([-5, 0.25, 5]), w]]);
    expect(values(w)).toEqual([1, -0.25, -1]);
  });
});

describe("Optimizer: weight decay", () => {
  it("w -= w * weight_decay * lr before the update", () => {
    const w = new Variable(f32([2, -4]), { name: "w" });
    new optimizers.SGD({ learningRate: 0.1, weightDecay: 0.5 }).applyGradients([[f32([0, 1]), w]]);
    // 2 - 2*0.05 = 1.9;  -4 + 4*0.05 - 0.1 = -3.9
    expectClose(values(w), [1.9, -3.9]);
  });

  it("excludeFromWeightDecay by variable or by name pattern", () => {
    const kernel = new Variable(f32([2]), { name: "kernel" });
    const bias = new Variable(f32([2]), { name: "bias" });
    const byName = new optimizers.SGD({ learningRate: 0.1, weightDecay: 0.5 });
    byName.excludeFromWeightDecay({ varNames: ["bia"] });
    byName.applyGradients([[f32([0]), kernel], [f32([0]), bias]]);
    expectClose(values(kernel), [1.9]);
    expect(values(bias)).toEqual([2]);

    const byVar = new optimizers.SGD({ learningRate: 0.1, weightDecay: 0.5 });
    byVar.excludeFromWeightDecay([kernel]);
    byVar.applyGradients([[f32([0]), kernel], [f32([0]), bias]]);
    expectClose(values(kernel), [1.9]);
    expectClose(values(bias), [1.9]);
    expect(() => byVar.excludeFromWeightDecay({ names: ["x"] } as never)).toThrow("not recognized: names");
  });
});

describe("Optimizer: gradient accumulation", () => {
  it("updates every N calls with the average gradient; iterations counts real updates", () => {
    const w = new Variable(f32([10]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: 1, gradientAccumulationSteps: 2, name: "acc" });
    expect(opt.variables.length).toBe(2);
    opt.applyGradients([[f32([1]), w]]);
    expect(values(w)).toEqual([10]);
    expect(opt.variables.map((v) => v.path)).toEqual(["acc/iteration", "acc/learning_rate", "acc/w_gradient_accumulator"]);
    expect(values(opt.variables[2])).toEqual([1]);
    expect(scalar(opt.iterations)).toBe(0);
    opt.applyGradients([[f32([3]), w]]);
    expect(values(w)).toEqual([8]); // 10 - (1 + 3) / 2
    expect(values(opt.variables[2])).toEqual([0]);
    expect(scalar(opt.iterations)).toBe(1);
    expect(scalar(opt.variables[0])).toBe(2);
  });
});

describe("Optimizer: exponential moving average of the weights", () => {
  it("the first step copies the weights, later steps average with ema_momentum; finalize swaps them in", () => {
    const w = new Variable(f32([1]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5, name: "ema" });
    opt.applyGradients([[f32([1]), w]]);
    const average = opt.variables.find((v) => v.path === "ema/w_average") as Variable;
    expectClose(values(average), [0.9]);
    opt.applyGradients([[f32([1]), w]]);
    expectClose(values(w), [0.8]);
    expectClose(values(average), [0.85]);
    opt.finalizeVariableValues([w]);
    expectClose(values(w), [0.85]);
  });

  it("emaOverwriteFrequency overwrites the weights every N steps", () => {
    const w = new Variable(f32([1]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5, emaOverwriteFrequency: 2 });
    opt.applyGradients([[f32([1]), w]]);
    expectClose(values(w), [0.9]);
    opt.applyGradients([[f32([1]), w]]);
    expectClose(values(w), [0.85]);
  });

  it("finalizeVariableValues is a no-op without EMA and checks the variable count with it", () => {
    const w = new Variable(f32([1]), { name: "w" });
    new optimizers.SGD().finalizeVariableValues([w]);
    expect(values(w)).toEqual([1]);
    const opt = new optimizers.SGD({ useEma: true });
    opt.build([w]);
    expect(() => opt.finalizeVariableValues([])).toThrow("The length of model variables (0) to override does not match");
  });
});

describe("Optimizer: learning rate", () => {
  it("set to a number assigns the learning_rate variable", () => {
    const opt = new optimizers.Adam({ learningRate: 0.1 });
    const lrVar = opt.variables[1];
    opt.learningRate = 0.25;
    expect(opt.learningRate).toBe(lrVar);
    expect(scalar(lrVar)).toBe(0.25);
    expect(opt.getConfig().learning_rate).toBe(0.25);
  });

  it("a schedule is evaluated at the current iteration and is not an optimizer variable", () => {
    const schedule = new optimizers.schedules.ExponentialDecay(1, 1, 0.5);
    const w = new Variable(f32([0]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: schedule, name: "s" });
    expect(opt.variables.map((v) => v.path)).toEqual(["s/iteration"]);
    opt.applyGradients([[f32([1]), w]]); // lr(0) = 1
    opt.applyGradients([[f32([1]), w]]); // lr(1) = 0.5
    expectClose(values(w), [-1.5]);
    expect(scalar(opt.learningRate)).toBe(0.25);
    expect(() => {
      opt.learningRate = 0.1;
    }).toThrow("its learning rate is not settable");
  });

  it("switching from a number to a schedule untracks the learning_rate variable", () => {
    const opt = new optimizers.SGD({ learningRate: 0.1, name: "sw" });
    opt.learningRate = new optimizers.schedules.InverseTimeDecay(1, 1, 1);
    expect(opt.variables.map((v) => v.path)).toEqual(["sw/iteration"]);
    expect(scalar(opt.learningRate)).toBe(1);
  });

  it("a function of no arguments gives the learning rate", () => {
    const w = new Variable(f32([0]), { name: "w" });
    const opt = new optimizers.SGD({ learningRate: () => 0.5 });
    opt.applyGradients([[f32([1]), w]]);
    expect(values(w)).toEqual([-0.5]);
  });
});

describe("Optimizer: saving state", () => {
  it("saveOwnVariables / loadOwnVariables round trip; mismatched counts warn and skip", () => {
    const w = new Variable(f32([1, 2]), { name: "w" });
    const a = new optimizers.Adam({ learningRate: 0.1 });
    a.applyGradients([[f32([0.5, -1]), w]]);
    const store: Record<string, Tensor> = {};
    a.saveOwnVariables(store);
    expect(Object.keys(store)).toEqual(["0", "1", "2", "3"]);

    const w2 = new Variable(f32([1, 2]), { name: "w" });
    const b = new optimizers.Adam({ learningRate: 0.1 });
    b.build([w2]);
    b.loadOwnVariables(store);
    expect(b.variables.map(values)).toEqual(a.variables.map(values));

    const c = new optimizers.Adam();
    c.loadOwnVariables(store);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("Skipping variable loading for optimizer"));
  });

  it("setWeights requires a built optimizer and matching shapes", () => {
    const w = new Variable(f32([1, 2]), { name: "w" });
    const opt = new optimizers.SGD({ momentum: 0.5 });
    expect(() => opt.setWeights([])).toThrow("has not yet been built");
    opt.build([w]);
    opt.setWeights([5, 0.25, f32([1, 1])]);
    expect(opt.variables.map(values)).toEqual([[5], [0.25], [1, 1]]);
    expect(() => opt.setWeights([5, 0.25, f32([1])])).toThrow("not compatible with provided weight shape (1,)");
  });
});
