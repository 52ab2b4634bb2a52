/**
 * Probabilistic metrics: running means of the KL divergence, Poisson and
 * crossentropy losses.
 */
import { checkOptionKeys } from "../losses/loss.js";
import { klDivergence, poisson } from "../losses/probabilistic.js";
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from "../losses/crossentropy.js";
import { MetricConfig, MetricOptions } from "./metric.js";
import { MeanMetricWrapper } from "./reduction-metrics.js";

const METRIC_KEYS = ["name", "dtype"] as const;

export class KLDivergence extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    checkOptionKeys("KLDivergence", options, METRIC_KEYS);
    super(klDivergence, { name: options.name ?? "kl_divergence", dtype: options.dtype });
  }
  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }
}

export class Poisson extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    checkOptionKeys("Poisson", options, METRIC_KEYS);
    super(poisson, { name: options.name ?? "poisson", dtype: options.dtype });
  }
  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }
}

export class BinaryCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(options: MetricOptions & { fromLogits?: boolean; labelSmoothing?: number } = {}) {
    checkOptionKeys("BinaryCrossentropy", options, [...METRIC_KEYS, "fromLogits", "labelSmoothing"]);
    const { fromLogits = false, labelSmoothing = 0 } = options;
    super(binaryCrossentropy, { name: options.name ?? "binary_crossentropy", dtype: options.dtype, fromLogits, labelSmoothing });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.direction = "down";
  }
  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype, from_logits: this.fromLogits, label_smoothing: this.labelSmoothing };
  }
}

export class CategoricalCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(options: MetricOptions & { fromLogits?: boolean; labelSmoothing?: number; axis?: number } = {}) {
    checkOptionKeys("CategoricalCrossentropy", options, [...METRIC_KEYS, "fromLogits", "labelSmoothing", "axis"]);
    const { fromLogits = false, labelSmoothing = 0, axis = -1 } = options;
    super(categoricalCrossentropy, { name: options.name ?? "categorical_crossentropy", dtype: options.dtype, fromLogits, labelSmoothing, axis });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
    this.direction = "down";
  }
  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype, from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  readonly axis: number;

  constructor(options: MetricOptions & { fromLogits?: boolean; ignoreClass?: number | null; axis?: number } = {}) {
    checkOptionKeys("SparseCategoricalCrossentropy", options, [...METRIC_KEYS, "fromLogits", "ignoreClass", "axis"]);
    const { fromLogits = false, ignoreClass = null, axis = -1 } = options;
    super(sparseCategoricalCrossentropy, {
      name: options.name ?? "sparse_categorical_crossentropy", dtype: options.dtype, fromLogits, ignoreClass, axis,
    });
    this.fromLogits = fromLogits;
    this.ignoreClass = ignoreClass;
    this.axis = axis;
    this.direction = "down";
  }
  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype, from_logits: this.fromLogits, ignore_class: this.ignoreClass, axis: this.axis };
  }
}
