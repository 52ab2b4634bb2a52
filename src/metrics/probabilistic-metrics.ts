/**
 * Probabilistic metrics: running means of the KL divergence, Poisson and
 * crossentropy losses.
 */
import { klDivergence, poisson } from "../losses/probabilistic.js";
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from "../losses/crossentropy.js";
import type { MetricOptions } from "./metric.js";
import { FnMeanMetric } from "./loss-mean-metric.js";

export class KLDivergence extends FnMeanMetric {
  constructor(options: MetricOptions = {}) {
    super({ className: "KLDivergence", fn: klDivergence, defaultName: "kl_divergence" }, options);
  }
}

export class Poisson extends FnMeanMetric {
  constructor(options: MetricOptions = {}) {
    super({ className: "Poisson", fn: poisson, defaultName: "poisson" }, options);
  }
}

export class BinaryCrossentropy extends FnMeanMetric {
  declare readonly fromLogits: boolean;
  declare readonly labelSmoothing: number;

  constructor(options: MetricOptions & { fromLogits?: boolean; labelSmoothing?: number } = {}) {
    super(
      {
        className: "BinaryCrossentropy", fn: binaryCrossentropy, defaultName: "binary_crossentropy", direction: "down",
        args: { fromLogits: false, labelSmoothing: 0 },
      },
      options,
    );
  }
}

export class CategoricalCrossentropy extends FnMeanMetric {
  declare readonly fromLogits: boolean;
  declare readonly labelSmoothing: number;
  declare readonly axis: number;

  constructor(options: MetricOptions & { fromLogits?: boolean; labelSmoothing?: number; axis?: number } = {}) {
    super(
      {
        className: "CategoricalCrossentropy", fn: categoricalCrossentropy, defaultName: "categorical_crossentropy", direction: "down",
        args: { fromLogits: false, labelSmoothing: 0, axis: -1 },
      },
      options,
    );
  }
}

export class SparseCategoricalCrossentropy extends FnMeanMetric {
  declare readonly fromLogits: boolean;
  declare readonly ignoreClass: number | null;
  declare readonly axis: number;

  constructor(options: MetricOptions & { fromLogits?: boolean; ignoreClass?: number | null; axis?: number } = {}) {
    super(
      {
        className: "SparseCategoricalCrossentropy", fn: sparseCategoricalCrossentropy, defaultName: "sparse_categorical_crossentropy",
        direction: "down", args: { fromLogits: false, ignoreClass: null, axis: -1 },
      },
      options,
    );
  }
}
