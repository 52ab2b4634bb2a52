/**
 * `keras.layers.Bidirectional(layer)`: runs a recurrent layer forward and a
 * copy of it backward over the sequence and merges the two outputs
 * (`mergeMode` "concat" (default), "sum", "mul", "ave", or null for the pair).
 *
 * As in Keras, the forward layer is rebuilt from the given layer's config
 * (renamed `forward_<name>`, fresh weights) and the backward one likewise with
 * `goBackwards: true` (`backward_<name>`) unless `backwardLayer` is given. With
 * `returnSequences` the backward outputs are flipped back into time order before
 * merging, and both layers output zeros at masked steps (Keras forces
 * `zero_output_for_mask` on). With `returnState` the outputs are
 * [merged, ...forward states, ...backward states]; an `initialState` at call
 * time is split in halves between the two.
 */
import { ValueError, AttributeError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { add, divide, multiply } from "../../ops/math/arithmetic.js";
import { concatenate } from "../../ops/shape/join.js";
import { flip } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { deserializeKerasObject, KerasEnvelope, serializeKerasObject } from "../../saving/serialization-lib.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export type MergeMode = "concat" | "sum" | "mul" | "ave" | null;

export interface BidirectionalOptions extends LayerOptions {
  mergeMode?: MergeMode;
  /** Initial weights: the forward layer's, then the backward layer's. */
  weights?: readonly unknown[] | null;
  backwardLayer?: Layer | null;
}

export interface BidirectionalCallKwargs {
  initialState?: Tensor[] | null;
  mask?: Tensor | null;
  training?: boolean | null;
}

/** The attributes Bidirectional reads from the layers it wraps (RNN has them all). */
interface SequenceLayer extends Layer {
  goBackwards: boolean;
  returnSequences: boolean;
  returnState: boolean;
  stateful: boolean;
  zeroOutputForMask?: boolean;
  states?: unknown[] | null;
  resetStates?(): void;
}

const MERGE_MODES: readonly unknown[] = ["sum", "mul", "ave", "concat", null];

function removePrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** A fresh layer from `layer`'s config with some config entries replaced. */
function recreate(layer: Layer, changes: Record<string, unknown>): SequenceLayer {
  const envelope = serializeKerasObject(layer) as KerasEnvelope;
  envelope.config = { ...envelope.config, ...changes };
  return deserializeKerasObject(envelope) as SequenceLayer;
}

export class Bidirectional extends Layer {
  declare forwardLayer: SequenceLayer;
  declare backwardLayer: SequenceLayer;
  declare mergeMode: MergeMode;
  declare stateful: boolean;
  declare returnSequences: boolean;
  declare returnState: boolean;
  declare _initialWeights: unknown[] | null;

  constructor(layer: Layer, options: BidirectionalOptions = {}) {
    const { mergeMode: mergeArg, weights, backwardLayer, ...base } = options;
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Please initialize \`Bidirectional\` layer with a \`keras.layers.Layer\` instance. Received: ${String(layer)}`);
    }
    if (backwardLayer !== undefined && backwardLayer !== null && !(backwardLayer instanceof Layer)) {
      throw new ValueError(`\`backward_layer\` need to be a \`keras.layers.Layer\` instance. Received: ${String(backwardLayer)}`);
    }
    const mergeMode = mergeArg === undefined ? "concat" : mergeArg;
    if (!MERGE_MODES.includes(mergeMode)) {
      throw new ValueError(`Invalid merge mode. Received: ${pyRepr(mergeMode)}. Merge mode should be one of {"sum", "mul", "ave", "concat", None}`);
    }
    super(base);
    this.forwardLayer = recreate(layer, { name: "forward_" + removePrefix(layer.name, "forward_") });
    this.backwardLayer = backwardLayer
      ? (backwardLayer as SequenceLayer)
      : recreate(layer, { go_backwards: true, name: "backward_" + removePrefix(layer.name, "backward_") });
    this.verifyLayerConfig();
    for (const l of [this.forwardLayer, this.backwardLayer]) {
      if (l.zeroOutputForMask !== undefined && l.zeroOutputForMask !== null) l.zeroOutputForMask = l.returnSequences;
    }
    this.mergeMode = mergeMode;
    Object.defineProperty(this, "_initialWeights", { value: weights && weights.length ? weights.slice() : null, writable: true, enumerable: false });
    const inner = layer as SequenceLayer;
    this.stateful = inner.stateful;
    this.returnSequences = inner.returnSequences;
    this.returnState = inner.returnState;
    this.supportsMasking = true;
    this.inputSpec = layer.inputSpec;
  }

  private verifyLayerConfig(): void {
    const fw = this.forwardLayer;
    const bw = this.backwardLayer;
    if (fw.goBackwards === bw.goBackwards) {
      throw new ValueError(
        "Forward layer and backward layer should have different `go_backwards` value. Received: " +
          `forward_layer.go_backwards ${pyRepr(fw.goBackwards)}, backward_layer.go_backwards=${pyRepr(bw.goBackwards)}`,
      );
    }
    for (const [attr, key] of [["stateful", "stateful"], ["return_sequences", "returnSequences"], ["return_state", "returnState"]] as const) {
      const f = fw[key];
      const b = bw[key];
      if (f !== b) {
        throw new ValueError(
          `Forward layer and backward layer are expected to have the same value for attribute "${attr}", got "${pyRepr(f)}" for forward layer and "${pyRepr(b)}" for backward layer`,
        );
      }
    }
  }

  override build(sequencesShape: (number | null)[], _initialStateShape?: unknown): void {
    if (!this.forwardLayer.built) this.forwardLayer.build(sequencesShape);
    if (!this.backwardLayer.built) this.backwardLayer.build(sequencesShape);
    if (this._initialWeights) {
      const n = this._initialWeights.length;
      this.forwardLayer.setWeights(this._initialWeights.slice(0, n >> 1));
      this.backwardLayer.setWeights(this._initialWeights.slice(n >> 1));
      this._initialWeights = null;
    }
  }

  override computeOutputShape(sequencesShape: (number | null)[], _initialStateShape?: unknown): any {
    let outputShape = this.forwardLayer.computeOutputShape(sequencesShape);
    let stateShapes: unknown[] = [];
    if (this.returnState) [outputShape, ...stateShapes] = outputShape;
    if (this.mergeMode === "concat") {
      outputShape = outputShape.slice();
      const last = outputShape[outputShape.length - 1];
      outputShape[outputShape.length - 1] = last === null ? null : last * 2;
    } else if (this.mergeMode === null) {
      outputShape = [outputShape, outputShape];
    }
    if (!this.returnState) return outputShape;
    return this.mergeMode === null ? [...outputShape, ...stateShapes, ...stateShapes] : [outputShape, ...stateShapes, ...stateShapes];
  }

  override call(sequences: Tensor, { initialState = null, mask = null, training = null }: BidirectionalCallKwargs = {}): any {
    let forwardState: Tensor[] | null = null;
    let backwardState: Tensor[] | null = null;
    if (initialState !== null && initialState !== undefined) {
      const half = initialState.length >> 1;
      forwardState = initialState.slice(0, half);
      backwardState = initialState.slice(half);
    }
    const kwargs = (state: Tensor[] | null) => ({ initialState: state, mask, training });
    let y = this.forwardLayer.apply(sequences, kwargs(forwardState));
    let yRev = this.backwardLayer.apply(sequences, kwargs(backwardState));
    let states: Tensor[] = [];
    if (this.returnState) {
      states = [...(y as Tensor[]).slice(1), ...(yRev as Tensor[]).slice(1)];
      y = (y as Tensor[])[0];
      yRev = (yRev as Tensor[])[0];
    }
    const dt = this.computeDtype;
    y = (y as Tensor).dtype === dt ? y : cast(y, dt);
    yRev = (yRev as Tensor).dtype === dt ? yRev : cast(yRev, dt);
    // The backward layer outputs in processing order; flip it back into time order.
    if (this.returnSequences) yRev = flip(yRev, { axis: 1 });
    let output: Tensor | Tensor[];
    switch (this.mergeMode) {
      case "concat": output = concatenate([y, yRev], { axis: -1 }); break;
      case "sum": output = add(y, yRev); break;
      case "ave": output = divide(add(y, yRev), 2); break;
      case "mul": output = multiply(y, yRev); break;
      case null: output = [y, yRev]; break;
      default: throw new ValueError(`Unrecognized value for \`merge_mode\`. Received: ${String(this.mergeMode)}Expected one of {"concat", "sum", "ave", "mul"}.`);
    }
    if (!this.returnState) return output;
    return this.mergeMode === null ? [...(output as Tensor[]), ...states] : [output, ...states];
  }

  /** The state Variables of stateful wrapped layers (forward then backward), or null. */
  get states(): unknown[] | null {
    const f = this.forwardLayer.states;
    const b = this.backwardLayer.states;
    return f && b ? [...f, ...b] : null;
  }

  resetStates(): void {
    if (!this.stateful) throw new AttributeError("Layer must be stateful.");
    this.forwardLayer.resetStates?.();
    this.backwardLayer.resetStates?.();
  }

  /** Keras 3's name for `resetStates`. */
  resetState(): void {
    this.resetStates();
  }

  override computeMask(_inputs: unknown, maskArg: unknown): any {
    const mask = Array.isArray(maskArg) ? maskArg[0] : maskArg ?? null;
    let outputMask: unknown;
    if (this.returnSequences) outputMask = this.mergeMode ? mask : [mask, mask];
    else outputMask = this.mergeMode ? null : [null, null];
    const states = this.states;
    if (this.returnState && states !== null) {
      const stateMasks = states.map(() => null);
      return Array.isArray(outputMask) ? [...outputMask, ...stateMasks, ...stateMasks] : [outputMask, ...stateMasks, ...stateMasks];
    }
    return outputMask;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      merge_mode: this.mergeMode,
      layer: serializeKerasObject(this.forwardLayer),
      backward_layer: serializeKerasObject(this.backwardLayer),
    };
  }

  static override fromConfig(config: Record<string, any>, customObjects?: any): Bidirectional {
    const { layer, backward_layer: backward, ...rest } = config;
    const options = layerOptionsFromConfig(rest);
    const forward = deserializeKerasObject(layer, { customObjects });
    const backwardLayer = backward === undefined || backward === null ? null : deserializeKerasObject(backward, { customObjects });
    return new Bidirectional(forward, { ...options, backwardLayer });
  }
}

registerBuiltin("keras.layers", "Bidirectional", Bidirectional);
