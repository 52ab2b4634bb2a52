import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

describe("learning rate as the first positional argument (Keras's Adam(0.01))", () => {
  it("is accepted by every optimizer", () => {
    const { optimizers } = keras as any;
    for (const name of ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl", "Lion", "Lamb", "Muon"]) {
      const opt = new optimizers[name](0.0123);
      expect(opt.getConfig().learning_rate, name).toBeCloseTo(0.0123, 7);
    }
  });

  it("takes a schedule positionally too", () => {
    const { optimizers } = keras as any;
    const schedule = new optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const opt = new optimizers.Adam(schedule);
    expect(opt.getConfig().learning_rate.class_name).toBe("ExponentialDecay");
  });

  it("SGD(0.1) takes a real step of that size", () => {
    const v = new keras.Variable([1.0]);
    const opt = new (keras as any).optimizers.SGD(0.1);
    opt.applyGradients([[keras.ops.convertToTensor([2.0], "float32"), v]]);
    expect((v.value.toArray() as number[])[0]).toBeCloseTo(0.8, 6);
  });
});
