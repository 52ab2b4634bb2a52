/** `keras.ops.image`: geometric sampling, colour spaces and blurring of image tensors. */
export { affineTransform } from "./affine-transform.js";
export { rgbToGrayscale, rgbToHsv, hsvToRgb } from "./color.js";
export { gaussianBlur } from "./gaussian-blur.js";
export { perspectiveTransform } from "./perspective-transform.js";
export { elasticTransform } from "./elastic-transform.js";
export { mapCoordinates } from "./map-coordinates.js";
