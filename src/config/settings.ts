/**
 * `keras.config`: global settings. As in Keras, defaults come from
 * `$KERAS_HOME/keras.json` (or `~/.keras/keras.json`) when that file exists —
 * read only in Node, through `process.getBuiltinModule` so the core imports
 * nothing Node-specific and still runs in browsers.
 */
import { ValueError } from "../engine/errors.js";

export type ImageDataFormat = "channels_last" | "channels_first";

interface Settings {
  floatx: "float32" | "float64";
  epsilon: number;
  imageDataFormat: ImageDataFormat;
  interactiveLogging: boolean;
}

let settings: Settings | null = null;

function readKerasJson(): Record<string, unknown> | null {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => any } }).process;
  if (!proc?.getBuiltinModule) return null;
  try {
    const fs = proc.getBuiltinModule("fs");
    const path = proc.getBuiltinModule("path");
    const os = proc.getBuiltinModule("os");
    const home = proc.env?.KERAS_HOME ?? path.join(os.homedir(), ".keras");
    const file = path.join(home, "keras.json");
    if (!fs.existsSync(file)) return null;
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    // An unreadable or malformed keras.json is ignored, as Keras does.
    return null;
  }
}

function current(): Settings {
  if (settings) return settings;
  const json = readKerasJson() ?? {};
  const fmt = json.image_data_format;
  const fx = json.floatx;
  settings = {
    floatx: fx === "float64" ? "float64" : "float32",
    epsilon: typeof json.epsilon === "number" ? json.epsilon : 1e-7,
    imageDataFormat: fmt === "channels_first" ? "channels_first" : "channels_last",
    interactiveLogging: true,
  };
  return settings;
}

export function floatx(): "float32" | "float64" {
  return current().floatx;
}

export function setFloatx(value: string): void {
  if (value !== "float32" && value !== "float64") {
    throw new ValueError(`Unknown floatx type: ${value}. Expected one of float32, float64 (float16/bfloat16 are not supported by this engine).`);
  }
  current().floatx = value;
}

export function epsilon(): number {
  return current().epsilon;
}

export function setEpsilon(value: number): void {
  current().epsilon = value;
}

export function imageDataFormat(): ImageDataFormat {
  return current().imageDataFormat;
}

export function setImageDataFormat(value: string): void {
  const v = String(value).toLowerCase();
  if (v !== "channels_last" && v !== "channels_first") {
    throw new ValueError(`The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${value}`);
  }
  current().imageDataFormat = v;
}

/** Normalises a layer's `data_format` argument (null -> the global default), with Keras's error. */
export function standardizeDataFormat(value: unknown): ImageDataFormat {
  if (value === null || value === undefined) return imageDataFormat();
  const v = String(value).toLowerCase();
  if (v !== "channels_last" && v !== "channels_first") {
    throw new ValueError(`The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${String(value)}`);
  }
  return v;
}

export function backend(): string {
  return "typescript";
}

export function enableInteractiveLogging(): void {
  current().interactiveLogging = true;
}

export function disableInteractiveLogging(): void {
  current().interactiveLogging = false;
}

export function isInteractiveLoggingEnabled(): boolean {
  return current().interactiveLogging;
}

/** Forgets cached settings so keras.json is read again (tests use this). */
export function resetSettings(): void {
  settings = null;
}
