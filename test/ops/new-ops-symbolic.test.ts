/* eslint-disable @typescript-eslint/no-explicit-any -- KerasTensors pass through the ops' eager signatures. */
/** The ops added for issue 2's follow-up, called on KerasTensors inside functional models. */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, Model, Tensor, ops, utils } from "../../src/index.js";

beforeEach(() => utils.clearSession());

const batch = (v: number[][]) => ops.convertToTensor(v, "float32");

describe("sorting, segment and attention ops on KerasTensors", () => {
  it("infer shapes and dtypes, record op nodes, and predict like the eager ops", () => {
    const x: any = Input({ shape: [4], name: "x" });
    const [values, indices]: any[] = ops.topK(x, 2);
    expect(values.shape).toEqual([null, 2]);
    expect(indices.dtype).toBe("int32");
    expect(values.kerasHistory!.operation!.constructor.name).toBe("TopK");
    const sorted: any = ops.sort(x, { axis: -1 });
    expect(sorted.shape).toEqual([null, 4]);
    const order: any = ops.argsort(x);
    expect(order.dtype).toBe("int32");
    const ratio: any = ops.divideNoNan(x, sorted);
    const labels: any = Input({ shape: [], dtype: "int32", name: "labels" });
    const hits: any = ops.inTopK(labels, x, 2);
    expect(hits.shape).toEqual([null]);
    expect(hits.dtype).toBe("bool");
    const model = new Model({ inputs: [x, labels], outputs: [values, indices, sorted, order, ratio, hits] });
    const xv = batch([[3, 0, 5, 1], [2, 8, 0, 4]]);
    const lv = ops.convertToTensor([0, 3], "int32");
    const outs = model.predict([xv, lv]) as Tensor[];
    const [ev, ei] = ops.topK(xv, 2);
    expect(outs[0].toArray()).toEqual(ev.toArray());
    expect(outs[1].toArray()).toEqual(ei.toArray());
    expect(outs[2].toArray()).toEqual([[0, 1, 3, 5], [0, 2, 4, 8]]);
    expect(outs[3].toArray()).toEqual([[1, 3, 0, 2], [2, 0, 3, 1]]);
    expect(outs[4].toArray()).toEqual(ops.divideNoNan(xv, ops.sort(xv)).toArray());
    expect(outs[5].toArray()).toEqual([true, true]);
  });

  it("dotProductAttention and segmentMax in a functional model, and a config round trip", () => {
    const q: any = Input({ shape: [3, 2, 4], name: "q" });
    const kv: any = Input({ shape: [5, 1, 4], name: "kv" });
    const att: any = ops.nn.dotProductAttention(q, kv, kv, { isCausal: false, scale: 0.5 });
    expect(att.shape).toEqual([null, 3, 2, 4]);
    expect(att.kerasHistory!.operation!.constructor.name).toBe("DotProductAttention");
    const model = new Model({ inputs: [q, kv], outputs: att });
    const qv = ops.cast(ops.reshape(ops.linspace(-1, 1, 24), [1, 3, 2, 4]), "float32");
    const kvv = ops.cast(ops.reshape(ops.linspace(1, -0.5, 20), [1, 5, 1, 4]), "float32");
    const eager = ops.nn.dotProductAttention(qv, kvv, kvv, { scale: 0.5 });
    expect((model.predict([qv, kvv]) as Tensor).toArray()).toEqual(eager.toArray());
    const reloaded = Model.fromConfig(JSON.parse(JSON.stringify(model.getConfig())));
    expect((reloaded.predict([qv, kvv]) as Tensor).toArray()).toEqual(eager.toArray());

    const d: any = Input({ shape: [3], name: "d", batchSize: 4 });
    const ids: any = Input({ shape: [], dtype: "int32", name: "ids", batchSize: 4 });
    const segMax: any = ops.segmentMax(d, ids, { numSegments: 2 });
    expect(segMax.shape).toEqual([2, 3]);
    const m2 = new Model({ inputs: [d, ids], outputs: segMax });
    const dv = batch([[1, 2, 3], [4, 0, 0], [0, 9, 1], [5, 5, 5]]);
    const out = m2.predict([dv, ops.convertToTensor([0, 1, 0, 1], "int32")], { batchSize: 4 }) as Tensor;
    expect(out.toArray()).toEqual([[1, 9, 3], [5, 5, 5]]);
  });
});
