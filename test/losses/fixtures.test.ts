/**
 * Every Keras loss fixture (test/fixtures/keras/loss_*.json): config and
 * envelope, the reduced value with and without sample weights, reductions
 * "none" and "sum", the function form, and float64 gradients w.r.t. y_pred.
 */
import { describe, expect, it } from "vitest";
import { losses, Tensor, valueAndGrad } from "../../src/index.js";
import { fixtureNames, fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";
import { expectClose } from "../utils/gradcheck.js";
import { snakeToCamel } from "../../src/utils/naming.js";

/** Python literal of the constructor kwargs in a fixture description -> camelCase options. */
export function pythonKwargs(description: string): Record<string, unknown> {
  const m = /\((\{.*\})\)/.exec(description);
  if (!m) return {};
  const json = m[1]
    .replace(/'/g, '"')
    .replace(/\bTrue\b/g, "true")
    .replace(/\bFalse\b/g, "false")
    .replace(/\bNone\b/g, "null")
    .replace(/\(([^()]*)\)/g, "[$1]");
  const parsed = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [snakeToCamel(k), v]));
}

/** The fixture's function-form kwargs (snake_case) as camelCase options. */
function camelKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [snakeToCamel(k), v]));
}

const FUNCTIONS: Record<string, losses.LossFunction> = {
  "keras.losses.binary_crossentropy": losses.binaryCrossentropy,
  "keras.losses.binary_focal_crossentropy": losses.binaryFocalCrossentropy,
  "keras.losses.categorical_crossentropy": losses.categoricalCrossentropy,
  "keras.losses.categorical_focal_crossentropy": losses.categoricalFocalCrossentropy,
  "keras.losses.categorical_generalized_cross_entropy": losses.categoricalGeneralizedCrossEntropy,
  "keras.losses.categorical_hinge": losses.categoricalHinge,
  "keras.losses.circle": losses.circle,
  "keras.losses.cosine_similarity": losses.cosineSimilarity,
  "keras.losses.ctc": losses.ctc,
  "keras.losses.dice": losses.dice,
  "keras.losses.hinge": losses.hinge,
  "keras.losses.huber": losses.huber,
  "keras.losses.kl_divergence": losses.klDivergence,
  "keras.losses.log_cosh": losses.logCosh,
  "keras.losses.mean_absolute_error": losses.meanAbsoluteError,
  "keras.losses.mean_absolute_percentage_error": losses.meanAbsolutePercentageError,
  "keras.losses.mean_squared_error": losses.meanSquaredError,
  "keras.losses.mean_squared_logarithmic_error": losses.meanSquaredLogarithmicError,
  "keras.losses.poisson": losses.poisson,
  "keras.losses.sparse_categorical_crossentropy": losses.sparseCategoricalCrossentropy,
  "keras.losses.squared_hinge": losses.squaredHinge,
  "keras.losses.tversky": losses.tversky,
};

type LossCtor = new (options?: Record<string, unknown>) => losses.Loss;

function lossClass(name: string): LossCtor {
  const cls = (losses as unknown as Record<string, LossCtor>)[name];
  if (typeof cls !== "function") throw new Error(`no class losses.${name}`);
  return cls;
}

/** The same values as float64 (fixture float32 data read back exactly). */
function asFloat64(a: Parameters<typeof fixtureTensor>[0]): Tensor {
  if (a.dtype === "int32" || a.dtype === "int64") return fixtureTensor(a);
  return new Tensor(Float64Array.from(fixtureValues(a)), a.shape, "float64");
}

const names = fixtureNames("loss");

describe("Keras loss fixtures", () => {
  it("covers every loss fixture", () => {
    expect(names.length).toBe(31);
  });

  for (const name of names) {
    describe(name, () => {
      const fx = loadFixture(name);
      const Cls = lossClass(fx.class_name);
      const kwargs = pythonKwargs(fx.description);
      const yTrue = fixtureTensor(fx.y_true);
      const yPred = fixtureTensor(fx.y_pred);
      const sw = fixtureTensor(fx.sample_weight);
      const r = fx.results;

      it("has Keras's config and envelope", () => {
        const loss = new Cls(kwargs);
        expect(loss.getConfig()).toEqual(fx.config);
        expect(losses.serialize(loss)).toEqual(fx.serialized);
        const back = losses.deserialize(fx.serialized) as losses.Loss;
        expect(back).toBeInstanceOf(Cls);
        expect(back.getConfig()).toEqual(fx.config);
      });

      it("reduces like Keras (default, sample weights, none, sum)", () => {
        const loss = new Cls(kwargs);
        const def = loss.apply(yTrue, yPred);
        expect(def.shape).toEqual(r.default.shape);
        expect(def.dtype).toBe("float32");
        expectClose(def, fixtureValues(r.default), 2e-6, 1e-6);
        expectClose(loss.apply(yTrue, yPred, sw), fixtureValues(r.with_sample_weight), 2e-6, 1e-6);
        const none = new Cls({ ...kwargs, reduction: "none" }).apply(yTrue, yPred);
        expect(none.shape).toEqual(r.reduction_none.shape);
        expectClose(none, fixtureValues(r.reduction_none), 2e-6, 1e-6);
        expectClose(new Cls({ ...kwargs, reduction: "sum" }).apply(yTrue, yPred), fixtureValues(r.reduction_sum), 2e-6, 1e-6);
      });

      if (fx.function_form) {
        it(`function form ${fx.function_form.name}`, () => {
          const fn = FUNCTIONS[fx.function_form.name];
          const args = camelKwargs(fx.function_form.kwargs);
          const out = Object.keys(args).length ? fn(yTrue, yPred, args) : fn(yTrue, yPred);
          expect(out.shape).toEqual(fx.function_form.value.shape);
          expectClose(out, fixtureValues(fx.function_form.value), 2e-6, 1e-6);
        });
      }

      if (fx.grads) {
        it("float64 gradients w.r.t. y_pred match PyTorch's", () => {
          const loss = new Cls({ ...kwargs, dtype: "float64" });
          const p64 = asFloat64(fx.y_pred);
          const t64 = asFloat64(fx.y_true);
          const sw64 = asFloat64(fx.sample_weight);
          const { grads } = valueAndGrad(() => loss.apply(t64, p64), [p64]);
          expect(grads[0].dtype).toBe("float64");
          expectClose(grads[0], fixtureValues(fx.grads.default), 1e-6, 1e-9);
          const weighted = valueAndGrad(() => loss.apply(t64, p64, sw64), [p64]);
          expectClose(weighted.grads[0], fixtureValues(fx.grads.with_sample_weight), 1e-6, 1e-9);
        });
      }
    });
  }
});

describe("float32 gradients of the fixture losses", () => {
  it("agree with the float64 reference at 1e-4", () => {
    let checked = 0;
    for (const name of names) {
      const fx = loadFixture(name);
      if (!fx.grads) continue;
      const loss = new (lossClass(fx.class_name))(pythonKwargs(fx.description));
      const p = fixtureTensor(fx.y_pred);
      const { grads } = valueAndGrad(() => loss.apply(fixtureTensor(fx.y_true), p), [p]);
      expectClose(grads[0], fixtureValues(fx.grads.default), 1e-4, 1e-5);
      checked++;
    }
    // Every fixture has gradients except Circle's (no PyTorch reference).
    expect(checked).toBe(30);
  });
});
