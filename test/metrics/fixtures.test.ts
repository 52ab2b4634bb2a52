/**
 * Every Keras metric fixture (test/fixtures/keras/metric_*.json): the config and
 * envelope, `result()` after each of two `updateState` calls, and the final
 * state variables (paths, shapes, dtypes, values).
 */
import { describe, expect, it } from "vitest";
import { losses, metrics, utils } from "../../src/index.js";
import { fixtureNames, fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";
import { expectClose } from "../utils/gradcheck.js";
import { snakeToCamel } from "../../src/utils/naming.js";

/** Python literal of the constructor kwargs in a fixture description (functions become their Keras name). */
function pythonKwargs(description: string): Record<string, unknown> {
  const m = /\((\{.*\})\)/.exec(description);
  if (!m) return {};
  const json = m[1]
    .replace(/<function (\w+) at 0x[0-9a-f]+>/g, "'$1'")
    .replace(/'/g, '"')
    .replace(/\bTrue\b/g, "true")
    .replace(/\bFalse\b/g, "false")
    .replace(/\bNone\b/g, "null")
    .replace(/\(([^()]*)\)/g, "[$1]");
  const parsed = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [snakeToCamel(k), v]));
}

/** Keras's required positional arguments, in order, per class. */
const POSITIONAL: Record<string, string[]> = {
  IoU: ["numClasses", "targetClassIds"],
  MeanIoU: ["numClasses"],
  OneHotIoU: ["numClasses", "targetClassIds"],
  OneHotMeanIoU: ["numClasses"],
  SensitivityAtSpecificity: ["specificity"],
  SpecificityAtSensitivity: ["sensitivity"],
  PrecisionAtRecall: ["recall"],
  RecallAtPrecision: ["precision"],
  MeanMetricWrapper: ["fn"],
};

function construct(className: string, kwargs: Record<string, unknown>): metrics.Metric {
  const Cls = (metrics as unknown as Record<string, new (...args: unknown[]) => metrics.Metric>)[className];
  if (typeof Cls !== "function") throw new Error(`no class metrics.${className}`);
  const options = { ...kwargs };
  const positional = (POSITIONAL[className] ?? []).map((k) => {
    const v = options[k];
    delete options[k];
    return k === "fn" ? losses.get(v as string) : v;
  });
  return new Cls(...positional, options);
}

const names = fixtureNames("metric");

describe("Keras metric fixtures", () => {
  it("covers every metric fixture", () => {
    expect(names.length).toBe(55);
  });

  for (const name of names) {
    it(name, () => {
      const fx = loadFixture(name);
      // Each fixture was made in a fresh Keras session: default names are not yet taken.
      utils.clearSession();
      const metric = construct(fx.class_name, pythonKwargs(fx.description));
      expect(metric.getConfig()).toEqual(fx.config);
      expect(metrics.serialize(metric)).toEqual(fx.serialized);
      fx.batches.forEach((b: any, i: number) => {
        const sw = b.sample_weight ? fixtureTensor(b.sample_weight) : null;
        if (b.y_true) metric.updateState(fixtureTensor(b.y_true), fixtureTensor(b.y_pred), sw);
        else metric.updateState(fixtureTensor(b.y_pred), sw);
        const result = metric.result();
        expect(result.shape, `result shape after batch ${i}`).toEqual(b.result_after.shape);
        expect(result.dtype).toBe(b.result_after.dtype);
        expectClose(result, fixtureValues(b.result_after), 1e-6, 1e-7);
      });
      const vars = metric.variables;
      expect(vars.map((v) => v.path)).toEqual(fx.variables.map((v: any) => v.path));
      fx.variables.forEach((ref: any, i: number) => {
        expect(vars[i].name).toBe(ref.name);
        expect(vars[i].shape).toEqual(ref.shape);
        expect(vars[i].dtype).toBe(ref.dtype);
        expectClose(vars[i].value, fixtureValues(ref), 1e-6, 1e-6);
      });
      // A config round trip gives a fresh metric with the same config.
      const back = metrics.deserialize(fx.serialized) as metrics.Metric;
      expect(back.constructor).toBe(metric.constructor);
      expect(back.getConfig()).toEqual(fx.config);
      // resetState zeroes the state.
      metric.resetState();
      for (const v of metric.variables) expect(Array.from(v.value.data).every((x) => x === 0)).toBe(true);
    });
  }
});
