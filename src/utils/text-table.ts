/**
 * A plain-text table drawn like `rich.table.Table(show_lines=True)` with the
 * HEAVY_HEAD box, which Keras uses for `model.summary()`: the same column
 * width arithmetic (fixed widths, then an even "ratio reduce" down to the
 * table width) and the same word wrapping, without colors.
 */

export type Justify = "left" | "right" | "center";

export interface TableColumn {
  header: string;
  width: number;
  justify: Justify;
}

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** rich's `ratio_reduce`. */
function ratioReduce(total: number, ratios: number[], maximums: number[], values: number[]): number[] {
  ratios = ratios.map((r, i) => (maximums[i] ? r : 0));
  let totalRatio = ratios.reduce((a, b) => a + b, 0);
  if (!totalRatio) return values.slice();
  let remaining = total;
  return values.map((value, i) => {
    const ratio = ratios[i];
    if (ratio && totalRatio > 0) {
      const distributed = Math.min(maximums[i], pyRound((ratio * remaining) / totalRatio));
      remaining -= distributed;
      totalRatio -= ratio;
      return value - distributed;
    }
    return value;
  });
}

/** Cell widths (padding included) for fixed-width columns in a table `tableWidth` characters wide. */
export function columnWidths(widths: number[], tableWidth: number): number[] {
  const maxWidth = tableWidth - (widths.length + 1);
  let cells = widths.map((w) => w + 2);
  const total = cells.reduce((a, b) => a + b, 0);
  if (total > maxWidth) cells = ratioReduce(total - maxWidth, cells.map(() => 1), cells, cells);
  return cells.map((w) => Math.min(w, Math.max(maxWidth, 0)));
}

/** Greedy word wrap (words longer than the width are folded), as rich wraps cell text. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    const words = paragraph.split(/(?<= )/); // keep the trailing space with each word
    let line = "";
    for (let word of words) {
      if ((line + word).trimEnd().length <= width) {
        line += word;
        continue;
      }
      if (line.trimEnd().length) out.push(line.trimEnd());
      line = "";
      while (word.trimEnd().length > width) {
        out.push(word.slice(0, width));
        word = word.slice(width);
      }
      line = word;
    }
    out.push(line.trimEnd());
  }
  return out;
}

function justify(text: string, width: number, how: Justify): string {
  const pad = Math.max(0, width - text.length);
  if (how === "right") return " ".repeat(pad) + text;
  if (how === "center") {
    const left = Math.floor(pad / 2);
    return " ".repeat(left) + text + " ".repeat(pad - left);
  }
  return text + " ".repeat(pad);
}

function renderRow(cells: string[], widths: number[], columns: TableColumn[], bar: string): string[] {
  const wrapped = cells.map((c, i) => wrapText(c, Math.max(1, widths[i] - 2)));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    const parts = wrapped.map((w, i) => " " + justify(w[r] ?? "", widths[i] - 2, columns[i].justify) + " ");
    lines.push(bar + parts.join(bar) + bar);
  }
  return lines;
}

/** The table's lines: heavy header box, light body with a rule between rows. */
export function renderTable(columns: TableColumn[], rows: string[][], tableWidth: number): string[] {
  const widths = columnWidths(columns.map((c) => c.width), tableWidth);
  const rule = (l: string, fill: string, mid: string, r: string) => l + widths.map((w) => fill.repeat(w)).join(mid) + r;
  const lines = [rule("┏", "━", "┳", "┓"), ...renderRow(columns.map((c) => c.header), widths, columns, "┃"), rule("┡", "━", "╇", "┩")];
  rows.forEach((row, i) => {
    if (i > 0) lines.push(rule("├", "─", "┼", "┤"));
    lines.push(...renderRow(row, widths, columns, "│"));
  });
  lines.push(rule("└", "─", "┴", "┘"));
  return lines;
}
