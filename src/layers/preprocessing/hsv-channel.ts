/**
 * Shared by RandomSaturation and RandomHue: convert RGB images to HSV, change
 * one of the three planes, convert back (ops.image.rgbToHsv / hsvToRgb).
 */
import type { Tensor } from "../../engine/tensor.js";
import type { ImageDataFormat } from "../../config/settings.js";
import { hsvToRgb, rgbToHsv } from "../../ops/image/color.js";
import { split, stack } from "../../ops/shape/join.js";
import { squeeze } from "../../ops/shape/dims.js";

export const HUE = 0;
export const SATURATION = 1;

/** `images` with HSV plane `channel` (a tensor without the channel axis) replaced by `adjust(plane)`. */
export function adjustHsvPlane(images: Tensor, dataFormat: ImageDataFormat, channel: number, adjust: (plane: Tensor) => Tensor): Tensor {
  const axis = dataFormat === "channels_last" ? -1 : -3;
  const hsv = rgbToHsv(images, { dataFormat });
  const planes = split(hsv, 3, { axis }).map((p) => squeeze(p, axis));
  planes[channel] = adjust(planes[channel]);
  return hsvToRgb(stack(planes, { axis }), { dataFormat });
}
