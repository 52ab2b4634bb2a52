/** keras.optimizers get / serialize / deserialize, default configs, and Keras's argument errors. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as keras from "../../src/index.js";
import * as optimizers from "../../src/optimizers/index.js";
import { registerKerasSerializable } from "../../src/saving/object-registration.js";

const BASE_DEFAULTS = {
  weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99,
  ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null,
};

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

describe("optimizers.get", () => {
  it("resolves Keras's string ids in any case", () => {
    const table: [string, unknown][] = [
      ["adam", optimizers.Adam], ["Adam", optimizers.Adam], ["sgd", optimizers.SGD], ["SGD", optimizers.SGD],
      ["rmsprop", optimizers.RMSprop], ["adamw", optimizers.AdamW], ["adagrad", optimizers.Adagrad],
      ["adadelta", optimizers.Adadelta], ["adamax", optimizers.Adamax], ["nadam", optimizers.Nadam], ["ftrl", optimizers.Ftrl],
      ["lion", optimizers.Lion], ["lamb", optimizers.Lamb], ["adafactor", optimizers.Adafactor], ["muon", optimizers.Muon],
      ["schedulefreeadamw", optimizers.ScheduleFreeAdamW],
    ];
    for (const [id, cls] of table) expect(optimizers.get(id), id).toBeInstanceOf(cls);
  });

  it("returns instances unchanged, null for null, and rejects unknown identifiers", () => {
    const opt = new optimizers.Adam();
    expect(optimizers.get(opt)).toBe(opt);
    expect(optimizers.get(null)).toBeNull();
    expect(() => optimizers.get("adamm")).toThrow("Could not interpret optimizer identifier: adamm");
    expect(() => optimizers.get(42 as never)).toThrow("Could not interpret optimizer identifier: 42");
  });

  it("builds from a config dictionary (class_name in any case)", () => {
    const opt = optimizers.get({ class_name: "adam", config: { learning_rate: 0.5, beta_1: 0.8 } }) as optimizers.Adam;
    expect(opt).toBeInstanceOf(optimizers.Adam);
    expect(opt.beta1).toBe(0.8);
    expect(opt.getConfig().learning_rate).toBe(0.5);
  });

  it("is reachable as keras.optimizers", () => {
    expect(keras.optimizers.get("sgd")).toBeInstanceOf(keras.optimizers.SGD);
    expect(keras.optimizers.schedules.CosineDecay).toBe(optimizers.schedules.CosineDecay);
  });
});

describe("default configs match Keras's", () => {
  it("Adam", () => {
    const c = new optimizers.Adam({ name: "adam" }).getConfig();
    expect(c).toEqual({
      name: "adam", learning_rate: Math.fround(0.001), ...BASE_DEFAULTS, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false,
    });
  });

  it("default learning rates and defaulted hyper-parameters of every optimizer", () => {
    const lr = (o: optimizers.Optimizer) => o.getConfig().learning_rate;
    expect(lr(new optimizers.SGD())).toBe(Math.fround(0.01));
    const classes: (new () => optimizers.Optimizer)[] = [optimizers.Adam, optimizers.AdamW, optimizers.RMSprop, optimizers.Adagrad,
      optimizers.Adadelta, optimizers.Adamax, optimizers.Nadam, optimizers.Ftrl, optimizers.Lion, optimizers.Lamb, optimizers.Adafactor,
      optimizers.Muon];
    for (const cls of classes) {
      expect(lr(new cls()), cls.name).toBe(Math.fround(0.001));
    }
    expect(lr(new optimizers.ScheduleFreeAdamW())).toBe(Math.fround(0.0025));
    expect(new optimizers.SGD().getConfig()).toMatchObject({ momentum: 0, nesterov: false });
    expect(new optimizers.AdamW().getConfig()).toMatchObject({ weight_decay: 0.004, amsgrad: false });
    expect(new optimizers.RMSprop().getConfig()).toMatchObject({ rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(new optimizers.Adagrad().getConfig()).toMatchObject({ initial_accumulator_value: 0.1, epsilon: 1e-7 });
    expect(new optimizers.Adadelta().getConfig()).toMatchObject({ rho: 0.95, epsilon: 1e-7 });
    expect(new optimizers.Lion().getConfig()).toMatchObject({ beta_1: 0.9, beta_2: 0.99 });
    expect(new optimizers.Adafactor().getConfig()).toMatchObject({ beta_2_decay: -0.8, epsilon_1: 1e-30, epsilon_2: 1e-3, clip_threshold: 1, relative_step: true });
    expect(new optimizers.Ftrl().getConfig()).toMatchObject({
      learning_rate_power: -0.5, initial_accumulator_value: 0.1, l1_regularization_strength: 0, l2_regularization_strength: 0,
      l2_shrinkage_regularization_strength: 0, beta: 0,
    });
    expect(new optimizers.Muon().getConfig()).toMatchObject({
      weight_decay: 0.004, adam_weight_decay: 0.004, exclude_layers: [], exclude_embeddings: true, ns_steps: 5, nesterov: true,
      momentum: 0.95, rms_rate: 0.2, muon_a: 3.4445, muon_b: -4.775, muon_c: 2.0315, adam_lr_ratio: 1,
    });
    expect(new optimizers.ScheduleFreeAdamW().getConfig()).toMatchObject({ beta_1: 0.9, beta_2: 0.999, epsilon: 1e-8, warmup_steps: 0 });
  });
});

describe("serialize / deserialize", () => {
  it("round trips every optimizer through Keras's envelope", () => {
    for (const id of ["sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "ftrl", "lion", "lamb", "adafactor", "muon", "schedulefreeadamw"]) {
      const opt = optimizers.get(id) as optimizers.Optimizer;
      const env = optimizers.serialize(opt);
      expect(env.module).toBe("keras.optimizers");
      expect(env.class_name).toBe(opt.constructor.name);
      expect(env.registered_name).toBeNull();
      const back = optimizers.deserialize(JSON.parse(JSON.stringify(env)));
      expect(back.constructor).toBe(opt.constructor);
      expect(back.getConfig()).toEqual(opt.getConfig());
    }
  });

  it("a schedule learning rate is serialized as its envelope and rebuilt", () => {
    const opt = new optimizers.SGD({ learningRate: new optimizers.schedules.PolynomialDecay(0.1, 10, { power: 2 }) });
    const env = optimizers.serialize(opt);
    expect(env.config.learning_rate).toEqual({
      module: "keras.optimizers.schedules", class_name: "PolynomialDecay", registered_name: null,
      config: { initial_learning_rate: 0.1, decay_steps: 10, end_learning_rate: 0.0001, power: 2, cycle: false, name: "PolynomialDecay" },
    });
    const back = optimizers.deserialize(env);
    expect((back as unknown as { _learningRate: unknown })._learningRate).toBeInstanceOf(optimizers.schedules.PolynomialDecay);
  });

  it("custom optimizers and schedules resolve through customObjects or registration", () => {
    class HalfSGD extends optimizers.SGD {}
    const env = optimizers.serialize(new HalfSGD({ learningRate: 0.5 }));
    expect(env.class_name).toBe("HalfSGD");
    expect(() => optimizers.deserialize(env)).toThrow("Could not locate class 'HalfSGD'");
    expect(optimizers.deserialize(env, { HalfSGD })).toBeInstanceOf(HalfSGD);

    class StepDown extends optimizers.schedules.LearningRateSchedule {
      constructor(readonly rate = 0.1) {
        super();
      }
      override call() {
        return keras.ops.convertToTensor(this.rate, "float32");
      }
      override getConfig() {
        return { rate: this.rate };
      }
      static override fromConfig(config: Record<string, unknown>) {
        return new StepDown(config.rate as number) as never;
      }
    }
    registerKerasSerializable({ package: "Test" })(StepDown as never);
    const opt = new optimizers.Adam({ learningRate: new StepDown(0.3) });
    const back = optimizers.deserialize(JSON.parse(JSON.stringify(optimizers.serialize(opt))));
    expect(back.getConfig().learning_rate).toEqual({ module: null, class_name: "StepDown", config: { rate: 0.3 }, registered_name: "Test>StepDown" });
    expect(back.learningRate.toArray()).toBeCloseTo(0.3, 7);
  });

  it("serialize rejects non-optimizers, deserialize rejects non-configs", () => {
    expect(() => optimizers.serialize({} as never)).toThrow("expected an Optimizer");
    expect(() => optimizers.deserialize("adam" as never)).toThrow('expected a config with a "class_name"');
  });
});

describe("argument errors (Keras's checks and wording)", () => {
  it("only one clipping argument", () => {
    expect(() => new optimizers.SGD({ clipnorm: 1, globalClipnorm: 1 })).toThrow(
      "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm=1, clipvalue=None, global_clipnorm=1",
    );
    expect(() => new optimizers.Adam({ clipvalue: 1, clipnorm: 2 })).toThrow("Only one of `clipnorm`");
  });

  it("gradient_accumulation_steps >= 2, ema arguments in range", () => {
    expect(() => new optimizers.SGD({ gradientAccumulationSteps: 1 })).toThrow("`gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps=1");
    expect(() => new optimizers.SGD({ gradientAccumulationSteps: 2.5 })).toThrow("must be an integer >= 2");
    expect(() => new optimizers.SGD({ useEma: true, emaMomentum: 1.5 })).toThrow("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=1.5");
    expect(() => new optimizers.SGD({ useEma: true, emaOverwriteFrequency: 0.5 })).toThrow("`ema_overwrite_frequency` must be an integer >= 1 or None");
  });

  it("learning_rate must be a number, a schedule or a function", () => {
    expect(() => new optimizers.Adam({ learningRate: "0.1" as never })).toThrow(
      "Argument `learning_rate` should be float, or an instance of LearningRateSchedule, or a callable",
    );
    expect(() => new optimizers.Optimizer({})).toThrow("argument `learning_rate` is required");
  });

  it("unknown and mistyped options are rejected", () => {
    expect(() => new optimizers.Adam({ lr: 0.1 } as never)).toThrow("Adam: argument(s) not recognized: lr");
    expect(() => new optimizers.Adam({ beta1: "0.9" } as never)).toThrow("argument `beta_1` must be a number");
    expect(() => new optimizers.Adam({ amsgrad: 1 } as never)).toThrow("argument `amsgrad` must be a boolean");
    expect(() => new optimizers.SGD({ weightDecay: "0.1" } as never)).toThrow("argument `weight_decay` must be a number or null");
  });

  it("Keras 2's decay is ignored with a warning", () => {
    const opt = new optimizers.SGD({ decay: 0.01 });
    expect(opt).toBeInstanceOf(optimizers.SGD);
    expect(warn).toHaveBeenCalledWith("Argument `decay` is no longer supported and will be ignored.");
  });

  it("optimizer-specific checks", () => {
    expect(() => new optimizers.SGD({ momentum: 1.5 })).toThrow("`momentum` must be a float between [0, 1].");
    expect(() => new optimizers.SGD({ momentum: -0.1 })).toThrow("`momentum` must be a float between [0, 1].");
    expect(() => new optimizers.Lion({ beta1: 0 })).toThrow("Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD. Received: beta_1=0.");
    expect(() => new optimizers.AdamW({ weightDecay: null })).toThrow("Argument `weight_decay` must be a float. Received: weight_decay=None");
    expect(() => new optimizers.Ftrl({ learningRatePower: 0.5 })).toThrow("`learning_rate_power` needs to be negative or zero. Received: learning_rate_power=0.5.");
    expect(() => new optimizers.Ftrl({ initialAccumulatorValue: -1 })).toThrow("`initial_accumulator_value` needs to be positive or zero");
    expect(() => new optimizers.Ftrl({ l1RegularizationStrength: -1 })).toThrow("`l1_regularization_strength` needs to be positive or zero");
    expect(() => new optimizers.Ftrl({ l2ShrinkageRegularizationStrength: -1 })).toThrow("`l2_shrinkage_regularization_strength` needs to be positive or zero");
    expect(() => new optimizers.Muon({ excludeLayers: "dense" as never })).toThrow("`exclude_layers` must be an array of strings");
    expect(() => new optimizers.Muon({ nsSteps: 2.5 })).toThrow("`ns_steps` must be a non-negative integer");
  });
});
