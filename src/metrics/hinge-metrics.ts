/** Hinge metrics: running means of the hinge, squared hinge and categorical hinge losses. */
import { checkOptionKeys } from "../losses/loss.js";
import { categoricalHinge, hinge, squaredHinge } from "../losses/hinge.js";
import { MetricConfig, MetricOptions } from "./metric.js";
import { MeanMetricWrapper } from "./reduction-metrics.js";

function hingeMetric(className: string, fn: typeof hinge, defaultName: string) {
  return class extends MeanMetricWrapper {
    constructor(options: MetricOptions = {}) {
      checkOptionKeys(className, options, ["name", "dtype"]);
      super(fn, { name: options.name ?? defaultName, dtype: options.dtype });
      this.direction = "down";
    }
    override getConfig(): MetricConfig {
      return { name: this.name, dtype: this.dtype };
    }
  };
}

export class Hinge extends hingeMetric("Hinge", hinge, "hinge") {}
export class SquaredHinge extends hingeMetric("SquaredHinge", squaredHinge, "squared_hinge") {}
export class CategoricalHinge extends hingeMetric("CategoricalHinge", categoricalHinge, "categorical_hinge") {}
