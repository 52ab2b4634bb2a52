/**
 * `keras.layers.SpectralNormalization(layer, { powerIterations = 1 })`: a
 * wrapper that keeps the spectral norm (largest singular value) of the wrapped
 * layer's kernel (or Embedding's `embeddings`) near 1, which bounds its
 * Lipschitz constant (Miyato et al., 2018; used to stabilise GANs).
 *
 * Each training call runs `powerIterations` steps of the power method on the
 * kernel reshaped to (-1, units), starting from the non-trainable vector
 * `vector_u` (shape (1, units), TruncatedNormal(0.02)):
 *   v = normalize(u W^T), u = normalize(v W), sigma = v W u^T,
 * then assigns the new u and kernel / sigma (as Keras does, the normalized
 * kernel is written back to the variable; an all-zero kernel is left alone).
 * Inference calls the wrapped layer unchanged.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { Variable } from "../../engine/variable.js";
import { TruncatedNormal } from "../../initializers/index.js";
import { cast, stopGradient } from "../../ops/core/cast.js";
import { divide } from "../../ops/math/arithmetic.js";
import { equal } from "../../ops/math/comparison.js";
import { all } from "../../ops/reduction/statistics.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { reshape } from "../../ops/shape/reshape.js";
import { transpose } from "../../ops/shape/transpose.js";
import { normalize } from "../../ops/nn/normalization.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import type { Layer, LayerOptions } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { Wrapper } from "../core/wrapper.js";

export interface SpectralNormalizationOptions extends LayerOptions {
  powerIterations?: number;
}

/** A Wrapper, as in Keras: the wrapped layer is `layer`, its config the wrapped layer's envelope plus `power_iterations`. */
export class SpectralNormalization extends Wrapper {
  declare powerIterations: number;
  declare kernel: Variable | null;
  declare kernelShape: number[] | null;
  declare vectorU: Variable | null;

  constructor(layer: Layer, options: SpectralNormalizationOptions = {}) {
    const { powerIterations = 1, ...base } = options;
    super(layer, base);
    if (typeof powerIterations !== "number" || !Number.isInteger(powerIterations) || powerIterations <= 0) {
      throw new ValueError(`\`power_iterations\` should be greater than zero. Received: \`power_iterations=${pyRepr(powerIterations)}\``);
    }
    this.powerIterations = powerIterations;
    this.kernel = null;
    this.kernelShape = null;
    this.vectorU = null;
  }

  override build(inputShape: (number | null)[]): void {
    super.build(inputShape);
    this.inputSpec = new InputSpec({ minNdim: 1, axes: { [-1]: inputShape[inputShape.length - 1] } });
    const inner = this.layer as unknown as { kernel?: unknown; _kernel?: unknown; embeddings?: unknown };
    // Dense exposes its variable as `_kernel` behind a (LoRA-aware) `kernel` getter.
    const kernel = [inner._kernel, inner.kernel, inner.embeddings].find((k) => k instanceof Variable);
    if (!(kernel instanceof Variable)) {
      throw new ValueError(`${this.layer.constructor.name} object has no attribute 'kernel' nor 'embeddings'`);
    }
    // Keras tracks the kernel assigned to `self.kernel` as one of the wrapper's own variables, before
    // vector_u: its weights read [kernel, vector_u, bias] and its saved own variables [kernel, vector_u].
    this.kernel = kernel;
    (kernel.trainable ? this._trainableVariables : this._nonTrainableVariables).push(kernel);
    this.kernelShape = kernel.shape.slice();
    this.vectorU = this.addWeight({
      name: "vector_u",
      shape: [1, kernel.shape[kernel.shape.length - 1]],
      initializer: new TruncatedNormal({ stddev: 0.02 }),
      trainable: false,
      dtype: kernel.dtype,
    });
  }

  override call(inputs: Tensor, { training = false }: { training?: boolean | null } = {}): Tensor {
    if (training) {
      const kernel = this.kernel!.value;
      const allZero = all(equal(kernel, 0)).item() !== 0;
      if (!allZero) {
        const [u, normalized] = this.normalizedWeights();
        this.vectorU!.assign(u);
        this.kernel!.assign(normalized);
      }
    }
    const output = this.layer.apply(inputs) as Tensor;
    return output.dtype === inputs.dtype ? output : cast(output, inputs.dtype);
  }

  /** One run of the power method: the new vector u and the kernel divided by its estimated spectral norm. */
  normalizedWeights(): [Tensor, Tensor] {
    const kernel = this.kernel!.value;
    const weights = reshape(kernel, [-1, this.kernelShape![this.kernelShape!.length - 1]]);
    let u = this.vectorU!.value;
    let v = u;
    for (let i = 0; i < this.powerIterations; i++) {
      v = normalize(matmul(u, transpose(weights)), { axis: null as never });
      u = normalize(matmul(v, weights), { axis: null as never });
    }
    u = stopGradient(u);
    v = stopGradient(v);
    const sigma = matmul(matmul(v, weights), transpose(u));
    const normalized = reshape(divide(kernel, reshape(sigma, [])), this.kernelShape!);
    return [cast(u, this.vectorU!.dtype), cast(normalized, this.kernel!.dtype)];
  }

  override computeOutputShape(inputShape: (number | null)[]): any {
    return this.layer.computeOutputShape(inputShape);
  }

  /** The Wrapper config (base options and `layer`), then `power_iterations`. */
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), power_iterations: this.powerIterations };
  }

  /** Wrapper's (the wrapped layer deserialized first), typed. */
  static override fromConfig(config: Record<string, any>, customObjects?: Parameters<typeof Wrapper.fromConfig>[1]): SpectralNormalization {
    return super.fromConfig(config, customObjects) as SpectralNormalization;
  }
}

registerBuiltin("keras.layers", "SpectralNormalization", SpectralNormalization);
