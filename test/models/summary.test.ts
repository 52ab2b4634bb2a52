/** model.summary() in Keras 3's box format (reference §8.1, keras/src/utils/summary_utils.py). */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, Model, Sequential, layers, ops, utils } from "../../src/index.js";
import { readableMemorySize } from "../../src/utils/summary.js";
import { columnWidths, wrapText } from "../../src/utils/text-table.js";

beforeEach(() => utils.clearSession());

function capture(model: Model, options: Record<string, unknown> = {}): string {
  let text = "";
  model.summary({ ...options, printFn: (s: string) => (text += s) });
  return text;
}

describe("summary", () => {
  it("matches Keras's Sequential example exactly (76 columns)", () => {
    const model = new Sequential([Input({ shape: [32] }), new layers.Dense(64), new layers.Dense(10)]);
    const expected = [
      'Model: "sequential"',
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
      "│ dense (Dense)                   │ (None, 64)             │         2,112 │",
      "├─────────────────────────────────┼────────────────────────┼───────────────┤",
      "│ dense_1 (Dense)                 │ (None, 10)             │           650 │",
      "└─────────────────────────────────┴────────────────────────┴───────────────┘",
      " Total params: 2,762 (10.79 KB)",
      " Trainable params: 2,762 (10.79 KB)",
      " Non-trainable params: 0 (0.00 B)",
      "",
    ].join("\n");
    expect(capture(model, { lineLength: 76 })).toBe(expected);
  });

  it("non-sequential functional models get a Connected to column; long cells wrap", () => {
    const a = Input({ shape: [4], name: "a" });
    const b = Input({ shape: [4], name: "b" });
    const shared = new layers.Dense(3, { name: "shared" });
    const y = new layers.Dense(2, { name: "head" }).apply(ops.add(shared.apply(a), shared.apply(b)));
    const model = new Model({ inputs: [a, b], outputs: y, name: "two_inputs" });
    // Line 100, positions .3/.56/.74/1: widths 30, 26, 18, 26 (+2 padding each) reduced by 13 -> 29, 25, 16, 25.
    const w = [29, 25, 16, 25];
    const rule = (l: string, f: string, m: string, r: string) => l + w.map((n) => f.repeat(n)).join(m) + r;
    const row = (cells: string[], bar = "│") =>
      bar + cells.map((c, i) => " " + (i === 2 ? c.padStart(w[i] - 2) : c.padEnd(w[i] - 2)) + " ").join(bar) + bar;
    const expected = [
      'Model: "two_inputs"',
      rule("┏", "━", "┳", "┓"),
      row(["Layer (type)", "Output Shape", "Param #", "Connected to"], "┃"),
      rule("┡", "━", "╇", "┩"),
      row(["a (InputLayer)", "(None, 4)", "0", "-"]),
      rule("├", "─", "┼", "┤"),
      row(["b (InputLayer)", "(None, 4)", "0", "-"]),
      rule("├", "─", "┼", "┤"),
      row(["shared (Dense)", "(None, 3)", "15", "a[0][0], b[0][0]"]),
      rule("├", "─", "┼", "┤"),
      row(["add (Add)", "(None, 3)", "0", "shared[0][0],"]),
      row(["", "", "", "shared[1][0]"]),
      rule("├", "─", "┼", "┤"),
      row(["head (Dense)", "(None, 2)", "8", "add[0][0]"]),
      rule("└", "─", "┴", "┘"),
      " Total params: 23 (92.00 B)",
      " Trainable params: 23 (92.00 B)",
      " Non-trainable params: 0 (0.00 B)",
      "",
    ].join("\n");
    expect(capture(model, { lineLength: 100 })).toBe(expected);
  });

  it("chain-like functional models use the sequential layout and include the InputLayer row", () => {
    const x = Input({ shape: [3], name: "x" });
    const model = new Model({ inputs: x, outputs: new layers.Dense(2, { name: "d" }).apply(x), name: "chain" });
    const text = capture(model, { lineLength: 76 });
    expect(text).toContain("┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃");
    expect(text).toContain("│ x (InputLayer)                  │ (None, 3)              │             0 │");
    expect(text).toContain("│ d (Dense)                       │ (None, 2)              │             8 │");
  });

  it("unbuilt layers, showTrainable and expandNested", () => {
    const lazy = new Sequential([new layers.Dense(3, { name: "a" })], { name: "lazy" });
    const text = capture(lazy, { lineLength: 76 });
    expect(text).toContain("│ a (Dense)                       │ ?                      │   0 (unbuilt) │");
    expect(text).toContain(" Total params: 0 (0.00 B)");

    const inner = new Sequential([Input({ shape: [2] }), new layers.Dense(2, { name: "inner_dense" })], { name: "inner" });
    const outer = new Sequential([Input({ shape: [2] }), inner, new layers.Dense(1, { name: "top" })], { name: "outer" });
    inner.trainable = false;
    const nested = capture(outer, { lineLength: 120, expandNested: true, showTrainable: true });
    const lines = nested.split("\n");
    expect(lines[2]).toMatch(/^┃ Layer \(type\) +┃ Output Shape +┃ +Param # ┃ Trainable ┃$/);
    expect(nested).toMatch(/│ inner \(Sequential\) +│ \(None, 2\) +│ +6 │ +N +│/);
    expect(nested).toMatch(/│ {4}└ inner_dense \(Dense\) +│ \(None, 2\) +│ +6 │ +N +│/);
    expect(nested).toMatch(/│ top \(Dense\) +│ \(None, 1\) +│ +3 │ +Y +│/);
    expect(nested).toContain(" Trainable params: 3 (12.00 B)");
    expect(nested).toContain(" Non-trainable params: 6 (24.00 B)");
    expect(lines.filter((l) => /^[┃│┏┡├└]/.test(l)).every((l) => l.length === 120)).toBe(true);
  });

  it("layerRange selects rows; too narrow a line is an error", () => {
    const model = new Sequential([Input({ shape: [2] }), new layers.Dense(2, { name: "one" }), new layers.Dense(2, { name: "two" }), new layers.Dense(2, { name: "three" })]);
    const text = capture(model, { lineLength: 76, layerRange: ["two", "three"] });
    expect(text).not.toContain("one (Dense)");
    expect(text).toContain("two (Dense)");
    expect(text).toContain("three (Dense)");
    expect(() => capture(model, { lineLength: 8 })).toThrow("Insufficient console width to print summary.");
  });
});

describe("summary helpers", () => {
  it("sizes: %.2f with B/KB/MB units, halves to even like Python", () => {
    expect(readableMemorySize(0)).toBe("0.00 B");
    expect(readableMemorySize(11048)).toBe("10.79 KB");
    expect(readableMemorySize(1152)).toBe("1.12 KB");
    expect(readableMemorySize(1184)).toBe("1.16 KB");
    expect(readableMemorySize(5 * 1024 * 1024)).toBe("5.00 MB");
  });

  it("column widths follow rich's even ratio reduction", () => {
    expect(columnWidths([34, 26, 16], 76)).toEqual([33, 24, 15]);
    expect(columnWidths([26, 25, 15, 26], 92)).toEqual([25, 24, 13, 25]);
  });

  it("wraps on spaces and folds long words", () => {
    expect(wrapText("a_very_long_layer_name (Dense)", 12)).toEqual(["a_very_long_", "layer_name", "(Dense)"]);
    expect(wrapText("x (Y)", 12)).toEqual(["x (Y)"]);
  });
});
