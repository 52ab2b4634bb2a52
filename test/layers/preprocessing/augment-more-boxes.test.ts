/** MaxNumBoundingBoxes: boxes and labels cut or padded to max_number; everything else passes through. Envelope round trips of the new layers. */
import { describe, expect, it } from "vitest";
import { ops, Tensor } from "../../../src/index.js";
import {
  AugMix, ContrastLimitedAdaptiveHistogramEqualization, MaxNumBoundingBoxes, RandAugment, RandomElasticTransform,
} from "../../../src/layers/preprocessing/index.js";
import { deserializeKerasObject, serializeKerasObject } from "../../../src/saving/serialization-lib.js";
import { runLayerTest } from "../../utils/layer-test.js";

const BOXES = [[[2, 1, 4, 3], [6, 4, 8, 6], [0, 0, 5, 5]], [[1, 1, 2, 2], [3, 3, 4, 4], [5, 5, 6, 6]]];
const LABELS = [[1, 2, 3], [4, 5, 6]];

describe("MaxNumBoundingBoxes", () => {
  it("contract harness (images pass through)", () => {
    runLayerTest({ layerCls: MaxNumBoundingBoxes, initArgs: [40], initKwargs: { fillValue: -1 }, inputShape: [2, 12, 12, 3], expectedOutputShape: [2, 12, 12, 3] });
  });

  it("pads with fill_value up to max_number", () => {
    const layer = new MaxNumBoundingBoxes(5, { fillValue: -7, boundingBoxFormat: "xyxy" });
    const images = ops.ones([2, 4, 4, 3]);
    const out = layer.apply({ images, labels: ops.convertToTensor([0, 1]), bounding_boxes: { boxes: BOXES, labels: LABELS } }) as Record<string, any>;
    expect(out.images).toBe(images);
    expect(out.labels.toArray()).toEqual([0, 1]);
    const pad = [-7, -7, -7, -7];
    expect(out.bounding_boxes.boxes.toArray()).toEqual(BOXES.map((b) => [...b, pad, pad]));
    expect(out.bounding_boxes.labels.toArray()).toEqual(LABELS.map((l) => [...l, -7, -7]));
  });

  it("keeps the first max_number boxes; unbatched images take unbatched boxes", () => {
    const layer = new MaxNumBoundingBoxes(2, { boundingBoxFormat: "xyxy" });
    const out = layer.apply({ images: ops.ones([1, 4, 4, 3]), bounding_boxes: { boxes: BOXES.slice(0, 1), labels: LABELS.slice(0, 1) } }) as Record<string, any>;
    expect(out.bounding_boxes.boxes.toArray()).toEqual([BOXES[0].slice(0, 2)]);
    expect(out.bounding_boxes.labels.toArray()).toEqual([[1, 2]]);
    const masks = ops.zeros([4, 4, 1]);
    const single = new MaxNumBoundingBoxes(4, { boundingBoxFormat: "xyxy" }).apply({
      images: ops.ones([4, 4, 3]), segmentation_masks: masks, bounding_boxes: { boxes: BOXES[0], labels: LABELS[0] },
    }) as Record<string, any>;
    expect(single.bounding_boxes.boxes.shape).toEqual([4, 4]);
    expect(single.bounding_boxes.labels.toArray()).toEqual([1, 2, 3, -1]);
    expect(Array.from((single.segmentation_masks as Tensor).data)).toEqual(Array.from(masks.data));
    const zero = new MaxNumBoundingBoxes(0, { boundingBoxFormat: "xyxy" }).transformBoundingBoxes({ boxes: ops.convertToTensor(BOXES), labels: ops.convertToTensor(LABELS) });
    expect(zero.boxes.shape).toEqual([2, 0, 4]);
    expect(zero.labels.shape).toEqual([2, 0]);
  });

  it("config round trip with Keras's keys; errors name the layer", () => {
    const layer = new MaxNumBoundingBoxes(10, { fillValue: -2.7, boundingBoxFormat: "xywh" });
    expect(layer.getConfig()).toMatchObject({ max_number: 10, fill_value: -2, bounding_box_format: "xywh", data_format: "channels_last" });
    expect(MaxNumBoundingBoxes.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(new MaxNumBoundingBoxes({ maxNumber: 3 }).maxNumber).toBe(3);
    const noFormat = new MaxNumBoundingBoxes(3);
    expect(() => noFormat.apply({ images: ops.ones([1, 2, 2, 1]), bounding_boxes: { boxes: BOXES.slice(0, 1), labels: LABELS.slice(0, 1) } })).toThrow(
      /MaxNumBoundingBoxes: You passed an input with a 'bounding_boxes' key, but you didn't specify a bounding box format/,
    );
    const layer3 = new MaxNumBoundingBoxes(3, { boundingBoxFormat: "xyxy" });
    expect(() => layer3.apply({ images: ops.ones([2, 2, 2, 1]), bounding_boxes: { boxes: [[1, 2, 3]], labels: [[1]] } })).toThrow(
      /MaxNumBoundingBoxes: expected boxes of shape \(batch, num_boxes, 4\)/,
    );
    expect(() => layer3.apply({ images: ops.ones([2, 2, 2, 1]), bounding_boxes: { boxes: BOXES } })).toThrow(/MaxNumBoundingBoxes: `bounding_boxes` must be a dict/);
    expect(() => new MaxNumBoundingBoxes(-1)).toThrow(/MaxNumBoundingBoxes: `max_number` must be a non-negative integer/);
  });
});

describe("the new preprocessing layers through Keras's serialization envelope", () => {
  it("serialize / deserialize by registered name keeps each config", () => {
    const layers = [
      new RandAugment({ numOps: 1, seed: 3 }),
      new AugMix({ chainDepth: 2, allOps: false }),
      new RandomElasticTransform({ scale: 0.5, fillMode: "wrap" }),
      new ContrastLimitedAdaptiveHistogramEqualization({ tileGridSize: [2, 3] }),
      new MaxNumBoundingBoxes(6, { boundingBoxFormat: "yxyx" }),
    ];
    for (const layer of layers) {
      const envelope = serializeKerasObject(layer) as Record<string, any>;
      expect(envelope).toMatchObject({ module: "keras.layers", class_name: layer.constructor.name });
      const back = deserializeKerasObject(envelope) as any;
      expect(back.constructor).toBe(layer.constructor);
      expect(back.getConfig()).toEqual(layer.getConfig());
    }
  });
});
