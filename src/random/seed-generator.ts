/**
 * Seeds, as in Keras 3: `SeedGenerator` keeps its state in a non-trainable
 * Variable ("seed_generator_state", [seed, counter]) so layers can track and
 * save it; `next()` returns the current state and advances the counter.
 *
 * A random op's `seed` argument is an integer (stateless: the key [seed, 0],
 * the same values on every call), a SeedGenerator (advances it), or null (the
 * global SeedGenerator). Unseeded things (a SeedGenerator(), an initializer
 * without a seed) take a default seed from one program-wide stream, the
 * counterpart of Python's `random` module in Keras; `setRandomSeed` reseeds
 * that stream and drops the global generator, so a whole program reproduces.
 */
import { ValueError } from "../engine/errors.js";
import { Variable, withNameScope } from "../engine/variable.js";
import { registerBuiltin } from "../saving/object-registration.js";
import { PhiloxStream } from "./prng.js";

/** A key for the Philox generator: two 32-bit words. */
export type SeedPair = readonly [number, number];

/** A `seed` argument as the random ops accept it. */
export type SeedLike = number | SeedGenerator | null | undefined;

// ---- the default-seed stream (Keras: `python_random.randint(1, 1e9)`) ----
let defaultSeedStream: PhiloxStream | null = null;
const DEFAULT_SEED_STREAM_ID = 0x5eed;

function defaultSeeds(): PhiloxStream {
  if (!defaultSeedStream) {
    // Unseeded program: start from the platform's entropy, as Python's `random` does.
    const entropy = Math.floor(Math.random() * 4294967296);
    defaultSeedStream = new PhiloxStream(entropy, Date.now() >>> 0, DEFAULT_SEED_STREAM_ID);
  }
  return defaultSeedStream;
}

/** A fresh integer seed in [1, 1e9] from the program-wide stream (Keras's `make_default_seed`). */
export function makeDefaultSeed(): number {
  return 1 + defaultSeeds().nextBelow(1e9);
}

function isIntegerSeed(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x);
}

let seedGeneratorCount = 0;

/** For `clearSession`: the next unnamed SeedGenerator is "seed_generator" again. */
export function resetSeedGeneratorNames(): void {
  seedGeneratorCount = 0;
}

export interface SeedGeneratorOptions {
  seed?: number | null;
  name?: string;
}

export class SeedGenerator {
  readonly name: string;
  /** [seed, counter] as int32 (the words are used as uint32 keys). */
  readonly state: Variable;
  private readonly initialSeed: number;

  constructor(seed: number | null | SeedGeneratorOptions = null, options: { name?: string } = {}) {
    let name = options.name;
    if (seed !== null && typeof seed === "object") {
      name = seed.name ?? name;
      seed = seed.seed ?? null;
    }
    if (seed !== null && seed !== undefined && !isIntegerSeed(seed)) {
      throw new ValueError(`SeedGenerator: argument \`seed\` must be an integer. Received: seed=${String(seed)}`);
    }
    const initial = seed ?? makeDefaultSeed();
    this.initialSeed = initial;
    this.name = name ?? (seedGeneratorCount++ === 0 ? "seed_generator" : `seed_generator_${seedGeneratorCount - 1}`);
    this.state = withNameScope(this.name, () =>
      new Variable(new Int32Array([initial | 0, 0]), { shape: [2], dtype: "int32", trainable: false, name: "seed_generator_state" }),
    );
  }

  /** The current seed pair; advances the counter for the next call. */
  next(): SeedPair {
    const data = this.state.value.data;
    const pair: SeedPair = [data[0] >>> 0, data[1] >>> 0];
    this.state.assign(new Int32Array([data[0], (data[1] + 1) | 0]));
    return pair;
  }

  getConfig(): { seed: number } {
    return { seed: this.initialSeed };
  }

  static fromConfig(config: { seed?: number | null; name?: string }): SeedGenerator {
    return new SeedGenerator(config.seed ?? null, { name: config.name });
  }
}

registerBuiltin("keras.random", "SeedGenerator", SeedGenerator);

let globalGenerator: SeedGenerator | null = null;

/** The generator used by random ops called with `seed = null`. */
export function globalSeedGenerator(): SeedGenerator {
  if (!globalGenerator) globalGenerator = new SeedGenerator(null, { name: "global_seed_generator" });
  return globalGenerator;
}

/**
 * `keras.utils.setRandomSeed(seed)`: reseeds the default-seed stream and drops
 * the global SeedGenerator, so every unseeded draw that follows reproduces.
 */
export function setRandomSeed(seed: number): void {
  if (!isIntegerSeed(seed)) {
    throw new ValueError(`setRandomSeed: expected \`seed\` argument to be an integer. Received: seed=${String(seed)}`);
  }
  defaultSeedStream = new PhiloxStream(seed >>> 0, Math.floor(seed / 4294967296) >>> 0, DEFAULT_SEED_STREAM_ID);
  globalGenerator = null;
}

/** Keras's `draw_seed`: turns a `seed` argument into a key, advancing a generator when given one. */
export function drawSeed(seed: SeedLike, context = "random"): SeedPair {
  if (seed === null || seed === undefined) return globalSeedGenerator().next();
  if (seed instanceof SeedGenerator) return seed.next();
  if (isIntegerSeed(seed)) return [seed >>> 0, 0];
  throw new ValueError(
    `${context}: argument \`seed\` must be either an integer or an instance of \`SeedGenerator\`. Received: seed=${String(seed)} (of type ${typeof seed})`,
  );
}

/** A Philox stream for one draw. */
export function streamFor(seed: SeedLike, context: string): PhiloxStream {
  const [k0, k1] = drawSeed(seed, context);
  return new PhiloxStream(k0, k1);
}
