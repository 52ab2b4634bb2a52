/** The normalization layers (re-exported by src/layers/index.ts). */
export { BatchNormalization } from "./batch-normalization.js";
export type { BatchNormalizationOptions } from "./batch-normalization.js";
export { LayerNormalization } from "./layer-normalization.js";
export type { LayerNormalizationOptions } from "./layer-normalization.js";
export { GroupNormalization } from "./group-normalization.js";
export type { GroupNormalizationOptions } from "./group-normalization.js";
export { RMSNormalization } from "./rms-normalization.js";
export type { RMSNormalizationOptions } from "./rms-normalization.js";
export { UnitNormalization } from "./unit-normalization.js";
export type { UnitNormalizationOptions } from "./unit-normalization.js";
export { SpectralNormalization } from "./spectral-normalization.js";
export type { SpectralNormalizationOptions } from "./spectral-normalization.js";
