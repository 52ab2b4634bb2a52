/**
 * keras.utils.Progbar against Keras 3's exact output: hand-built strings with
 * a fake clock (seconds) and a captured sink, for the terminal (rewrite in
 * place) and non-terminal (one line per update) displays, verbose 2, an
 * unknown target, the ETA / per-step / value formats, and averaging.
 */
import { describe, expect, it } from "vitest";
import { Progbar, formatExp4, formatFixed0, formatFixed4, formatTime } from "../../src/utils/progbar.js";

const B = "\x1b[1m";
const G = "\x1b[32m";
const W = "\x1b[37m";
const R = "\x1b[0m";
const bar = (n: number) => `${G}${"━".repeat(n)}${R}`;
const rest = (n: number) => `${W}${"━".repeat(n)}${R}`;

function harness(times: number[], options: ConstructorParameters<typeof Progbar>[1] = {}) {
  const out: string[] = [];
  const clock = times.slice();
  const p = new Progbar(options.verbose === 2 ? 10 : 10, { write: (s) => out.push(s), now: () => clock.shift()!, ...options });
  return { p, out };
}

describe("Progbar", () => {
  it("rewrites one line on a terminal: counter, bar, ETA, per-step time, values; elapsed time when final", () => {
    const { p, out } = harness([100, 100.5, 102.5, 105], { dynamic: true });
    p.update(1, [["loss", 0.5]]);
    p.update(5, [["loss", 0.25]]);
    p.update(10, [["loss", 0.125]]);
    expect(out).toEqual([
      `\r${B} 1/10${R} ${bar(2)}${rest(18)} ${B}4s${R} 500ms/step - loss: 0.5000`,
      // By default the bar averages values over the steps: (0.5 * 1 + 0.25 * 4) / 5.
      `${"\b".repeat(55)}\r${B} 5/10${R} ${bar(10)}${rest(10)} ${B}2s${R} 500ms/step - loss: 0.3000`,
      `${"\b".repeat(55)}\r${B}10/10${R} ${bar(20)}${W}${R} ${B}5s${R} 500ms/step - loss: 0.1250\n`,
    ]);
  });

  it("pads with spaces when the new line is shorter than the previous one", () => {
    const { p, out } = harness([0, 1, 2], { dynamic: true, statelessMetrics: [] });
    p.update(1, [["loss", 12.5]]);
    p.update(2, [["loss", 1.5]]);
    // Step 2: one character shorter value ("1.5000" vs "12.5000") and the same ETA width.
    expect(out[1].endsWith(" - loss: 1.5000 ")).toBe(true);
  });

  it("prints one line per update elsewhere, skipping updates closer than `interval` unless final", () => {
    const { p, out } = harness([0, 1, 1.01, 3], { dynamic: false });
    p.update(1, [["acc", 0.5]]);
    p.update(2, [["acc", 0.5]]); // 10 ms after the previous draw: skipped
    p.update(10, [["acc", 0.75]]); // (3 - 1) s over steps 2..10
    expect(out).toEqual([
      `\n${B} 1/10${R} ${bar(2)}${rest(18)} ${B}9s${R} 1s/step - acc: 0.5000`,
      `\n${B}10/10${R} ${bar(20)}${W}${R} ${B}3s${R} 222ms/step - acc: 0.7500\n`,
    ]);
  });

  it("verbose 2: one line at the end only", () => {
    const { p, out } = harness([0, 1, 4], { verbose: 2 });
    p.update(4, [["loss", 2]]);
    p.update(10, [["loss", 0.0005]]);
    expect(out).toEqual(["10/10 - 4s - 400ms/step - loss: 5.0000e-04\n"]);
  });

  it("an unknown target shows the count and the elapsed time", () => {
    const out: string[] = [];
    const clock = [10, 12];
    const p = new Progbar(null, { write: (s) => out.push(s), now: () => clock.shift()!, dynamic: false });
    p.update(3, [["loss", 1]]);
    expect(out).toEqual([`\n      3/Unknown ${B}2s${R} 667ms/step - loss: 1.0000`]);
  });

  it("ETA as m:ss past a minute and h:mm:ss past an hour", () => {
    const one = harness([0, 10], { dynamic: false });
    one.p.update(1);
    expect(one.out[0]).toContain(`${B}1:30${R} 10s/step`);
    const two = harness([0, 401], { dynamic: false });
    two.p.update(1);
    expect(two.out[0]).toContain(`${B}1:00:09${R} 401s/step`);
  });

  it("averages values over steps by default (Keras's stateless metrics), shows them as given when stateful", () => {
    const avg = harness([0, 1, 2], { dynamic: false });
    avg.p.update(1, [["loss", 1]]);
    avg.p.update(3, [["loss", 4]]);
    // (1 * 1 + 4 * 2) / 3 steps
    expect(avg.out[1]).toContain("loss: 3.0000");
    const given = harness([0, 1, 2], { dynamic: false, statelessMetrics: [] });
    given.p.update(1, [["loss", 1]]);
    given.p.update(3, [["loss", 4]]);
    expect(given.out[1]).toContain("loss: 4.0000");
    expect(() => new Progbar(1, { statefulMetrics: ["a"], statelessMetrics: ["b"] })).toThrow("Only one off `stateful_metrics`");
  });

  it("formats numbers as Python does", () => {
    expect(formatTime(2.4, "step")).toBe(" 2s/step");
    expect(formatTime(0, "step")).toBe(" 0s/step");
    expect(formatTime(0.0123, "step")).toBe(" 12ms/step");
    expect(formatTime(0.0004, "sample")).toBe(" 400us/sample");
    expect(formatFixed0(2.5)).toBe("2");
    expect(formatFixed0(3.5)).toBe("4");
    expect(formatFixed0(-0.4)).toBe("0");
    expect(formatFixed4(0.123456)).toBe("0.1235");
    expect(formatFixed4(Number.NaN)).toBe("nan");
    expect(formatExp4(1e-4)).toBe("1.0000e-04");
    expect(formatExp4(-2.5e-7)).toBe("-2.5000e-07");
    expect(formatExp4(1.5e120)).toBe("1.5000e+120");
    expect(formatExp4(0)).toBe("0.0000e+00");
  });

  it("values at or below 1e-3 in magnitude use exponent notation", () => {
    const { p, out } = harness([0, 1], { dynamic: false });
    p.update(1, [["a", 0.001], ["b", -0.002], ["c", 0], ["d", Number.NaN]]);
    expect(out[0]).toContain(" - a: 1.0000e-03 - b: -0.0020 - c: 0.0000e+00 - d: nan");
  });
});
