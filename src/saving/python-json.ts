/**
 * JSON text as Python's `json.dumps` writes a Keras config (", " and ": "
 * separators), for `model.toJson()` and the `config.json` of `.keras` files,
 * so that files keras-ts writes diff cleanly against Keras's.
 *
 * Numbers are written as Python writes them: a non-integral number is a
 * Python float and gets `repr(float)` (`1e-07`, `0.0001`, `1e+16`); an
 * integral number is an int (`2`) unless Keras holds that config entry as a
 * float (python-float-keys.ts), then it is `2.0`. Non-finite numbers become
 * NaN / Infinity / -Infinity as in Python.
 */
import { pythonFloatConfigKeys } from "./python-float-keys.js";

/** Python's `repr(float)`: shortest round-trip digits, fixed notation for exponents -4..15, else `d.ddde±XX`. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without digits gives the shortest digits that round-trip, as repr does.
  const [mantissa, exponentText] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  if (exponent < -4 || exponent >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const expDigits = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${digits[0]}${frac}e${exponent < 0 ? "-" : "+"}${expDigits}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fracPart = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fracPart || "0"}`;
}

function pythonNumber(x: number, isFloat: boolean): string {
  if (!Number.isFinite(x) || !Number.isInteger(x) || isFloat || Object.is(x, -0)) return pythonFloatRepr(x);
  return JSON.stringify(x);
}

/** A Keras envelope `{ module, class_name, config }`: the config keys it holds as floats. */
function floatKeysOf(obj: Record<string, unknown>): readonly string[] {
  const config = obj.config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) return [];
  return pythonFloatConfigKeys(obj.module, obj.class_name);
}

function write(value: unknown, isFloat: boolean): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return pythonNumber(value, isFloat);
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  // A tuple under a float key (a `factor` range, say) holds floats too.
  if (Array.isArray(value)) return `[${value.map((v) => write(v, isFloat)).join(", ")}]`;
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const floatKeys = floatKeysOf(obj);
    const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
    const text = entries.map(([k, v]) => {
      const inner = k === "config" && floatKeys.length > 0 ? writeConfig(v as Record<string, unknown>, floatKeys) : write(v, false);
      return `${JSON.stringify(k)}: ${inner}`;
    });
    return `{${text.join(", ")}}`;
  }
  return JSON.stringify(String(value));
}

function writeConfig(config: Record<string, unknown>, floatKeys: readonly string[]): string {
  const entries = Object.entries(config).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${write(v, floatKeys.includes(k))}`).join(", ")}}`;
}

/** `json.dumps(value)` of a Keras config, numbers as Python writes them. */
export function toPythonJson(value: unknown): string {
  return write(value, false);
}
