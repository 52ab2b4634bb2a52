/**
 * `keras.layers.Dot(axes, { normalize = false })`: per-sample dot products of
 * two tensors, contracting axis `axes[0]` of the first with `axes[1]` of the
 * second (an int uses the same axis for both; negative axes count from the
 * end). The result has the first input's other axes, then the second's other
 * non-batch axes; two rank-2 inputs give (batch, 1). With `normalize`, both
 * inputs are L2-normalised along their contracted axis first, so the result is
 * the cosine similarity. The output never carries a mask.
 */
import { TypeError_, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { normalize } from "../../ops/nn/normalization.js";
import { moveaxis } from "../../ops/shape/dims.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";
import { Merge, Shape, describeInputs, pyShapeList } from "./base-merge.js";

export type DotAxes = number | readonly [number, number] | readonly number[];

export interface DotOptions extends LayerOptions {
  normalize?: boolean;
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/**
 * Keras's `batch_dot(x, y, axes)` with axes already non-negative: move x's
 * contracted axis last and y's to position 1, flatten the other axes into one
 * matrix per sample, multiply, then restore the other axes.
 */
export function batchDot(x: Tensor, y: Tensor, axes: [number, number]): Tensor {
  if (x.rank < 2 || y.rank < 2) {
    throw new ValueError(`Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes ${pyShape(x.shape)} and ${pyShape(y.shape)}.`);
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new ValueError(`Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes ${pyShape(x.shape)} and ${pyShape(y.shape)}.`);
  }
  const [a0, a1] = axes;
  if (a0 === 0 || a1 === 0) {
    throw new ValueError(
      "Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch dimension to your inputs using keras.ops.expand_dims(x, 0)",
    );
  }
  const depth = x.shape[a0];
  if (depth !== y.shape[a1]) {
    throw new ValueError(
      `Cannot do batch_dot on inputs with shapes ${pyShape(x.shape)} and ${pyShape(y.shape)} with axes=${pyRepr(axes)}. ` +
        `x.shape[${a0}] != y.shape[${a1}] (${depth} != ${y.shape[a1]}).`,
    );
  }
  const batch = x.shape[0];
  const xRest = x.shape.filter((_, i) => i !== 0 && i !== a0);
  const yRest = y.shape.filter((_, i) => i !== 0 && i !== a1);
  const xm = reshape(moveaxis(x, a0, -1), [batch, product(xRest), depth]);
  const ym = reshape(moveaxis(y, a1, 1), [batch, depth, product(yRest)]);
  const out = [batch, ...xRest, ...yRest];
  return reshape(matmul(xm, ym), out.length === 1 ? [batch, 1] : out);
}

export class Dot extends Merge {
  declare axes: DotAxes;
  declare normalize: boolean;

  constructor(axes: DotAxes, options: DotOptions = {}) {
    const { normalize: normalizeInputs = false, ...base } = options;
    super(base);
    if (typeof axes !== "number") {
      if (!Array.isArray(axes)) {
        throw new TypeError_(`Invalid type for argument \`axes\`: it should be a list or an int. Received: axes=${pyRepr(axes)}`);
      }
      if (axes.length !== 2) {
        throw new ValueError(`Invalid format for argument \`axes\`: it should contain two elements. Received: axes=${pyRepr(axes)}`);
      }
      if (!axes.every((a) => typeof a === "number" && Number.isInteger(a))) {
        throw new ValueError(`Invalid format for argument \`axes\`: list elements should be integers. Received: axes=${pyRepr(axes)}`);
      }
    } else if (!Number.isInteger(axes)) {
      throw new TypeError_(`Invalid type for argument \`axes\`: it should be a list or an int. Received: axes=${pyRepr(axes)}`);
    }
    this.axes = typeof axes === "number" ? axes : (axes.slice() as [number, number]);
    this.normalize = normalizeInputs;
  }

  /** The contracted axis of each input, non-negative. */
  private resolveAxes(rank1: number, rank2: number): [number, number] {
    const wrap = (a: number, rank: number) => (a < 0 ? ((a % rank) + rank) % rank : a);
    if (typeof this.axes === "number") return [wrap(this.axes, rank1), wrap(this.axes, rank2)];
    return [wrap(this.axes[0], rank1), wrap(this.axes[1], rank2)];
  }

  override build(inputShape: unknown): void {
    if (!Array.isArray(inputShape) || !Array.isArray(inputShape[0]) || inputShape.length !== 2) {
      throw new ValueError(`A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${pyShapeList(inputShape)}`);
    }
    const [shape1, shape2] = inputShape as Shape[];
    const [a0, a1] = this.resolveAxes(shape1.length, shape2.length);
    if (shape1[a0] !== shape2[a1]) {
      throw new ValueError(
        `Incompatible input shapes: axis values ${shape1[a0] ?? "None"} (at axis ${a0}) != ${shape2[a1] ?? "None"} (at axis ${a1}). ` +
          `Full input shapes: ${pyShape(shape1)}, ${pyShape(shape2)}`,
      );
    }
  }

  override call(inputs: Tensor[]): Tensor {
    if (!Array.isArray(inputs)) return super.call(inputs);
    return this.mergeFunction(inputs);
  }

  protected override mergeFunction(inputs: Tensor[]): Tensor {
    if (inputs.length !== 2) {
      throw new ValueError(`A \`Dot\` layer should be called on exactly 2 inputs. Received: inputs=${describeInputs(inputs)}`);
    }
    let [x1, x2] = inputs;
    const axes = this.resolveAxes(x1.rank, x2.rank);
    if (this.normalize) {
      x1 = normalize(x1, { axis: axes[0] });
      x2 = normalize(x2, { axis: axes[1] });
    }
    return batchDot(x1, x2, axes);
  }

  override computeOutputShape(inputShape: readonly (Shape | null)[]): (number | null)[] {
    if (!Array.isArray(inputShape) || inputShape.length !== 2) {
      throw new ValueError(`A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${pyShapeList(inputShape)}`);
    }
    const [shape1, shape2] = inputShape as Shape[];
    const [a0, a1] = this.resolveAxes(shape1.length, shape2.length);
    const out = [...shape1.filter((_, i) => i !== a0), ...shape2.filter((_, i) => i !== 0 && i !== a1)];
    return out.length === 1 ? [...out, 1] : out;
  }

  override computeMask(): null {
    return null;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), axes: typeof this.axes === "number" ? this.axes : this.axes.slice(), normalize: this.normalize };
  }

  static override fromConfig(config: Record<string, any>): Dot {
    const { axes, ...options } = layerOptionsFromConfig(config);
    return new Dot(axes, options);
  }
}

registerBuiltin("keras.layers", "Dot", Dot);
