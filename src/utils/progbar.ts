/**
 * `keras.utils.Progbar`: Keras 3's progress bar, character for character.
 *
 *   8000/8000 ━━━━━━━━━━━━━━━━━━━━ 31s 4ms/step - accuracy: 0.5988 - loss: 1.2080
 *
 * On a terminal (dynamic display) each update rewrites the line in place
 * (backspaces, then `\r`); otherwise every update goes on a new line. Updates
 * closer than `interval` seconds are skipped, except the final one.
 *
 * Output goes through `printMsg` (Keras's `io_utils.print_msg`): stdout in
 * Node, `console.log` elsewhere. Nothing here imports a Node module.
 */

export interface ProgbarOptions {
  /** Bar width in characters (default 20). */
  width?: number;
  /** 0 silent, 1 progress bar, 2 one line at the end. */
  verbose?: number;
  /** Minimum seconds between redraws (default 0.05). */
  interval?: number;
  /** Names shown as given; every other value is averaged over the steps by the bar (Keras's default). */
  statefulMetrics?: Iterable<string> | null;
  /** Names averaged by the bar; every other value is shown as given. Exclusive with `statefulMetrics`. */
  statelessMetrics?: Iterable<string> | null;
  /** "step" or "sample". */
  unitName?: string;
  /** Where the text goes (default: stdout / console). */
  write?: (text: string) => void;
  /** Rewrite the line in place (default: whether stdout is a terminal). */
  dynamic?: boolean;
  /** Clock in seconds (default: performance.now() / 1000). */
  now?: () => number;
}

type ProcessLike = { stdout?: { write?: (s: string) => unknown; isTTY?: boolean } };

function nodeStdout(): ProcessLike["stdout"] | undefined {
  const proc = (globalThis as { process?: ProcessLike }).process;
  return proc?.stdout && typeof proc.stdout.write === "function" ? proc.stdout : undefined;
}

let pendingConsoleLine = "";

/**
 * Keras's `io_utils.print_msg`: writes `message` (plus a newline unless
 * `lineBreak` is false). Without a stdout stream, complete lines go to
 * `console.log` (control characters of in-place redraws are dropped).
 */
export function printMsg(message: string, lineBreak = true): void {
  const text = lineBreak ? `${message}\n` : message;
  const out = nodeStdout();
  if (out) {
    out.write!(text);
    return;
  }
  pendingConsoleLine += text;
  const lines = pendingConsoleLine.split("\n");
  pendingConsoleLine = lines.pop() ?? "";
  for (const line of lines) {
    // eslint-disable-next-line no-console
    console.log(line.replace(/[\b]/g, "").replace(/^.*\r/, ""));
  }
}

/** Whether stdout is an interactive terminal (Keras's `_dynamic_display`). */
export function isDynamicDisplay(): boolean {
  return nodeStdout()?.isTTY === true;
}

function defaultClock(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return (perf ? perf.now() : Date.now()) / 1000;
}

/** Python's `f"{x:.0f}"`: round half to even. */
export function formatFixed0(x: number): string {
  if (!Number.isFinite(x)) return pyNonFinite(x);
  let r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return Object.is(r, -0) ? "0" : String(r);
}

function pyNonFinite(x: number): string {
  return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
}

/** Python's `f"{x:.4f}"`. */
export function formatFixed4(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : pyNonFinite(x);
}

/** Python's `f"{x:.4e}"`: at least two exponent digits ("1.0000e-04"). */
export function formatExp4(x: number): string {
  if (!Number.isFinite(x)) return pyNonFinite(x);
  const [mantissa, exponent] = x.toExponential(4).split("e");
  const sign = exponent.startsWith("-") ? "-" : "+";
  const digits = exponent.replace(/^[+-]/, "");
  return `${mantissa}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
}

/** Python's `"%d" % x` for a non-negative float: truncation. */
function pyInt(x: number): number {
  return Math.trunc(x);
}

function pad2(n: number): string {
  return String(pyInt(n)).padStart(2, "0");
}

export class Progbar {
  target: number | null;
  readonly width: number;
  readonly verbose: number;
  readonly interval: number;
  readonly unitName: string;
  private readonly statefulMetrics: Set<string> | null;
  private readonly statelessMetrics: Set<string> | null;
  private readonly dynamicDisplay: boolean;
  private readonly write: (text: string) => void;
  private readonly now: () => number;
  private seenSoFar = 0;
  private readonly values = new Map<string, [number, number]>();
  private readonly valuesOrder: string[] = [];
  private readonly start: number;
  private lastUpdate = 0;
  private timeAfterFirstStep: number | null = null;
  private prevTotalWidth = 0;

  constructor(target: number | null, options: ProgbarOptions = {}) {
    if (options.statefulMetrics && options.statelessMetrics) {
      throw new Error(
        "Only one off `stateful_metrics` metrics or `stateless_metrics` must be provided. `stateful_metrics` is used to have " +
          "metrics be stateless by default with an exclusion list. `stateless_metrics` is used to have metrics be statefull " +
          "by default with an exclusion list.",
      );
    }
    this.target = target;
    this.width = options.width ?? 20;
    this.verbose = options.verbose ?? 1;
    this.interval = options.interval ?? 0.05;
    this.unitName = options.unitName ?? "step";
    if (options.statelessMetrics) {
      this.statefulMetrics = null;
      this.statelessMetrics = new Set(options.statelessMetrics);
    } else {
      this.statefulMetrics = new Set(options.statefulMetrics ?? []);
      this.statelessMetrics = null;
    }
    this.dynamicDisplay = options.dynamic ?? isDynamicDisplay();
    this.write = options.write ?? ((text: string) => printMsg(text, false));
    this.now = options.now ?? defaultClock;
    this.start = this.now();
  }

  /**
   * Moves the bar to step `current` with `values` ([name, value] pairs, in
   * display order). `finalize` defaults to `current >= target`.
   */
  update(current: number, values: Iterable<readonly [string, number]> | null = null, finalize: boolean | null = null): void {
    if (finalize === null) finalize = this.target === null ? false : current >= this.target;
    for (const [k, v] of values ?? []) {
      if (!this.valuesOrder.includes(k)) this.valuesOrder.push(k);
      const stateless = this.statefulMetrics !== null ? !this.statefulMetrics.has(k) : this.statelessMetrics!.has(k);
      if (!stateless || finalize) {
        this.values.set(k, [v, 1]);
      } else {
        // Averaged over the steps since the last update, weighted by how many steps each value covers.
        const base = Math.max(current - this.seenSoFar, 1);
        const prev = this.values.get(k);
        if (prev) this.values.set(k, [prev[0] + v * base, prev[1] + base]);
        else this.values.set(k, [v * base, base]);
      }
    }
    this.seenSoFar = current;

    const now = this.now();
    const timePerUnit = this.estimateStepDuration(current, now);
    const target = this.target;
    if (this.verbose === 1) {
      if (now - this.lastUpdate < this.interval && !finalize) return;
      let message = this.dynamicDisplay ? "\b".repeat(this.prevTotalWidth) + "\r" : "\n";
      let specialCharLen = 0;
      let bar: string;
      if (target !== null && target > 0) {
        const numDigits = Math.floor(Math.log10(target)) + 1;
        bar = `\x1b[1m${String(current).padStart(numDigits)}/${target}\x1b[0m `;
        specialCharLen += 8;
        const progWidth = Math.trunc((this.width * current) / target);
        if (progWidth > 0) {
          bar += `\x1b[32m${"━".repeat(progWidth)}\x1b[0m`;
          specialCharLen += 9;
        }
        bar += `\x1b[37m${"━".repeat(Math.max(0, this.width - progWidth))}\x1b[0m`;
        specialCharLen += 9;
      } else {
        bar = `${String(current).padStart(7)}/Unknown`;
      }
      message += bar;

      let info: string;
      if (target !== null && target > 0 && !finalize) {
        const eta = timePerUnit * (target - current);
        let etaFormat: string;
        if (eta > 3600) etaFormat = `${pyInt(eta / 3600)}:${pad2((eta % 3600) / 60)}:${pad2(eta % 60)}`;
        else if (eta > 60) etaFormat = `${pyInt(eta / 60)}:${pad2(eta % 60)}`;
        else etaFormat = `${pyInt(eta)}s`;
        info = ` \x1b[1m${etaFormat}\x1b[0m`;
      } else {
        info = ` \x1b[1m${formatFixed0(now - this.start)}s\x1b[0m`;
      }
      specialCharLen += 8;
      info += formatTime(timePerUnit, this.unitName);
      for (const k of this.valuesOrder) {
        const [sum, count] = this.values.get(k)!;
        const avg = sum / Math.max(1, count);
        info += ` - ${k}: ${Math.abs(avg) > 1e-3 ? formatFixed4(avg) : formatExp4(avg)}`;
      }
      message += info;

      const totalWidth = bar.length + info.length - specialCharLen;
      if (this.prevTotalWidth > totalWidth) message += " ".repeat(this.prevTotalWidth - totalWidth);
      if (finalize) message += "\n";
      this.write(message);
      this.prevTotalWidth = totalWidth;
    } else if (this.verbose === 2) {
      if (finalize && target !== null && target > 0) {
        const numDigits = Math.floor(Math.log10(target)) + 1;
        let info = `${String(current).padStart(numDigits)}/${target} - ${formatFixed0(now - this.start)}s`;
        info += ` -${formatTime(timePerUnit, this.unitName)}`;
        for (const k of this.valuesOrder) {
          const [sum, count] = this.values.get(k)!;
          const avg = sum / Math.max(1, count);
          // Keras compares the signed value here (not its absolute value).
          info += ` - ${k}: ${avg > 1e-3 ? formatFixed4(avg) : formatExp4(avg)}`;
        }
        this.write(`${info}\n`);
      }
    }
    this.lastUpdate = now;
  }

  /** Advances by `n` steps. */
  add(n: number, values: Iterable<readonly [string, number]> | null = null): void {
    this.update(this.seenSoFar + n, values);
  }

  /**
   * Seconds per step. The first step (compilation, warm-up) is left out of the
   * estimate once there are later steps to measure.
   */
  private estimateStepDuration(current: number, now: number): number {
    if (!current) return 0;
    let timePerUnit: number;
    if (this.timeAfterFirstStep !== null && current > 1) timePerUnit = (now - this.timeAfterFirstStep) / (current - 1);
    else timePerUnit = (now - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = now;
    return timePerUnit;
  }
}

/** " 4ms/step", " 2s/step", " 350us/step". */
export function formatTime(timePerUnit: number, unitName: string): string {
  if (timePerUnit >= 1 || timePerUnit === 0) return ` ${formatFixed0(timePerUnit)}s/${unitName}`;
  if (timePerUnit >= 1e-3) return ` ${formatFixed0(timePerUnit * 1000)}ms/${unitName}`;
  return ` ${formatFixed0(timePerUnit * 1e6)}us/${unitName}`;
}
