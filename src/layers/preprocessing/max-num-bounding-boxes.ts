/**
 * `keras.layers.MaxNumBoundingBoxes(maxNumber, { fillValue = -1,
 * boundingBoxFormat, dataFormat })`: gives every image exactly `maxNumber`
 * bounding boxes. Called on a dict `{ images, bounding_boxes: { boxes, labels },
 * ... }`, the boxes (batch, n, 4) and labels (batch, n) are cut to the first
 * `maxNumber` or padded with `fillValue` up to it (an unbatched image takes
 * (n, 4) boxes and (n,) labels); images, labels and segmentation masks pass
 * through unchanged, as does a plain image tensor. As in Keras, a dict with
 * bounding boxes needs `boundingBoxFormat` to be set (any format: the boxes
 * are not read, only counted).
 *
 * keras-ts has no other bounding-box support: the boxes must already be
 * dense (tensors or nested arrays, not ragged lists).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { toTensor } from "../../engine/convert.js";
import { formatShape } from "../../engine/shape.js";
import { isPlainObject } from "../../ops/op.js";
import { expandDims, squeeze } from "../../ops/shape/dims.js";
import { pad, slice } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions } from "./base-image-preprocessing.js";

export interface MaxNumBoundingBoxesOptions extends BaseImagePreprocessingOptions {
  fillValue?: number;
}

export interface BoundingBoxes {
  boxes: Tensor;
  labels: Tensor;
}

export class MaxNumBoundingBoxes extends BaseImagePreprocessingLayer<null> {
  declare maxNumber: number;
  declare fillValue: number;

  constructor(maxNumber: number | (MaxNumBoundingBoxesOptions & { maxNumber?: number }), options: MaxNumBoundingBoxesOptions = {}) {
    const opts = typeof maxNumber === "object" && maxNumber !== null ? maxNumber : { ...options, maxNumber };
    const { maxNumber: max, fillValue = -1, ...base } = opts as MaxNumBoundingBoxesOptions & { maxNumber?: number };
    super(base);
    if (typeof max !== "number" || !Number.isFinite(max) || Math.trunc(max) < 0) {
      throw new ValueError(`MaxNumBoundingBoxes: \`max_number\` must be a non-negative integer. Received: max_number=${pyRepr(max)}`);
    }
    if (typeof fillValue !== "number" || !Number.isFinite(fillValue)) {
      throw new ValueError(`MaxNumBoundingBoxes: \`fill_value\` must be a number. Received: fill_value=${pyRepr(fillValue)}`);
    }
    // Keras stores int(max_number) and int(fill_value).
    this.maxNumber = Math.trunc(max);
    this.fillValue = Math.trunc(fillValue);
  }

  getRandomTransformation(): null {
    return null;
  }

  transformImages(images: Tensor): Tensor {
    return images;
  }

  /** Cuts or pads batched boxes (batch, n, 4) and labels (batch, n) to maxNumber entries. */
  transformBoundingBoxes({ boxes, labels }: BoundingBoxes): BoundingBoxes {
    if (boxes.rank !== 3 || boxes.shape[2] !== 4 || labels.rank !== 2 || labels.shape[0] !== boxes.shape[0] || labels.shape[1] !== boxes.shape[1]) {
      throw new ValueError(
        `MaxNumBoundingBoxes: expected boxes of shape (batch, num_boxes, 4) and labels of shape (batch, num_boxes). ` +
          `Received: boxes.shape=${formatShape(boxes.shape)}, labels.shape=${formatShape(labels.shape)}`,
      );
    }
    const fit = (t: Tensor): Tensor => {
      const kept = Math.min(t.shape[1], this.maxNumber);
      const cut = slice(t, t.shape.map(() => 0), t.shape.map((d, axis) => (axis === 1 ? kept : d)));
      const widths = t.shape.map((_, axis) => (axis === 1 ? [0, this.maxNumber - kept] : [0, 0]));
      return pad(cut, widths, { mode: "constant", constantValues: this.fillValue });
    };
    return { boxes: fit(boxes), labels: fit(labels) };
  }

  override call(data: any, kwargs: { training?: boolean | null } = {}): any {
    if (!isPlainObject(data) || !("bounding_boxes" in data)) return super.call(data, kwargs);
    if (!this.boundingBoxFormat) {
      throw new ValueError(
        "MaxNumBoundingBoxes: You passed an input with a 'bounding_boxes' key, but you didn't specify a bounding box format. " +
          "Pass a `bounding_box_format` argument to your MaxNumBoundingBoxes layer, e.g. `bounding_box_format='xyxy'`.",
      );
    }
    const { bounding_boxes: given, ...rest } = data as Record<string, any>;
    if (!isPlainObject(given) || given.boxes === undefined || given.labels === undefined) {
      throw new ValueError("MaxNumBoundingBoxes: `bounding_boxes` must be a dict with `boxes` and `labels` entries.");
    }
    const out = Object.keys(rest).length > 0 ? (super.call(rest, kwargs) as Record<string, any>) : {};
    const images = rest.images as Tensor | undefined;
    const batched = images === undefined || toTensor(images).rank === 4;
    const boxes = toTensor(given.boxes);
    const labels = toTensor(given.labels);
    const fitted = batched
      ? this.transformBoundingBoxes({ boxes, labels })
      : this.transformBoundingBoxes({ boxes: expandDims(boxes, 0), labels: expandDims(labels, 0) });
    const result = batched ? fitted : { boxes: squeeze(fitted.boxes, 0), labels: squeeze(fitted.labels, 0) };
    return { ...out, bounding_boxes: { ...given, ...result } };
  }

  override getConfig(): Record<string, any> {
    // Keras's config has data_format and max_number only; keras-ts adds fill_value (a constructor argument Keras also accepts) so it survives a round trip.
    return { ...super.getConfig(), max_number: this.maxNumber, fill_value: this.fillValue };
  }

  static override fromConfig(config: Record<string, any>): MaxNumBoundingBoxes {
    const { maxNumber, ...options } = layerOptionsFromConfig(config);
    return new MaxNumBoundingBoxes(maxNumber, options);
  }
}

registerBuiltin("keras.layers", "MaxNumBoundingBoxes", MaxNumBoundingBoxes);
