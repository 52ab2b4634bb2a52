/**
 * `keras.layers.Pipeline(layers, { name })`: applies layers one after the
 * other. Unlike Sequential it is a plain layer, not a Model, and it passes
 * its inputs through unconverted, so a pipeline of lookup / hashing layers
 * can take JS string arrays. As in Keras, `training` defaults to true (random
 * augmentation layers are active unless `{ training: false }` is passed), and
 * each layer's output mask is handed to the next layer.
 */
import { ValueError } from "../../engine/errors.js";
import { isTensor } from "../../engine/tensor.js";
import { deserializeKerasObject, serializeKerasObject } from "../../saving/serialization-lib.js";
import { registerBuiltin, Serializable } from "../../saving/object-registration.js";
import { mapStructure } from "../../utils/tree.js";
import { isKerasTensor } from "../keras-tensor.js";
import { CallKwargs, isLayer, Layer } from "../layer.js";
import { pyRepr } from "../py-format.js";

export class Pipeline extends Layer {
  declare _pipelineLayers: Layer[];

  constructor(layers: Layer[], options: { name?: string | null } = {}) {
    super({ name: options.name ?? undefined });
    if (!Array.isArray(layers) || !layers.every(isLayer)) {
      throw new ValueError(`Pipeline: \`layers\` must be a list of layers. Received: layers=${pyRepr(layers)}`);
    }
    this._pipelineLayers = layers.slice();
    this._convertInputArgs = false;
    this._allowNonTensorPositionalArgs = true;
  }

  get layers(): Layer[] {
    return this._pipelineLayers;
  }

  override call(inputs: unknown, kwargs: CallKwargs = {}): any {
    const training = kwargs.training ?? true;
    let mask = kwargs.mask ?? null;
    let outputs: unknown = inputs;
    for (const layer of this._pipelineLayers) {
      const layerKwargs: CallKwargs = {};
      if (layer._callHasMaskArg && mask !== null) layerKwargs.mask = mask;
      if (layer._callHasTrainingArg) layerKwargs.training = training;
      outputs = layer.apply(inputs, layerKwargs);
      inputs = outputs;
      mask = mapStructure((t: unknown) => (isTensor(t) || isKerasTensor(t) ? t.kerasMask ?? null : null), outputs);
      if ((Array.isArray(mask) ? mask : [mask]).every((m) => m === null)) mask = null;
    }
    return outputs;
  }

  override getConfig(): Record<string, any> {
    return { layers: this._pipelineLayers.map((l) => serializeKerasObject(l)), name: this.name };
  }

  static override fromConfig(config: Record<string, any>, customObjects?: Record<string, Serializable> | Map<string, Serializable>): Pipeline {
    const layers = config.layers;
    if (!Array.isArray(layers)) {
      throw new ValueError(
        `\`Pipeline\` config must contain a \`layers\` key mapping to a list of serialized layers. Received config with layers=${pyRepr(layers)}.`,
      );
    }
    return new Pipeline(
      layers.map((l) => deserializeKerasObject(l, { customObjects })),
      { name: config.name ?? null },
    );
  }
}

registerBuiltin("keras.layers", "Pipeline", Pipeline);
