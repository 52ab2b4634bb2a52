/**
 * The image ops compute on channels-last batches: this brings a rank-3
 * (one image) or rank-4 (a batch) tensor in either data format to
 * (batch, height, width, channels) and returns the function that puts a
 * result of that layout back into the caller's layout.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { formatShape } from "../../engine/shape.js";
import { imageDataFormat, standardizeDataFormat, ImageDataFormat } from "../../config/settings.js";
import { expandDims, squeeze } from "../shape/dims.js";
import { transpose } from "../shape/transpose.js";

export interface ChannelsLastBatch {
  /** (batch, height, width, channels). */
  x: Tensor;
  /** Turns a (batch, h, w, c) result back into the input's rank and data format. */
  restore: (y: Tensor) => Tensor;
}

export function resolveDataFormat(dataFormat: unknown): ImageDataFormat {
  return dataFormat === null || dataFormat === undefined ? imageDataFormat() : standardizeDataFormat(dataFormat);
}

export function checkImageRank(images: Tensor, opName: string): void {
  if (images.rank !== 3 && images.rank !== 4) {
    throw new ValueError(
      `ops.image.${opName}: Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). ` +
        `Received input with shape: images.shape=${formatShape(images.shape)}`,
    );
  }
}

export function toChannelsLastBatch(images: Tensor, dataFormat: ImageDataFormat, opName: string): ChannelsLastBatch {
  checkImageRank(images, opName);
  const unbatched = images.rank === 3;
  let x = unbatched ? expandDims(images, 0) : images;
  const channelsFirst = dataFormat === "channels_first";
  if (channelsFirst) x = transpose(x, [0, 2, 3, 1]);
  const restore = (y: Tensor): Tensor => {
    let out = channelsFirst ? transpose(y, [0, 3, 1, 2]) : y;
    if (unbatched) out = squeeze(out, 0);
    return out;
  };
  return { x, restore };
}
