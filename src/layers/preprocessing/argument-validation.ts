/** Keras's `argument_validation.validate_string_arg`, with its error wording. */
import { ValueError } from "../../engine/errors.js";
import { pyRepr } from "../py-format.js";

export function validateStringArg(
  value: unknown,
  allowed: readonly string[],
  caller: string,
  argName: string,
  { allowNone = false, allowCallables = false } = {},
): void {
  if (allowNone && (value === null || value === undefined)) return;
  if (allowCallables && typeof value === "function") return;
  if (typeof value === "string" && allowed.includes(value)) return;
  throw new ValueError(
    `Unknown value for \`${argName}\` argument of ${caller}. Allowed values are: (${allowed.map((a) => `'${a}'`).join(", ")}). ` +
      `Received: ${argName}=${typeof value === "string" ? value : pyRepr(value)}`,
  );
}
