/**
 * `keras.layers.TimeDistributed(layer)`: applies `layer` to every time step
 * of a (batch, time, ...) input with the same weights. The steps are folded
 * into the batch axis — (batch * time, ...) -> layer -> (batch, time, ...) —
 * which gives Keras's per-step results in one call of the inner layer.
 * (One difference from Keras's step loop: a layer whose training-mode output
 * depends on the whole batch, such as BatchNormalization, sees batch * time
 * samples at once instead of one step's batch.)
 *
 * A mask (batch, time, ...) is folded the same way and passed to the inner
 * layer when its `call` takes one; `training` is passed through. The output
 * keeps the input's mask. The weights are the inner layer's.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { mapStructure } from "../../utils/tree.js";
import { KerasTensor, isKerasTensor } from "../keras-tensor.js";
import { CallKwargs, Layer, LayerOptions } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";
import { Wrapper } from "../core/wrapper.js";

type Shape = readonly (number | null)[];

export class TimeDistributed extends Wrapper {
  constructor(layer: Layer, options: LayerOptions = {}) {
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Please initialize \`TimeDistributed\` layer with a \`keras.layers.Layer\` instance. Received: ${pyRepr(layer)}`);
    }
    super(layer, options);
    this.supportsMasking = true;
  }

  /** The shape the inner layer sees: (batch, ...) without the time axis. */
  private childInputShape(inputShape: unknown): (number | null)[] {
    if (!Array.isArray(inputShape) || inputShape.length < 3) {
      const shown = Array.isArray(inputShape) ? pyShape(inputShape as Shape) : pyRepr(inputShape);
      throw new ValueError(`\`TimeDistributed\` Layer should be passed an \`input_shape\` with at least 3 dimensions, received: ${shown}`);
    }
    return [inputShape[0], ...inputShape.slice(2)];
  }

  override build(inputShape: (number | null)[] | null): void {
    super.build(this.childInputShape(inputShape));
  }

  /** The inner layer's output shape(s) for one step, from its computeOutputShape or a symbolic trace of its call. */
  private childOutputShape(childShape: (number | null)[]): any {
    if (this.layer.computeOutputShape !== Layer.prototype.computeOutputShape) return this.layer.computeOutputShape(childShape);
    const spec = this.layer.computeOutputSpec(new KerasTensor(childShape, { dtype: this.layer.inputDtype }));
    return mapStructure((t) => (isKerasTensor(t) ? t.shape.slice() : t), spec);
  }

  override computeOutputShape(inputShape: Shape): any {
    const time = inputShape[1];
    const childOut = this.childOutputShape(this.childInputShape(inputShape));
    const unfold = (s: (number | null)[]) => [s[0], time, ...s.slice(1)];
    return isShapeList(childOut) ? unfold(childOut) : mapShapes(childOut, unfold);
  }

  override call(inputs: Tensor, { training = null, mask = null }: CallKwargs = {}): any {
    this.childInputShape(inputs.shape);
    const [batch, time, ...rest] = inputs.shape;
    if (mask !== null && mask !== undefined && (mask.shape[0] !== batch || mask.shape[1] !== time)) {
      throw new ValueError(
        `\`TimeDistributed\` Layer should be passed a \`mask\` of shape (${batch}, ${time}, ...), received: mask.shape=${pyShape(mask.shape)}`,
      );
    }
    const kwargs: CallKwargs = {};
    if (this.layer._callHasMaskArg && mask !== null && mask !== undefined) {
      kwargs.mask = reshape(mask, [batch * time, ...mask.shape.slice(2)]);
    }
    if (this.layer._callHasTrainingArg) kwargs.training = training;
    const outputs = this.layer.call(reshape(inputs, [batch * time, ...rest]), kwargs);
    return mapStructure((y: Tensor) => reshape(y, [batch, time, ...y.shape.slice(1)]), outputs);
  }
}

function isShapeList(x: unknown): x is (number | null)[] {
  return Array.isArray(x) && x.every((d) => d === null || typeof d === "number");
}

function mapShapes(x: any, fn: (s: (number | null)[]) => (number | null)[]): any {
  if (isShapeList(x)) return fn(x);
  if (Array.isArray(x)) return x.map((e) => mapShapes(e, fn));
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapShapes(v, fn)]));
}

registerBuiltin("keras.layers", "TimeDistributed", TimeDistributed);
