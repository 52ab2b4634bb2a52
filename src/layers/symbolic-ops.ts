/**
 * Raw `keras.ops` calls on KerasTensors: each call becomes an operation node
 * in the functional graph (Keras's `Add`, `NotEqual`, `Cast`... operations),
 * whose output shape and dtype are inferred by running the eager op on dummy
 * values (see output-spec.ts). One Operation class per op is created and
 * registered under Keras's module ("keras.src.ops.numpy", ".nn", ".core",
 * ".math", ".linalg") so functional configs containing ops round-trip.
 */
import * as ops from "../ops/index.js";
import { isPlainObject, setSymbolicHandler } from "../ops/op.js";
import { registerBuiltin } from "../saving/object-registration.js";
import { camelToSnake, snakeToCamel } from "../utils/naming.js";
import { collectKerasTensors } from "./output-spec.js";
import { Operation } from "./operation.js";

type OpFn = (...args: any[]) => any;

const CORE_OPS = new Set([
  "cast", "convertToTensor", "stopGradient", "slice", "sliceUpdate", "scatter", "scatterUpdate", "cond", "whileLoop",
  "foriLoop", "shape", "saturateCast", "unstack", "customGradient", "map", "scan", "associativeScan", "switch",
  "vectorizedMap", "isTensor", "convertToNumpy",
]);
const MATH_OPS = new Set([
  "segmentSum", "segmentMax", "topK", "inTopK", "logsumexp", "extractSequences", "fft", "fft2", "ifft2", "rfft",
  "irfft", "stft", "istft", "rsqrt", "erf", "erfinv", "logdet",
]);
const LINALG_OPS = new Set([
  "cholesky", "choleskyInverse", "det", "eig", "eigh", "inv", "luFactor", "norm", "qr", "solve", "solveTriangular", "svd", "lstsq",
]);

/**
 * Keras 3.15.1's Operation class names where they are not the op's name
 * capitalised (keras/src/ops/*.py): acronyms, shortened names, an alias's
 * target class. A functional config names the op by this class.
 */
const KERAS_CLASS_NAMES: Record<string, string> = {
  abs: "Absolute",
  batchNormalization: "BatchNorm",
  ctcLoss: "CTCLoss",
  fft: "FFT",
  fft2: "FFT2",
  hsvToRgb: "HSVToRGB",
  ifft2: "IFFT2",
  irfft: "IRFFT",
  istft: "ISTFT",
  layerNormalization: "LayerNorm",
  rfft: "RFFT",
  rgbToGrayscale: "RGBToGrayscale",
  rgbToHsv: "RGBToHSV",
  rmsNormalization: "RMSNorm",
  searchsorted: "SearchSorted",
  stft: "STFT",
  svd: "SVD",
};

function capitalized(opName: string): string {
  return opName.charAt(0).toUpperCase() + opName.slice(1);
}

function moduleOf(opName: string): string {
  if (CORE_OPS.has(opName)) return "keras.src.ops.core";
  if (MATH_OPS.has(opName)) return "keras.src.ops.math";
  if (LINALG_OPS.has(opName)) return "keras.src.ops.linalg";
  if (Object.prototype.hasOwnProperty.call(ops.nn, opName)) return "keras.src.ops.nn";
  if (Object.prototype.hasOwnProperty.call(ops.image, opName)) return "keras.src.ops.image";
  return "keras.src.ops.numpy";
}

/**
 * A recorded call of a `keras.ops` function. The options object of the call
 * (e.g. `{ axis: 1 }`) is the operation's config, as Keras stores op
 * constructor arguments; tensor arguments live in the node.
 */
export class SymbolicOp extends Operation {
  static opName = "";
  static fn: OpFn = () => {
    throw new Error("SymbolicOp: no op function");
  };
  /** The call's options object (camelCase keys), or null. */
  readonly options: Record<string, unknown> | null;

  constructor(config: { name?: string | null; options?: Record<string, unknown> | null } = {}) {
    super(config.name ?? null);
    this.options = config.options && Object.keys(config.options).length ? { ...config.options } : null;
  }

  get opName(): string {
    return (this.constructor as typeof SymbolicOp).opName;
  }

  override call(...args: unknown[]): unknown {
    const fn = (this.constructor as typeof SymbolicOp).fn;
    return this.options ? fn(...args, this.options) : fn(...args);
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name };
    if (this.options) for (const [k, v] of Object.entries(this.options)) config[camelToSnake(k)] = v;
    return config;
  }

  static fromConfig(config: Record<string, unknown>): SymbolicOp {
    const { name, ...rest } = config;
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) options[snakeToCamel(k)] = v;
    return new (this as unknown as new (c: object) => SymbolicOp)({ name: name as string, options });
  }

  override toString(): string {
    return `<Operation name=${this.name}>`;
  }
}

const classes = new Map<string, typeof SymbolicOp>();

/** The Operation class of one op, e.g. `Add` for `ops.add` (created and registered on first use). */
export function opClassFor(opName: string, fn: OpFn): typeof SymbolicOp {
  let cls = classes.get(opName);
  if (cls) return cls;
  const className = KERAS_CLASS_NAMES[opName] ?? capitalized(opName);
  cls = { [className]: class extends SymbolicOp {} }[className];
  cls.opName = opName;
  cls.fn = fn;
  classes.set(opName, cls);
  registerBuiltin(moduleOf(opName), className, cls);
  return cls;
}

/** Registers every public op up front so that configs naming them can be loaded. */
function registerAllOps(): void {
  // keras.ops and its sub-namespaces (nn, linalg, image, ...): every object-valued export.
  const top = ops as Record<string, unknown>;
  const namespaces = [top, ...Object.values(top).filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null)];
  for (const namespace of namespaces) {
    for (const value of Object.values(namespace)) {
      const opName = (value as { opName?: unknown })?.opName;
      if (typeof value === "function" && typeof opName === "string") opClassFor(opName, value as OpFn);
    }
  }
}

setSymbolicHandler((opName, fn, args) => {
  // A trailing options object without KerasTensors holds the op's arguments, kept in its config.
  let options: Record<string, unknown> | null = null;
  let callArgs = args;
  const last = args[args.length - 1];
  if (args.length >= 2 && isPlainObject(last) && collectKerasTensors(last).size === 0) {
    options = last;
    callArgs = args.slice(0, -1);
  }
  const op = new (opClassFor(opName, fn))({ options });
  return op.symbolicCall(...callArgs);
});

registerAllOps();
