/**
 * JSON text as Python's `json.dumps` writes it (", " and ": " separators),
 * for `model.toJson()`. Values are written as JSON.stringify would, except
 * that non-finite numbers become NaN / Infinity / -Infinity as in Python.
 */
export function toPythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toPythonJson).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${toPythonJson(v)}`).join(", ")}}`;
  }
  return JSON.stringify(String(value));
}
