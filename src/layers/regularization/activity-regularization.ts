/**
 * `keras.layers.ActivityRegularization({ l1, l2 })`: the identity in the
 * forward pass; every call adds the penalty l1 * sum|y| + l2 * sum(y^2),
 * divided by the batch size, to `layer.losses` (through the base layer's
 * activity regularizer, an L1L2).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { L1L2 } from "../../regularizers/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";

export interface ActivityRegularizationOptions extends Omit<LayerOptions, "activityRegularizer"> {
  l1?: number;
  l2?: number;
}

export class ActivityRegularization extends Layer {
  declare l1: number;
  declare l2: number;

  constructor(options: ActivityRegularizationOptions = {}) {
    const { l1 = 0.0, l2 = 0.0, ...base } = options;
    if ((base as LayerOptions).activityRegularizer !== undefined) {
      throw new ValueError("ActivityRegularization sets its own activity regularizer from `l1` and `l2`; `activityRegularizer` cannot be passed.");
    }
    super({ ...base, activityRegularizer: new L1L2({ l1, l2 }) });
    this.l1 = l1;
    this.l2 = l2;
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return inputs;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  /** Keras drops the derived activity_regularizer from the config: l1 and l2 say it all. */
  override getConfig(): Record<string, any> {
    const { activity_regularizer: _dropped, ...base } = super.getConfig();
    return { ...base, l1: this.l1, l2: this.l2 };
  }

  static override fromConfig(config: Record<string, any>): ActivityRegularization {
    return new ActivityRegularization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "ActivityRegularization", ActivityRegularization);
