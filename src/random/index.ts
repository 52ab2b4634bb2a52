/** `keras.random`: seeded random tensors (Philox-4x32-10 underneath, see prng.ts). */
export { SeedGenerator, setRandomSeed, globalSeedGenerator, makeDefaultSeed, drawSeed } from "./seed-generator.js";
export type { SeedLike, SeedPair } from "./seed-generator.js";
export { uniform, normal, truncatedNormal, randint, gamma, beta, binomial, categorical } from "./distributions.js";
export { dropout } from "./dropout.js";
export { shuffle } from "./shuffle.js";
