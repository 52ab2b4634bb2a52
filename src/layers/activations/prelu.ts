/**
 * `keras.layers.PReLU`: a leaky ReLU with a learned slope per entry,
 * f(x) = x for x >= 0 and alpha * x otherwise. `alpha` has the input's shape
 * without the batch axis; `sharedAxes` (1-based, as in Keras, the batch being
 * axis 0) get size 1 so the slope is shared along them.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { multiply, subtract } from "../../ops/math/arithmetic.js";
import { negative } from "../../ops/math/unary.js";
import { relu } from "../../ops/nn/activations.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";

export interface PReLUOptions extends LayerOptions {
  alphaInitializer?: unknown;
  alphaRegularizer?: unknown;
  alphaConstraint?: unknown;
  /** Axes (>= 1) along which alpha is shared; a number or a list. */
  sharedAxes?: number | number[] | null;
}

export class PReLU extends Layer {
  declare alphaInitializer: any;
  declare alphaRegularizer: any;
  declare alphaConstraint: any;
  declare sharedAxes: number[] | null;
  declare alpha: Variable | null;

  constructor(options: PReLUOptions = {}) {
    const { alphaInitializer = "Zeros", alphaRegularizer = null, alphaConstraint = null, sharedAxes = null, ...base } = options;
    super(base);
    this.alphaInitializer = initializers.get(alphaInitializer as never);
    this.alphaRegularizer = regularizers.get(alphaRegularizer as never) ?? null;
    this.alphaConstraint = constraints.get(alphaConstraint as never) ?? null;
    if (sharedAxes === null || sharedAxes === undefined) this.sharedAxes = null;
    else {
      const axes = Array.isArray(sharedAxes) ? sharedAxes.slice() : [sharedAxes];
      if (!axes.every((a) => Number.isInteger(a))) {
        throw new ValueError(`PReLU: \`shared_axes\` must be an integer or a list of integers. Received: shared_axes=${pyRepr(sharedAxes)}`);
      }
      this.sharedAxes = axes;
    }
    this.alpha = null;
    this.supportsMasking = true;
  }

  override build(inputShape: (number | null)[]): void {
    const paramShape = inputShape.slice(1);
    for (const axis of this.sharedAxes ?? []) {
      if (axis < 1 || axis >= inputShape.length) {
        throw new ValueError(
          `PReLU: \`shared_axes\` entries must be axes of the input other than the batch axis (1 to ${inputShape.length - 1}). ` +
            `Received: shared_axes=${pyRepr(this.sharedAxes)} for an input of shape ${pyShape(inputShape)}`,
        );
      }
      paramShape[axis - 1] = 1;
    }
    if (paramShape.some((d) => d === null)) {
      throw new ValueError(
        `PReLU: every non-shared input dimension must be defined to create \`alpha\`. Received input shape ${pyShape(inputShape)} ` +
          `with shared_axes=${pyRepr(this.sharedAxes)}`,
      );
    }
    this.alpha = this.addWeight({
      name: "alpha",
      shape: paramShape as number[],
      initializer: this.alphaInitializer,
      regularizer: this.alphaRegularizer,
      constraint: this.alphaConstraint,
    });
    const axes: Record<number, number | null> = {};
    if (this.sharedAxes && this.sharedAxes.length) {
      for (let i = 1; i < inputShape.length; i++) if (!this.sharedAxes.includes(i)) axes[i] = inputShape[i];
    }
    this.inputSpec = new InputSpec({ ndim: inputShape.length, axes });
  }

  override call(inputs: Tensor): Tensor {
    // relu(x) - alpha * relu(-x): the slope applies to the negative part only.
    return subtract(relu(inputs), multiply(this.alpha!.value, relu(negative(inputs))));
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      alpha_initializer: initializers.serialize(this.alphaInitializer),
      alpha_regularizer: this.alphaRegularizer ? regularizers.serialize(this.alphaRegularizer) : null,
      alpha_constraint: this.alphaConstraint ? constraints.serialize(this.alphaConstraint) : null,
      shared_axes: this.sharedAxes ? this.sharedAxes.slice() : null,
    };
  }

  static override fromConfig(config: Record<string, any>): PReLU {
    return new PReLU(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "PReLU", PReLU);
