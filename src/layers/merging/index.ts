/** The merge layers and their functional forms (keras.layers.add, concatenate, dot, ...). */
export { Merge } from "./base-merge.js";
export { Add } from "./add.js";
export { Subtract } from "./subtract.js";
export { Multiply } from "./multiply.js";
export { Average } from "./average.js";
export { Maximum } from "./maximum.js";
export { Minimum } from "./minimum.js";
export { Concatenate } from "./concatenate.js";
export type { ConcatenateOptions } from "./concatenate.js";
export { Dot } from "./dot.js";
export type { DotAxes, DotOptions } from "./dot.js";
export { add, subtract, multiply, average, maximum, minimum, concatenate, dot } from "./functional.js";
export type { DotFunctionOptions } from "./functional.js";
