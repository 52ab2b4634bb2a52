/** The regularization layers besides Dropout (re-exported by src/layers/index.ts). */
export { SpatialDropout1D, SpatialDropout2D, SpatialDropout3D } from "./spatial-dropout.js";
export type { SpatialDropoutOptions, SpatialDropout2DOptions } from "./spatial-dropout.js";
export { GaussianDropout } from "./gaussian-dropout.js";
export type { GaussianDropoutOptions } from "./gaussian-dropout.js";
export { GaussianNoise } from "./gaussian-noise.js";
export type { GaussianNoiseOptions } from "./gaussian-noise.js";
export { AlphaDropout } from "./alpha-dropout.js";
export type { AlphaDropoutOptions } from "./alpha-dropout.js";
export { ActivityRegularization } from "./activity-regularization.js";
export type { ActivityRegularizationOptions } from "./activity-regularization.js";
