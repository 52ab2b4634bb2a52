/** Every initializer_* Keras fixture: configs, exact values of deterministic ones, statistics of random draws. */
import { describe, expect, it } from "vitest";
import { initializers, ops, Tensor } from "../../src/index.js";
import { loadFixture, fixtureNames, fixtureValues } from "../utils/fixtures.js";
import { expectClose } from "../utils/gradcheck.js";
import { statsOf } from "../random/stats.js";

const names = fixtureNames("initializer");

/** The Python kwargs dict in a fixture description, e.g. "keras.initializers.Identity({'gain': 2.5}): ...". */
function constructorKwargs(description: string): Record<string, unknown> {
  const m = /\((\{.*?\})\)/.exec(description);
  if (!m) throw new Error(`no constructor arguments in description: ${description}`);
  return JSON.parse(m[1].replace(/'/g, '"').replace(/\bTrue\b/g, "true").replace(/\bFalse\b/g, "false").replace(/\bNone\b/g, "null"));
}

/** Distributions whose support is bounded, so the draw's min and max are pinned down. */
function isBounded(config: Record<string, unknown>, className: string): boolean {
  if (className === "RandomNormal") return false;
  if (className === "Orthogonal") return false;
  if (className === "VarianceScaling") return config.distribution !== "untruncated_normal";
  return true;
}

describe("Keras initializer fixtures", () => {
  it("covers every initializer fixture", () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of names) {
    const fx = loadFixture(name);
    describe(name, () => {
      it("deserializes and serializes back to the same envelope and config", () => {
        const init = initializers.deserialize(fx.serialized);
        expect(init.constructor.name).toBe(fx.class_name);
        expect(init.getConfig()).toEqual(fx.config);
        expect(initializers.serialize(init)).toEqual(fx.serialized);
      });

      for (const draw of fx.draws) {
        it(`draws shape [${draw.shape.join(", ")}]`, () => {
          // Built from the constructor arguments the fixture was made with; a fixed seed keeps the
          // test deterministic (the statistics do not depend on it).
          const kwargs = constructorKwargs(fx.description);
          if ("seed" in fx.config) kwargs.seed = 1234;
          const init = initializers.deserialize({ class_name: fx.class_name, config: kwargs });
          const t = init.apply(draw.shape);
          expect(t.shape).toEqual(draw.shape);
          expect(t.dtype).toBe("float32");
          if (draw.values) {
            expectClose(t, fixtureValues(draw.values), 1e-5, 1e-6);
            return;
          }
          if (draw.fan_in !== undefined) {
            expect(initializers.computeFans(draw.shape)).toEqual([draw.fan_in, draw.fan_out]);
          }
          const ours = statsOf(t);
          const ref = draw.stats;
          expect(ours.count).toBe(ref.count);
          // The reference is one draw too: compare within a few standard errors of each.
          expect(Math.abs(ours.mean - ref.mean)).toBeLessThan((6 * ref.std) / Math.sqrt(ref.count) + 1e-7);
          expect(Math.abs(ours.std / ref.std - 1)).toBeLessThan(0.05);
          if (isBounded(fx.config, fx.class_name)) {
            const range = ref.max - ref.min;
            expect(Math.abs(ours.min - ref.min)).toBeLessThan(0.02 * range);
            expect(Math.abs(ours.max - ref.max)).toBeLessThan(0.02 * range);
          }
          if (draw.max_abs_gram_minus_gain2_identity !== undefined) {
            const rows = draw.shape.slice(0, -1).reduce((a: number, b: number) => a * b, 1);
            const cols = draw.shape[draw.shape.length - 1];
            const w = ops.reshape(t, [rows, cols]);
            const gram = rows >= cols ? ops.matmul(ops.transpose(w), w) : ops.matmul(w, ops.transpose(w));
            const n = Math.min(rows, cols);
            const gain2 = (fx.config.gain as number) ** 2;
            let worst = 0;
            for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(gram.data[i * n + j] - (i === j ? gain2 : 0)));
            expect(worst).toBeLessThan(1e-5);
          }
        });
      }
    });
  }
});

describe("Identity gain", () => {
  it("multiplies the identity by the gain even though Keras 3.15 writes an empty config", () => {
    const fx = loadFixture("initializer_identity_gain_nonsquare");
    const init = new initializers.Identity({ gain: 2.5 });
    expect(init.getConfig()).toEqual({});
    for (const draw of fx.draws) expectClose(init.apply(draw.shape) as Tensor, fixtureValues(draw.values));
  });
});
