/**
 * `keras.layers.Concatenate({ axis = -1 })`: joins a list of tensors along
 * `axis`; all other axes must match (unknown sizes match anything).
 * Masks (as in Keras): each input's mask is widened to the input's shape
 * (all true for an unmasked input), the widened masks are concatenated along
 * `axis`, and the output mask is their `any` over the last axis — so a
 * concatenation along the time axis gets the time masks side by side, and one
 * along the feature axis gets the OR of the masks.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { onesLike } from "../../ops/core/creation.js";
import { any } from "../../ops/reduction/statistics.js";
import { logicalAnd } from "../../ops/math/comparison.js";
import { expandDims } from "../../ops/shape/dims.js";
import { concatenate } from "../../ops/shape/join.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import { LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { Merge, Shape, checkMaskLists, isShape, pyShapeList } from "./base-merge.js";

export interface ConcatenateOptions extends LayerOptions {
  axis?: number;
}

function normalizedAxis(axis: number, rank: number): number {
  return ((axis % rank) + rank) % rank;
}

export class Concatenate extends Merge {
  declare axis: number;

  constructor(options: ConcatenateOptions = {}) {
    const { axis = -1, ...base } = options;
    super(base);
    if (typeof axis !== "number" || !Number.isInteger(axis)) {
      throw new ValueError(`Concatenate: \`axis\` must be an integer. Received: axis=${String(axis)}`);
    }
    this.axis = axis;
  }

  /** Keras's check: equal ranks, and equal sizes (where known) on every axis but the concatenation axis. */
  override build(inputShape: unknown): void {
    if (!Array.isArray(inputShape) || inputShape.length < 1 || !Array.isArray(inputShape[0])) {
      throw new ValueError(`A \`Concatenate\` layer should be called on a list of at least 1 input. Received: input_shape=${pyShapeList(inputShape)}`);
    }
    const shapes = inputShape as Shape[];
    const error = () =>
      new ValueError(
        `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${pyShapeList(shapes)}`,
      );
    const reduced = shapes.map((s) => s.filter((_, i) => s.length === 0 || i !== normalizedAxis(this.axis, s.length)));
    if (new Set(reduced.map((s) => s.length)).size !== 1) throw error();
    for (let axis = 0; axis < reduced[0].length; axis++) {
      const known = new Set(reduced.map((s) => s[axis]).filter((d) => d !== null));
      if (known.size > 1) throw error();
    }
  }

  protected override mergeFunction(inputs: Tensor[]): Tensor {
    return concatenate(inputs, { axis: this.axis });
  }

  /** Concatenate never inserts axes: the inputs must already have the same rank. */
  override call(inputs: Tensor[]): Tensor {
    if (!Array.isArray(inputs)) return super.call(inputs);
    return this.mergeFunction(inputs);
  }

  override computeOutputShape(inputShape: readonly (Shape | null)[]): (number | null)[] {
    if (!Array.isArray(inputShape) || !isShape(inputShape[0])) {
      throw new ValueError(`A \`Concatenate\` layer should be called on a list of inputs. Received: input_shape=${pyShapeList(inputShape)}`);
    }
    const first = inputShape[0] as Shape;
    const axis = normalizedAxis(this.axis, first.length);
    const out = first.slice();
    for (const shape of inputShape.slice(1) as Shape[]) {
      const a = out[axis];
      const b = shape[axis];
      if (a === null || b === null) {
        out[axis] = null;
        break;
      }
      out[axis] = a + b;
    }
    return out;
  }

  override computeMask(inputs: unknown, mask: unknown = null): any {
    if (mask === null || mask === undefined) return null;
    checkMaskLists(inputs, mask);
    const masks = mask as (Tensor | KerasTensor | null)[];
    if (masks.every((m) => m === null || m === undefined)) return null;
    const xs = inputs as (Tensor | KerasTensor)[];
    const widened = xs.map((x, i) => {
      const m = masks[i];
      if (m === null || m === undefined) return onesLike(x as Tensor, "bool");
      // Widened by broadcasting against an all-true tensor, which also works for symbolic shapes with unknown sizes.
      if (m.rank < x.rank) return logicalAnd(onesLike(x as Tensor, "bool"), expandDims(m as Tensor, -1));
      return m;
    });
    return any(concatenate(widened as Tensor[], { axis: this.axis }), { axis: -1 });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), axis: this.axis };
  }

  static override fromConfig(config: Record<string, any>): Concatenate {
    return new Concatenate(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Concatenate", Concatenate);
