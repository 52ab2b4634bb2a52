/**
 * `keras.callbacks.CSVLogger`: streams the epoch logs to a CSV file, one row
 * per epoch ("epoch" first, then the log keys in sorted order), in Python's
 * csv "excel" dialect (CRLF line ends, minimal quoting).
 *
 * Node only: the file is written through `process.getBuiltinModule("fs")`,
 * so the library itself imports nothing Node-specific.
 */
import { ValueError } from "../engine/errors.js";
import { Callback, Logs } from "./callback.js";
import { pyFloat } from "./monitor.js";

interface FsLike {
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: "utf8"): string;
  writeFileSync(path: string, data: string): void;
  appendFileSync(path: string, data: string): void;
}

function nodeFs(): FsLike {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const fs = typeof proc?.getBuiltinModule === "function" ? (proc.getBuiltinModule("fs") as FsLike | undefined) : undefined;
  if (!fs) {
    throw new ValueError(
      "CSVLogger writes files with Node's fs module (process.getBuiltinModule, Node >= 20.16); it is not available in this environment.",
    );
  }
  return fs;
}

export interface CSVLoggerOptions {
  /** Field separator (default ","). */
  separator?: string;
  /** Append to an existing file (no second header) instead of overwriting it. */
  append?: boolean;
}

export class CSVLogger extends Callback {
  readonly filename: string;
  readonly sep: string;
  readonly append: boolean;
  keys: string[] | null = null;
  private appendHeader = true;
  private headerWritten = false;
  private open = false;

  constructor(filename: string, options: CSVLoggerOptions = {}) {
    super();
    if (typeof filename !== "string" || filename === "") throw new ValueError(`CSVLogger: \`filename\` must be a non-empty string. Received: ${String(filename)}`);
    this.filename = filename;
    this.sep = options.separator ?? ",";
    this.append = options.append ?? false;
  }

  override onTrainBegin(): void {
    const fs = nodeFs();
    if (this.append) {
      this.appendHeader = !(fs.existsSync(this.filename) && fs.readFileSync(this.filename, "utf8").split("\n")[0].length > 0);
      if (!fs.existsSync(this.filename)) fs.writeFileSync(this.filename, "");
    } else {
      this.appendHeader = true;
      fs.writeFileSync(this.filename, "");
    }
    this.open = true;
    this.keys = null;
    this.headerWritten = false;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (!this.open) this.onTrainBegin();
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      // Validation metrics the model will produce later get a column now.
      for (const name of (this._model as { metricsNames?: string[] } | null)?.metricsNames ?? []) {
        if (name.startsWith("val_") && !this.keys.includes(name)) this.keys.push(name);
      }
    }
    let text = "";
    if (!this.headerWritten) {
      if (this.appendHeader) text += this.row(["epoch", ...this.keys]);
      this.headerWritten = true;
    }
    text += this.row([String(epoch), ...this.keys.map((k) => (k in logs ? formatValue(logs[k]) : "NA"))]);
    nodeFs().appendFileSync(this.filename, text);
  }

  override onTrainEnd(): void {
    this.open = false;
  }

  private row(fields: string[]): string {
    return fields.map((f) => this.quote(f)).join(this.sep) + "\r\n";
  }

  /** Python csv's minimal quoting. */
  private quote(text: string): string {
    if (text.includes(this.sep) || text.includes('"') || text.includes("\n") || text.includes("\r")) return `"${text.replace(/"/g, '""')}"`;
    return text;
  }
}

/** A log value as Python writes it: floats by repr ("2.0", "1e-05"), arrays as "[a, b]". */
function formatValue(value: unknown): string {
  if (typeof value === "number") return pyFloat(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return `"[${Array.from(value as ArrayLike<unknown>).map(String).join(", ")}]"`;
  return String(value);
}
