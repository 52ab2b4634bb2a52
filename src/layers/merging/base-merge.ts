/**
 * `Merge`: the base of the layers that combine a list of tensors elementwise
 * (Add, Subtract, Multiply, Average, Maximum, Minimum; Concatenate and Dot
 * reuse its list handling). As in Keras:
 * - the layer is called on ONE argument, a list of tensors;
 * - shapes (batch axis excluded) broadcast numpy-style; when the ranks differ,
 *   the lower-rank inputs get size-1 axes inserted after the batch axis;
 * - all known batch sizes must agree;
 * - the output mask is the OR of the input masks, or null as soon as one input
 *   has no mask.
 */
import { ValueError } from "../../engine/errors.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import { expandDims } from "../../ops/shape/dims.js";
import { broadcastTo } from "../../ops/shape/broadcast-to.js";
import { logicalOr } from "../../ops/math/comparison.js";
import { any } from "../../ops/reduction/statistics.js";
import { where } from "../../ops/math/select.js";
import { KerasTensor, isKerasTensor } from "../keras-tensor.js";
import { CallKwargs, Layer, LayerOptions } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";

export type Shape = readonly (number | null)[];
type Mask = Tensor | null;

/** A list of shapes as Python prints it: [(None, 3), (None, 4)]. */
export function pyShapeList(shapes: unknown): string {
  if (!Array.isArray(shapes)) return pyRepr(shapes);
  if (shapes.length && isShape(shapes)) return pyShape(shapes);
  return `[${shapes.map((s) => (isShape(s) ? pyShape(s) : pyRepr(s))).join(", ")}]`;
}

export function isShape(x: unknown): x is Shape {
  return Array.isArray(x) && x.every((d) => d === null || typeof d === "number");
}

/** A list of tensors as a message fragment. */
export function describeInputs(inputs: unknown): string {
  if (!Array.isArray(inputs)) return isTensor(inputs) || isKerasTensor(inputs) ? `tensor of shape ${pyShape(inputs.shape)}` : pyRepr(inputs);
  return `[${inputs.map((x) => (isTensor(x) || isKerasTensor(x) ? `<tensor shape=${pyShape(x.shape)}>` : pyRepr(x))).join(", ")}]`;
}

/**
 * The broadcast of two shapes without their batch axes (Keras's
 * `_compute_elemwise_op_output_shape`): aligned on the right, 1 stretches,
 * an unknown size stays unknown. null (unknown rank) absorbs everything.
 */
export function elementwiseShape(shape1: Shape | null, shape2: Shape | null): (number | null)[] | null {
  if (shape1 === null || shape2 === null) return null;
  if (shape1.length < shape2.length) return elementwiseShape(shape2, shape1);
  if (shape2.length === 0) return shape1.slice();
  const lead = shape1.length - shape2.length;
  const out = shape1.slice(0, lead);
  shape2.forEach((j, k) => {
    const i = shape1[lead + k];
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else if (i !== j) throw new ValueError(`Inputs have incompatible shapes. Received shapes ${pyShape(shape1)} and ${pyShape(shape2)}`);
    else out.push(i);
  });
  return out;
}

export abstract class Merge extends Layer {
  /** Whether the inputs' ranks differ, so that size-1 axes must be inserted before merging. */
  declare _reshapeRequired: boolean;

  constructor(options: LayerOptions = {}) {
    super(options);
    this.supportsMasking = true;
    this._reshapeRequired = false;
  }

  /** Combines the inputs (already of equal rank); `masks` are the inputs' Keras masks (null where none). */
  protected abstract mergeFunction(inputs: Tensor[], masks: Mask[]): Tensor;

  /** Keras's shape validation: a list of shapes, one batch size, broadcastable shapes. */
  override build(inputShape: unknown): void {
    if (!Array.isArray(inputShape) || !Array.isArray(inputShape[0])) {
      throw new ValueError(`A merge layer should be called on a list of inputs. Received: input_shape=${pyShapeList(inputShape)} (not a list of shapes)`);
    }
    const shapes = inputShape as Shape[];
    this.mergedShape(shapes);
    this._reshapeRequired = new Set(shapes.map((s) => s.length)).size !== 1;
  }

  /** The output shape without batch axis; throws Keras's errors on mismatched batch sizes or shapes. */
  protected mergedShape(shapes: readonly (Shape | null)[]): (number | null)[] | null {
    if (shapes.length < 1) {
      throw new ValueError(
        `A merge layer should be called on a list of at least 1 input. Received ${shapes.length} inputs. Full input_shape received: ${pyShapeList(shapes)}`,
      );
    }
    const batchSizes = new Set(shapes.filter((s) => s && s.length).map((s) => s![0]).filter((d) => d !== null));
    if (batchSizes.size > 1) {
      throw new ValueError(`Cannot merge tensors with different batch sizes. Received tensors with shapes ${pyShapeList(shapes)}`);
    }
    let out: (number | null)[] | null = shapes[0] ? shapes[0].slice(1) : null;
    for (let i = 1; i < shapes.length; i++) out = elementwiseShape(out, shapes[i] ? shapes[i]!.slice(1) : null);
    return out;
  }

  override call(inputs: Tensor[], kwargs: CallKwargs = {}): Tensor {
    if (!Array.isArray(inputs)) {
      throw new ValueError(`A merge layer should be called on a list of inputs. Received: inputs=${describeInputs(inputs)} (not a list of tensors)`);
    }
    const masks = inputMasks(inputs, kwargs.mask);
    if (!this._reshapeRequired && new Set(inputs.map((x) => x.rank)).size === 1) return this.mergeFunction(inputs, masks);
    // Different ranks: insert size-1 axes after the batch axis until every input has the highest rank.
    const maxRank = Math.max(...inputs.map((x) => x.rank));
    const expanded = inputs.map((x) => {
      let y = x;
      while (y.rank < maxRank) y = expandDims(y, 1);
      return y;
    });
    return this.mergeFunction(expanded, masks);
  }

  override computeOutputShape(inputShape: readonly (Shape | null)[]): (number | null)[] {
    if (!Array.isArray(inputShape)) {
      throw new ValueError(`A merge layer should be called on a list of inputs. Received: input_shape=${pyShapeList(inputShape)}`);
    }
    const rest = this.mergedShape(inputShape) ?? [];
    const batchSizes = [...new Set(inputShape.filter((s) => s !== null).map((s) => s![0]).filter((d) => d !== null && d !== undefined))];
    return [batchSizes.length === 1 ? batchSizes[0] : null, ...rest];
  }

  override computeOutputSpec(inputs: KerasTensor[]): KerasTensor {
    if (!Array.isArray(inputs)) {
      throw new ValueError(`A merge layer should be called on a list of inputs. Received: inputs=${describeInputs(inputs)} (not a list of tensors)`);
    }
    return new KerasTensor(this.computeOutputShape(inputs.map((x) => x.shape)), {
      dtype: this.computeDtype,
      sparse: inputs.every((x) => x.sparse),
    });
  }

  /** The OR of the input masks; null when no masks are given or any input has none. */
  override computeMask(inputs: unknown, mask: unknown = null): any {
    if (mask === null || mask === undefined) return null;
    checkMaskLists(inputs, mask);
    const masks = mask as (Tensor | KerasTensor | null)[];
    if (masks.some((m) => m === null || m === undefined)) return null;
    return masks.slice(1).reduce((acc, m) => logicalOr(acc as Tensor, m as Tensor), masks[0]);
  }

  /**
   * Keras's `_apply_merge_op_and_or_mask` (Maximum, Minimum): a masked entry
   * takes the running result's value (or gives way to the next input), so that
   * masked values never win; the output's mask is the OR of the masks and is
   * attached only when every input has one.
   */
  protected mergeWithMasks(op: (a: Tensor, b: Tensor) => Tensor, inputs: Tensor[], masks: Mask[]): Tensor {
    let output: Tensor | null = null;
    let outputMask: Tensor | null = null;
    inputs.forEach((input, i) => {
      let x = input;
      const mask = masks[i] ? broadcastTo(expandDims(masks[i]!, -1), x.shape) : null;
      if (output === null) {
        output = x;
        outputMask = mask;
        return;
      }
      if (mask) x = where(mask, x, output);
      if (outputMask) output = where(outputMask, output, x);
      outputMask = mask && outputMask ? logicalOr(outputMask, mask) : null;
      output = op(output, x);
    });
    const out = output as unknown as Tensor;
    if (outputMask) out.kerasMask = any(outputMask, { axis: -1 }) as never;
    return out;
  }
}

/** The Keras mask of each input: from the `mask` call argument, else from the tensor itself. */
function inputMasks(inputs: Tensor[], mask: unknown): Mask[] {
  return inputs.map((x, i) => {
    const given = Array.isArray(mask) ? mask[i] : null;
    if (given !== null && given !== undefined) return given as Tensor;
    return (x.kerasMask as Tensor | null | undefined) ?? null;
  });
}

/** Keras's argument checks of `compute_mask` for list inputs. */
export function checkMaskLists(inputs: unknown, mask: unknown): void {
  if (!Array.isArray(mask)) throw new ValueError(`\`mask\` should be a list. Received: mask=${describeInputs(mask)}`);
  if (!Array.isArray(inputs)) throw new ValueError(`\`inputs\` should be a list. Received: inputs=${describeInputs(inputs)}`);
  if (mask.length !== inputs.length) {
    throw new ValueError(
      "The lists `inputs` and `mask` should have the same length. " +
        `Received: inputs=${describeInputs(inputs)} of length ${inputs.length}, and mask=${describeInputs(mask)} of length ${mask.length}`,
    );
  }
}
