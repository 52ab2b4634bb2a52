/**
 * `keras.layers.Wrapper(layer)`: the base of layers that take another layer
 * and change how it is applied (TimeDistributed, SpectralNormalization; not
 * Bidirectional, which Keras 3 derives from Layer). The wrapped
 * layer is tracked as a sublayer, so its weights are the wrapper's (under the
 * wrapper's name scope: `time_distributed/dense/kernel`); `build` builds it
 * with the shape the subclass passes; the config holds its full Keras
 * envelope under `layer`.
 */
import { ValueError } from "../../engine/errors.js";
import { registerBuiltin, Serializable } from "../../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../../saving/serialization-lib.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

type Shape = (number | null)[];

export class Wrapper extends Layer {
  declare layer: Layer;

  constructor(layer: Layer, options: LayerOptions = {}) {
    if (!(layer instanceof Layer)) {
      throw new ValueError(
        `Layer ${pyRepr(layer)} supplied to Wrapper isn't a supported layer type. Please ensure wrapped layer is a valid Keras layer.`,
      );
    }
    super(options);
    this.layer = layer;
  }

  /** Builds the wrapped layer (subclasses pass the shape it sees). */
  override build(inputShape: Shape | null = null): void {
    if (!this.layer.built) {
      this.layer.build(inputShape);
      this.layer.built = true;
    }
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), layer: serializeKerasObject(this.layer) };
  }

  static override fromConfig(
    config: Record<string, any>,
    customObjects?: Record<string, Serializable> | Map<string, Serializable>,
  ): Layer {
    const { layer, ...rest } = config;
    const inner = deserializeKerasObject(layer, { customObjects, moduleHint: "keras.layers" });
    return new (this as unknown as new (l: Layer, o: LayerOptions) => Layer)(inner, layerOptionsFromConfig(rest));
  }
}

registerBuiltin("keras.layers", "Wrapper", Wrapper);
