/**
 * `keras.layers.AdditiveAttention({ useScale = true, dropout, seed })`:
 * Bahdanau-style attention. Scores are `sum(scale * tanh(query + key), -1)`
 * over (batch, Tq, 1, dim) + (batch, 1, Tv, dim), with a trainable `scale`
 * vector of shape (dim,) (glorot_uniform) when useScale; masking, dropout,
 * the call arguments and the outputs are Attention's.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { tanh } from "../../ops/math/unary.js";
import { sum } from "../../ops/reduction/sum.js";
import { expandDims } from "../../ops/shape/dims.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Attention } from "./attention.js";
import type { LayerOptions } from "../layer.js";

type Shape = (number | null)[];

export interface AdditiveAttentionOptions extends LayerOptions {
  useScale?: boolean;
  dropout?: number;
  seed?: number | null;
}

export class AdditiveAttention extends Attention {
  constructor(options: AdditiveAttentionOptions = {}) {
    const { useScale = true, ...rest } = options;
    super({ ...rest, useScale });
  }

  override build(inputShape: Shape[]): void {
    this.validateInputs(inputShape);
    const dim = inputShape[0][inputShape[0].length - 1];
    if (this.useScale) this.scale = this.addWeight({ name: "scale", shape: [dim as number], initializer: "glorot_uniform" });
  }

  protected override calculateScores(query: Tensor, key: Tensor): Tensor {
    // (batch, Tq, 1, dim) + (batch, 1, Tv, dim) -> (batch, Tq, Tv, dim)
    const joint = tanh(add(expandDims(query, -2), expandDims(key, -3))) as Tensor;
    return sum(this.scale ? multiply(this.scale.value, joint) : joint, -1) as Tensor;
  }

  override getConfig(): Record<string, any> {
    const { score_mode: _scoreMode, ...config } = super.getConfig();
    return config;
  }
}

registerBuiltin("keras.layers", "AdditiveAttention", AdditiveAttention);
