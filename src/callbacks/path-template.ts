/**
 * Python's `str.format` for checkpoint file names: `model.{epoch:02d}-{val_loss:.2f}.keras`.
 * Fields are names looked up in the values (epoch, batch, logged metrics);
 * format specs follow Python's mini-language: `[[fill]align][sign][0][width][.precision][type]`
 * with types d, f, F, e, E, g, G, %, s (or none: Python's `str()` of the value).
 */
import { ValueError } from "../engine/errors.js";
import { pyFloat, scalarValue } from "./monitor.js";

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(0)?(\d+)?(?:\.(\d+))?([dfFeEgGs%])?$/;

/** x rounded to `digits` decimals, ties to even as Python (JS's toFixed rounds exact ties up). */
function toFixedEven(x: number, digits: number): string {
  const s = x.toFixed(digits);
  const scaled = Math.abs(x) * 10 ** digits;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled) && scaled < 2 ** 52) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    return (x < 0 ? "-" : "") + (even / 10 ** digits).toFixed(digits);
  }
  return s;
}

/** Python's exponent form: at least two exponent digits ("1.5e-05"). */
function pythonExponential(x: number, digits: number): string {
  const [m, e] = x.toExponential(digits).split("e");
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

function generalFormat(x: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const exp = Number(pythonExponential(x, p - 1).split("e")[1]);
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp >= -4 && exp < p) return strip(toFixedEven(x, p - 1 - exp));
  const [m, e] = pythonExponential(x, p - 1).split("e");
  return `${strip(m)}e${e}`;
}

function formatValue(value: unknown, spec: string, field: string): string {
  const m = SPEC.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier '${spec}' for field '${field}'.`);
  const [, fill = " ", align, sign = "-", zero, widthText, precisionText, type] = m;
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  let body: string;
  let negative = false;
  if (typeof value === "string") {
    if (type && type !== "s") throw new ValueError(`Unknown format code '${type}' for object of type 'str' (field '${field}').`);
    body = precision === undefined ? value : value.slice(0, precision);
  } else {
    const x = scalarValue(value);
    negative = x < 0 || Object.is(x, -0);
    const a = Math.abs(x);
    switch (type) {
      case "d":
        if (!Number.isInteger(x)) throw new ValueError(`Unknown format code 'd' for object of type 'float' (field '${field}').`);
        body = String(a);
        break;
      case "f":
      case "F":
        body = Number.isFinite(a) ? toFixedEven(a, precision ?? 6) : Number.isNaN(a) ? "nan" : "inf";
        if (type === "F") body = body.toUpperCase();
        break;
      case "e":
      case "E":
        body = Number.isFinite(a) ? pythonExponential(a, precision ?? 6) : Number.isNaN(a) ? "nan" : "inf";
        if (type === "E") body = body.toUpperCase();
        break;
      case "g":
      case "G":
        body = generalFormat(a, precision ?? 6);
        if (type === "G") body = body.toUpperCase();
        break;
      case "%":
        body = `${toFixedEven(a * 100, precision ?? 6)}%`;
        break;
      case "s":
        throw new ValueError(`Unknown format code 's' for object of type '${Number.isInteger(x) ? "int" : "float"}' (field '${field}').`);
      default:
        // No type: str() of the value (an int stays an int, a float gets Python's repr), or 'g' with a precision.
        body = precision !== undefined ? generalFormat(a, precision) : typeof value === "number" && Number.isInteger(value) && !String(value).includes("e") ? String(a) : pyFloat(a);
    }
  }
  const signText = negative ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
  const width = widthText === undefined ? 0 : Number(widthText);
  const numeric = typeof value !== "string";
  const padChar = zero && !align ? "0" : fill;
  const effectiveAlign = align ?? (zero ? "=" : numeric ? ">" : "<");
  const total = signText.length + body.length;
  if (total >= width) return signText + body;
  const pad = padChar.repeat(width - total);
  switch (effectiveAlign) {
    case "<":
      return signText + body + pad;
    case "^": {
      const left = pad.slice(0, Math.floor(pad.length / 2));
      return left + signText + body + pad.slice(left.length);
    }
    case "=":
      return signText + pad + body;
    default:
      return pad + signText + body;
  }
}

/**
 * Fills `{name}` / `{name:spec}` fields from `values` (`{{` and `}}` are
 * literal braces). A missing name throws Keras's "Failed to format this
 * callback filepath" error.
 */
export function formatPathTemplate(template: string, values: Record<string, unknown>): string {
  let out = "";
  for (let i = 0; i < template.length; ) {
    const c = template[i];
    if (c === "{" && template[i + 1] === "{") {
      out += "{";
      i += 2;
    } else if (c === "}" && template[i + 1] === "}") {
      out += "}";
      i += 2;
    } else if (c === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) throw new ValueError(`Failed to format this callback filepath: "${template}". Reason: Single '{' encountered in format string`);
      const field = template.slice(i + 1, end);
      const colon = field.indexOf(":");
      const name = colon < 0 ? field : field.slice(0, colon);
      const spec = colon < 0 ? "" : field.slice(colon + 1);
      if (!(name in values) || values[name] === undefined) {
        throw new ValueError(`Failed to format this callback filepath: "${template}". Reason: '${name}'`);
      }
      out += formatValue(values[name], spec, name);
      i = end + 1;
    } else if (c === "}") {
      throw new ValueError(`Failed to format this callback filepath: "${template}". Reason: Single '}' encountered in format string`);
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
