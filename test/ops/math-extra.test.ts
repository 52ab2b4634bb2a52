import { describe, expect, it } from "vitest";
import { ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);

describe("divideNoNan", () => {
  it("divides, giving 0 wherever the divisor is 0 (also 0/0 and inf/0)", () => {
    expect(ops.divideNoNan(t([6, 1, 0, Infinity, -3]), t([3, 0, 0, 0, 2])).toArray()).toEqual([2, 0, 0, 0, -1.5]);
    // broadcasting, JS scalars, int inputs give floats
    expect(ops.divideNoNan(t([[2], [4]]), t([0, 2])).toArray()).toEqual([[0, 1], [0, 2]]);
    expect(ops.divideNoNan(3, t([0, 6])).toArray()).toEqual([0, 0.5]);
    expect(ops.divideNoNan(t([1, 2]), 0).toArray()).toEqual([0, 0]);
    const i = ops.divideNoNan(ops.convertToTensor([7, 7]), ops.convertToTensor([2, 0]));
    expect(i.dtype).toBe("float32");
    expect(i.toArray()).toEqual([3.5, 0]);
    expect(ops.divideNoNan(t([1], "float64"), t([4])).dtype).toBe("float64");
  });

  it("gradients are finite and zero where the divisor is 0", () => {
    const x = t([1, 2, 3], "float64");
    const y = t([2, 0, -1], "float64");
    const { grads } = valueAndGrad(() => ops.sum(ops.divideNoNan(x, y)), [x, y]);
    expect(grads[0].toArray()).toEqual([0.5, 0, -1]);
    expect(grads[1].toArray()).toEqual([-0.25, 0, -3]);
    checkGradients((a, b) => ops.divideNoNan(a, b), [randomTensor([2, 3], 1), randomTensor([2, 3], 2, 0.5, 2)]);
    checkGradients((a, b) => ops.divideNoNan(a, b), [randomTensor([2, 1], 3), randomTensor([1, 3], 4, 0.5, 2)]);
    checkGradients((a, b) => ops.divideNoNan(a, ops.multiply(b, t([0, 1, 1], "float64"))), [randomTensor([3], 5), randomTensor([3], 6, 0.5, 2)]);
    checkGradients((a, b) => ops.divideNoNan(a, b), [randomTensor([0, 2], 7), randomTensor([2], 8, 0.5, 2)]);
  });
});
