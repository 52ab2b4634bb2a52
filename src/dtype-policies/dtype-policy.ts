/**
 * `keras.DTypePolicy`: the dtype a layer computes in and the dtype of its
 * variables. "float32" / "float64" use that dtype for both; "mixed_float16"
 * and "mixed_bfloat16" mean half-precision compute with float32 variables.
 *
 * The engine has no float16 / bfloat16 storage yet, so those policies are
 * accepted (names and configs round-trip unchanged, as Keras writes them) but
 * compute in float32: `computeDtype` and `variableDtype` report what the
 * engine really uses, `name` what was asked for.
 */
import { DType, isFloat, standardizeDType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { floatx } from "../config/settings.js";
import { isSymbolic } from "../ops/op.js";
import { cast } from "../ops/core/cast.js";
import { registerBuiltin } from "../saving/object-registration.js";

/** Half-precision names the engine stores widened to float32. */
const HALF_PRECISION = new Set(["float16", "bfloat16", "half"]);

function parseName(name: unknown): { compute: DType; variable: DType } {
  if (typeof name !== "string") {
    throw new TypeError(`'name' must be a string, such as 'mixed_float16'. Received: name=${String(name)} (of type ${typeof name})`);
  }
  if (name === "mixed_float16" || name === "mixed_bfloat16") return { compute: "float32", variable: "float32" };
  if (HALF_PRECISION.has(name)) return { compute: "float32", variable: "float32" };
  try {
    const dtype = standardizeDType(name, "DTypePolicy");
    return { compute: dtype, variable: dtype };
  } catch {
    throw new ValueError(
      `Cannot convert '${name}' to a mixed precision DTypePolicy. Valid policies include 'mixed_float16', 'mixed_bfloat16', ` +
        `and the name of any float dtype such as 'float32'.`,
    );
  }
}

export class DTypePolicy {
  readonly name: string;
  /** The dtype layer computations run in. */
  readonly computeDtype: DType;
  /** The dtype of the layer's variables. */
  readonly variableDtype: DType;
  readonly quantizationMode: string | null = null;

  constructor(name: string | { name?: string | null } | null = null) {
    if (name !== null && typeof name === "object") name = name.name ?? null;
    const resolved = name ?? dtypePolicy().name;
    const { compute, variable } = parseName(resolved);
    this.name = resolved;
    this.computeDtype = compute;
    this.variableDtype = variable;
  }

  get isQuantized(): boolean {
    return false;
  }

  /**
   * Keras's `convert_input`: casts floating-point tensors (and KerasTensors)
   * to `dtype` when `autocast` is on; other values pass through unchanged.
   */
  convertInput<T>(x: T, autocast: boolean, dtype: DType | string): T {
    const target = standardizeDType(dtype, "DTypePolicy.convertInput");
    if (isTensor(x) || isSymbolic(x)) {
      const xd = (x as unknown as Tensor).dtype;
      if (autocast && isFloat(xd) && xd !== target) return cast(x as unknown as Tensor, target) as unknown as T;
    }
    return x;
  }

  getConfig(): { name: string } {
    return { name: this.name };
  }

  static fromConfig(config: { name?: string }): DTypePolicy {
    return new DTypePolicy(config.name ?? null);
  }

  toString(): string {
    return `<DTypePolicy "${this.name}">`;
  }
}

registerBuiltin("keras", "DTypePolicy", DTypePolicy);

let globalPolicy: DTypePolicy | null = null;

/** `keras.config.dtypePolicy()`: the global default policy (floatx unless set). */
export function dtypePolicy(): DTypePolicy {
  if (globalPolicy) return globalPolicy;
  return new DTypePolicy(floatx());
}

/** `keras.config.setDtypePolicy(policy)`: a DTypePolicy or a policy name; null resets to floatx. */
export function setDtypePolicy(policy: DTypePolicy | string | null): void {
  if (policy === null) {
    globalPolicy = null;
    return;
  }
  if (typeof policy === "string") policy = new DTypePolicy(policy);
  if (!(policy instanceof DTypePolicy)) {
    throw new ValueError(
      `Invalid \`policy\` argument. Expected the string name of a policy (such as 'mixed_float16') or a \`DTypePolicy\` instance. ` +
        `Received: policy=${String(policy)} (of type ${typeof policy})`,
    );
  }
  globalPolicy = policy;
}
