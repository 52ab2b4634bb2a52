/**
 * What RandomRotation, RandomZoom, RandomTranslation and RandomShear share:
 * Keras's `fill_mode` / `interpolation` / `fill_value` arguments and their
 * checks, the seed, and the image transform itself: each layer draws a
 * (batch, 8) tensor of affine transforms (output pixel -> input position,
 * see ops.image.affineTransform) and the images are resampled with it.
 * Outputs are in the compute dtype; at inference the images pass through.
 */
import { NotImplementedError } from "../../engine/errors.js";
import { isInt } from "../../engine/dtype.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { fullLike } from "../../ops/core/creation.js";
import { concatenate } from "../../ops/shape/join.js";
import { round } from "../../ops/math/unary.js";
import { affineTransform } from "../../ops/image/affine-transform.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions } from "./base-image-preprocessing.js";

const SUPPORTED_FILL_MODES = ["reflect", "wrap", "constant", "nearest"];
const SUPPORTED_INTERPOLATIONS = ["nearest", "bilinear"];

const pyTuple = (values: readonly string[]) => `(${values.map((v) => `'${v}'`).join(", ")})`;

export interface AffineAugmentationOptions extends BaseImagePreprocessingOptions {
  fillMode?: string;
  interpolation?: string;
  seed?: number | null;
  fillValue?: number;
}

export abstract class BaseAffineAugmentation extends BaseImagePreprocessingLayer<Tensor> {
  declare fillMode: string;
  declare interpolation: string;
  declare fillValue: number;
  /** Translation and shear round integer segmentation masks back to their dtype; rotation and zoom return floats. */
  protected keepMaskDtype = false;

  constructor(options: AffineAugmentationOptions = {}) {
    const { fillMode = "reflect", interpolation = "bilinear", seed = null, fillValue = 0.0, ...base } = options;
    super(base);
    const name = this.constructor.name;
    if (!SUPPORTED_FILL_MODES.includes(fillMode)) {
      throw new NotImplementedError(`${name}: Unknown \`fill_mode\` ${fillMode}. Expected of one ${pyTuple(SUPPORTED_FILL_MODES)}.`);
    }
    if (!SUPPORTED_INTERPOLATIONS.includes(interpolation)) {
      throw new NotImplementedError(`${name}: Unknown \`interpolation\` ${interpolation}. Expected of one ${pyTuple(SUPPORTED_INTERPOLATIONS)}.`);
    }
    this.fillMode = fillMode;
    this.interpolation = interpolation;
    this.fillValue = fillValue;
    this.useSeed(seed);
  }

  /** Float32 draws (as Keras's) widened to float64, the precision the transforms are built in. */
  protected draw(shape: number[], range: readonly [number, number]): Tensor {
    return cast(this.uniformDraw(shape, range), "float64");
  }

  /** The (batch, 8) transform rows from eight (batch, 1) columns (numbers broadcast). */
  protected static rows(columns: (Tensor | number)[], like: Tensor): Tensor {
    return concatenate(columns.map((c) => (typeof c === "number" ? fullLike(like, c, "float64") : c)), { axis: 1 });
  }

  transformImages(images: Tensor, transformation: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || transformation === null) return x;
    return affineTransform(x, transformation, {
      interpolation: this.interpolation,
      fillMode: this.fillMode,
      fillValue: this.fillValue,
      dataFormat: this.dataFormat,
    });
  }

  override transformSegmentationMasks(masks: Tensor, transformation: Tensor | null, training: boolean): Tensor {
    const out = this.transformImages(masks, transformation, training);
    if (!this.keepMaskDtype || out.dtype === masks.dtype) return out;
    return cast(isInt(masks.dtype) ? round(out) : out, masks.dtype);
  }

  /** The config entries every affine augmentation has (data_format comes from the base config). */
  protected affineConfig(): Record<string, any> {
    return {
      fill_mode: this.fillMode,
      fill_value: this.fillValue,
      interpolation: this.interpolation,
      seed: this.seed,
    };
  }
}
