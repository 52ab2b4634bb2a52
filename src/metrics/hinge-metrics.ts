/** Hinge metrics: running means of the hinge, squared hinge and categorical hinge losses. */
import { categoricalHinge, hinge, squaredHinge } from "../losses/hinge.js";
import { MetricOptions } from "./metric.js";
import { LossMeanMetric } from "./loss-mean-metric.js";

export class Hinge extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("Hinge", hinge, "hinge", options);
  }
}
export class SquaredHinge extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("SquaredHinge", squaredHinge, "squared_hinge", options);
  }
}
export class CategoricalHinge extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("CategoricalHinge", categoricalHinge, "categorical_hinge", options);
  }
}
