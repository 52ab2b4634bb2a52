/** Every activation_fn_* Keras fixture: forward values with the kwargs, and VJPs against the float64 references. */
import { describe, expect, it } from "vitest";
import { activations, ops, valueAndGrad } from "../../src/index.js";
import { loadFixture, fixtureNames, fixtureTensor, fixtureValues } from "../utils/fixtures.js";
import { expectClose } from "../utils/gradcheck.js";
import { snakeToCamel } from "../../src/utils/naming.js";

const names = fixtureNames("activation_fn");

function camelKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [snakeToCamel(k), v]));
}

describe("Keras activation function fixtures", () => {
  it("covers every Keras 3.15 activation", () => {
    expect(names.length).toBe(32);
  });

  for (const name of names) {
    const fx = loadFixture(name);
    describe(name, () => {
      const fn = activations.get(fx.function);

      it(`serializes as ${JSON.stringify(fx.serialized)}`, () => {
        expect(activations.serialize(fn)).toEqual(fx.serialized);
        expect(activations.deserialize(fx.serialized)).toBe(activations.get(fx.serialized));
      });

      fx.calls.forEach((call: any, i: number) => {
        const kwargs = camelKwargs(call.kwargs);
        const apply = (x: unknown) => (Object.keys(kwargs).length ? fn(x, kwargs) : fn(x));

        it(`call ${i} ${JSON.stringify(call.kwargs)}: forward`, () => {
          const y = apply(fixtureTensor(call.x));
          expect(y.shape).toEqual(call.y.shape);
          expect(y.dtype).toBe("float32");
          expectClose(y, fixtureValues(call.y), 1e-5, 1e-6);
        });

        it(`call ${i} ${JSON.stringify(call.kwargs)}: gradient (float64)`, () => {
          const x = ops.cast(fixtureTensor(call.x), "float64");
          const upstream = fixtureTensor(call.grads.upstream);
          const { grads } = valueAndGrad(() => ops.sum(ops.multiply(apply(x), upstream)), [x]);
          expectClose(grads[0], fixtureValues(call.grads.x), 1e-6, 1e-7);
        });
      });
    });
  }
});
