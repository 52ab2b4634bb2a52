/** Name conversions between Keras's Python spelling and TypeScript's. */

/** "GlobalAveragePooling2D" -> "global_average_pooling2d", "SimpleRNN" -> "simple_rnn" (Keras's to_snake_case). */
export function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z]+)/g, "$1_$2");
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  // Keras: names starting with "_" are made public-looking.
  return insecure.startsWith("_") ? "private" + insecure : insecure;
}

/** "use_bias" -> "useBias". */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** "useBias" -> "use_bias". */
export function camelToSnake(key: string): string {
  return key.replace(/([A-Z])/g, (c) => "_" + c.toLowerCase());
}

/**
 * Turns a Keras config (snake_case keys) into constructor options (camelCase
 * keys). Only the top-level keys change: values (nested configs, strings) are
 * passed through untouched.
 */
export function configToOptions(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[snakeToCamel(k)] = v;
  return out;
}
