/** Keras's preprocessing layers implemented by keras-ts (numeric, categorical and image resizing). */
export { Normalization } from "./normalization.js";
export type { NormalizationOptions, AdaptData } from "./normalization.js";
export { Rescaling } from "./rescaling.js";
export { Resizing } from "./resizing.js";
export type { ResizingOptions } from "./resizing.js";
export { CenterCrop } from "./center-crop.js";
export type { CenterCropOptions } from "./center-crop.js";
export { CategoryEncoding } from "./category-encoding.js";
export type { CategoryEncodingOptions } from "./category-encoding.js";
export { Discretization } from "./discretization.js";
export type { DiscretizationOptions } from "./discretization.js";
export { RandomFlip } from "./random-flip.js";
export type { RandomFlipOptions } from "./random-flip.js";
