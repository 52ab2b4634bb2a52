/** keras.optimizers.schedules: the Keras fixtures, hand-computed values, configs and errors. */
import { describe, expect, it } from "vitest";
import * as schedules from "../../src/optimizers/schedules/index.js";
import { Tensor, Variable } from "../../src/index.js";
import { loadFixture } from "../utils/fixtures.js";

const CASES = [
  "lr_schedule_cosine_decay", "lr_schedule_cosine_decay_restarts", "lr_schedule_cosine_decay_warmup",
  "lr_schedule_exponential_decay", "lr_schedule_exponential_decay_staircase", "lr_schedule_inverse_time_decay",
  "lr_schedule_inverse_time_decay_staircase", "lr_schedule_piecewise_constant", "lr_schedule_polynomial_decay",
  "lr_schedule_polynomial_decay_cycle",
];

function relClose(actual: number, expected: number, rtol = 1e-6, atol = 1e-9): void {
  const tol = atol + rtol * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tol)) throw new Error(`expected ${expected}, received ${actual} (tolerance ${tol})`);
}

describe("learning rate schedules: Keras fixtures", () => {
  for (const name of CASES) {
    it(name, () => {
      const fx = loadFixture(name);
      const schedule = schedules.deserialize(fx.serialized);
      expect(schedule.constructor.name).toBe(fx.class_name);
      // Config round trip equals Keras's config and envelope.
      expect(schedule.getConfig()).toEqual(fx.config);
      expect(schedules.serialize(schedule)).toEqual(fx.serialized);
      expect((schedule.constructor as typeof schedules.LearningRateSchedule).fromConfig(schedule.getConfig()).getConfig()).toEqual(fx.config);
      fx.steps.forEach((step: number, i: number) => {
        const out = schedule.apply(step);
        expect(out).toBeInstanceOf(Tensor);
        expect(out.dtype).toBe("float32");
        expect(out.shape).toEqual([]);
        relClose(out.item() as number, fx.values[i]);
        // An int32 Variable step (the optimizer's iteration counter) gives the same value.
        relClose(schedule.apply(new Variable(step, { dtype: "int32" })).item() as number, fx.values[i]);
      });
    });
  }
});

describe("learning rate schedules: hand-computed values", () => {
  it("ExponentialDecay: 0.1 * 0.5^(step/2), staircase floors the exponent", () => {
    const s = new schedules.ExponentialDecay(0.1, 2, 0.5);
    relClose(s.apply(3).item() as number, 0.1 * Math.pow(0.5, 1.5));
    const st = new schedules.ExponentialDecay(0.1, 2, 0.5, { staircase: true });
    relClose(st.apply(3).item() as number, 0.05);
  });

  it("InverseTimeDecay: 0.1 / (1 + 0.5 * step / 10)", () => {
    relClose(new schedules.InverseTimeDecay(0.1, 10, 0.5).apply(4).item() as number, 0.1 / 1.2);
  });

  it("PiecewiseConstantDecay: boundaries are inclusive on the left interval", () => {
    const s = new schedules.PiecewiseConstantDecay([2, 4], [1, 0.5, 0.25]);
    expect([0, 2, 3, 4, 5].map((k) => s.apply(k).item())).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it("PolynomialDecay: linear by default and capped at decay_steps", () => {
    const s = new schedules.PolynomialDecay(1.0, 4, { endLearningRate: 0 });
    relClose(s.apply(1).item() as number, 0.75);
    relClose(s.apply(100).item() as number, 0);
  });

  it("CosineDecay: half way is the midpoint between initial and alpha * initial", () => {
    const s = new schedules.CosineDecay(1.0, 10, { alpha: 0.2 });
    relClose(s.apply(5).item() as number, 0.6);
    relClose(s.apply(10).item() as number, 0.2);
  });

  it("CosineDecay with warmup rises linearly, then decays from the warmup target", () => {
    const s = new schedules.CosineDecay(0, 10, { warmupTarget: 1, warmupSteps: 4 });
    relClose(s.apply(1).item() as number, 0.25);
    relClose(s.apply(4).item() as number, 1);
    relClose(s.apply(9).item() as number, 0.5);
  });

  it("CosineDecayRestarts with t_mul=1 restarts every period at m_mul times the peak", () => {
    const s = new schedules.CosineDecayRestarts(1.0, 4, { tMul: 1, mMul: 0.5 });
    relClose(s.apply(4).item() as number, 0.5);
    relClose(s.apply(6).item() as number, 0.25);
  });

  it("positional and options-object constructors agree", () => {
    const a = new schedules.PolynomialDecay(0.1, 40, { endLearningRate: 0.01, power: 2 });
    const b = new schedules.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 40, endLearningRate: 0.01, power: 2 });
    expect(a.getConfig()).toEqual(b.getConfig());
  });
});

describe("learning rate schedules: errors and identifiers", () => {
  it("decay_steps must be > 0 (Keras's message)", () => {
    expect(() => new schedules.ExponentialDecay(0.1, 0, 0.5)).toThrow("Argument `decay_steps` must be > 0. Received: decay_steps=0");
    expect(() => new schedules.CosineDecayRestarts(0.1, -1)).toThrow("Argument `first_decay_steps` must be > 0");
  });

  it("PiecewiseConstantDecay checks the lengths", () => {
    expect(() => new schedules.PiecewiseConstantDecay([1, 2], [1, 2])).toThrow("The length of boundaries should be 1 less than the length of values");
  });

  it("unknown options are rejected", () => {
    expect(() => new schedules.CosineDecay(0.1, 10, { alpah: 0.1 } as never)).toThrow("not recognized: alpah");
  });

  it("get returns instances unchanged, deserializes configs and rejects junk", () => {
    const s = new schedules.CosineDecay(0.1, 10);
    expect(schedules.get(s)).toBe(s);
    expect(schedules.get(null)).toBeNull();
    expect(schedules.get({ class_name: "CosineDecay", config: { initial_learning_rate: 0.1, decay_steps: 10 } })).toBeInstanceOf(schedules.CosineDecay);
    expect(() => schedules.get("cosine" as never)).toThrow("Could not interpret learning rate schedule identifier");
  });

  it("a custom schedule overrides call and is evaluated through apply", () => {
    class Halving extends schedules.LearningRateSchedule {
      override call(step: schedules.StepLike) {
        const k = step instanceof Tensor ? (step.item() as number) : (step as number);
        return new Tensor(new Float32Array([1 / 2 ** k]), [], "float32");
      }
    }
    expect(new Halving().apply(3).item()).toBe(0.125);
    expect(() => new schedules.LearningRateSchedule().apply(0)).toThrow("must override `call(step)`");
  });
});
