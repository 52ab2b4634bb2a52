import { describe, expect, it } from "vitest";
import { Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { fixtureTensor, loadFixture } from "../utils/fixtures.js";

/**
 * -log p(labels | logits) by enumerating every path of `time` steps over the
 * classes: a path counts when merging repeats and removing blanks gives the labels.
 */
function bruteForceCtc(logits: number[][], labels: number[], blank: number): number {
  const time = logits.length;
  const classes = logits[0].length;
  const logp = logits.map((row) => {
    const m = Math.max(...row);
    const z = Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0)) + m;
    return row.map((x) => x - z);
  });
  let total = 0;
  const path = new Array<number>(time).fill(0);
  for (let code = 0; code < classes ** time; code++) {
    let c = code;
    for (let t = 0; t < time; t++) {
      path[t] = c % classes;
      c = Math.floor(c / classes);
    }
    const collapsed: number[] = [];
    for (let t = 0; t < time; t++) {
      if (path[t] !== blank && (t === 0 || path[t] !== path[t - 1])) collapsed.push(path[t]);
    }
    if (collapsed.length === labels.length && collapsed.every((l, i) => l === labels[i])) {
      let lp = 0;
      for (let t = 0; t < time; t++) lp += logp[t][path[t]];
      total += Math.exp(lp);
    }
  }
  return -Math.log(total);
}

function rows(x: Tensor, b: number, time: number): number[][] {
  const [, T, C] = x.shape;
  const out: number[][] = [];
  for (let t = 0; t < time; t++) out.push(Array.from(x.data.slice((b * T + t) * C, (b * T + t + 1) * C)));
  return out;
}

describe("nn.ctcLoss", () => {
  it("matches Keras's loss_ctc fixture (per-sequence losses)", () => {
    const fx = loadFixture("loss_ctc");
    const yTrue = fixtureTensor(fx.y_true);
    const yPred = fixtureTensor(fx.y_pred);
    const labelLength = ops.sum(ops.notEqual(yTrue, 0), -1);
    const outputLength = ops.full([yPred.shape[0]], yPred.shape[1], "int32");
    const loss = ops.nn.ctcLoss(yTrue, yPred, labelLength, outputLength);
    expect(loss.shape).toEqual([2]);
    expect(loss.dtype).toBe("float32");
    expectClose(loss, fx.results.reduction_none.value, 2e-6, 1e-6);
  });

  it("equals brute-force path enumeration: repeats, shorter lengths, another blank index", () => {
    const logits = randomTensor([3, 5, 3], 3, -2, 2);
    const target = ops.convertToTensor([[1, 1, 2], [2, 0, 0], [1, 2, 0]]);
    // blank = 0: labels are [1, 1] (repeat needs a blank between), [2], [1, 2, 0]->length 2
    const loss = ops.ctcLoss(target, logits, [2, 1, 2], [5, 3, 4]);
    expect(loss.dtype).toBe("float64");
    expectClose(
      loss,
      [bruteForceCtc(rows(logits, 0, 5), [1, 1], 0), bruteForceCtc(rows(logits, 1, 3), [2], 0), bruteForceCtc(rows(logits, 2, 4), [1, 2], 0)],
      1e-10,
      1e-10,
    );
    // blank = 2 (maskIndex), labels from classes 0 and 1.
    const t2 = ops.convertToTensor([[0, 1, 1], [1, 0, 0], [0, 0, 1]]);
    const loss2 = ops.ctcLoss(t2, logits, [3, 1, 3], [5, 5, 5], { maskIndex: 2 });
    expectClose(
      loss2,
      [bruteForceCtc(rows(logits, 0, 5), [0, 1, 1], 2), bruteForceCtc(rows(logits, 1, 5), [1], 2), bruteForceCtc(rows(logits, 2, 5), [0, 0, 1], 2)],
      1e-10,
      1e-10,
    );
  });

  it("an impossible alignment (labels longer than the output) gives a huge loss, not NaN", () => {
    const loss = ops.ctcLoss(ops.convertToTensor([[1, 1]]), randomTensor([1, 2, 3], 5), [2], [2]);
    expect(loss.item()).toBeGreaterThan(1e4);
    expect(Number.isFinite(loss.item())).toBe(true);
  });

  it("rejects wrong ranks, batch mismatch and a bad mask index", () => {
    const logits = randomTensor([2, 4, 3], 6);
    expect(() => ops.ctcLoss(ops.convertToTensor([1, 2]), logits, [1, 1], [4, 4])).toThrow(/Targets `target` are expected to be a tensor of shape `\(batch_size, max_length\)`/);
    expect(() => ops.ctcLoss(ops.convertToTensor([[1], [2]]), randomTensor([2, 4], 1), [1, 1], [4, 4])).toThrow(/Logits `output` are expected/);
    expect(() => ops.ctcLoss(ops.convertToTensor([[1]]), logits, [1], [4])).toThrow(/same batch size/);
    expect(() => ops.ctcLoss(ops.convertToTensor([[1], [2]]), logits, [1, 1], [4, 4], 3)).toThrow(/mask_index must be a class index in \[0, 3\)/);
  });

  it("float64 gradient with respect to the logits", () => {
    const target = ops.convertToTensor([[1, 2], [2, 2]]);
    checkGradients((x) => ops.nn.ctcLoss(target, x, [2, 2], [4, 3]), [randomTensor([2, 4, 3], 7)], { tol: 1e-6 });
    checkGradients((x) => ops.nn.ctcLoss(ops.convertToTensor([[0, 1]]), x, [1], [3], { maskIndex: 2 }), [randomTensor([1, 3, 3], 8)]);
  });
});
