/** Argument and input errors of the convolution layers, in Keras's wording. */
import { describe, expect, it } from "vitest";
import { layers, ops } from "../../../src/index.js";

const { Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D } = layers;

describe("convolution layers: argument errors", () => {
  it("filters must be a positive integer", () => {
    expect(() => new Conv2D(0, 3)).toThrow("Invalid value for argument `filters`. Expected a strictly positive value. Received filters=0.");
    expect(() => new Conv2DTranspose(-1, 3)).toThrow("Received filters=-1.");
    expect(() => new SeparableConv2D(1.5, 3)).toThrow("Received filters=1.5.");
  });

  it("kernel_size, strides and dilation_rate must be tuples of positive integers of the layer's rank", () => {
    expect(() => new Conv2D(2, [3, 3, 3])).toThrow("The `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=[3, 3, 3]");
    expect(() => new Conv2D(2, 0)).toThrow("including values {0} that do not satisfy `value > 0`.");
    expect(() => new Conv1D(2, 3, { strides: [1.5] })).toThrow("including element 1.5 of type number");
    expect(() => new Conv2D(2, 3, { dilationRate: "2" as never })).toThrow("The `dilation_rate` argument must be a tuple of 2 integers.");
  });

  it("strides > 1 cannot go with dilation_rate > 1", () => {
    expect(() => new Conv2D(2, 3, { strides: 2, dilationRate: 2 })).toThrow(
      "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=(2, 2) and dilation_rate=(2, 2)",
    );
    expect(() => new DepthwiseConv2D(3, { strides: [1, 2], dilationRate: [2, 1] })).toThrow("`strides > 1` not supported");
  });

  it("padding: 'causal' only for Conv1D, and case-insensitive names", () => {
    expect(new Conv1D(2, 3, { padding: "CAUSAL" }).padding).toBe("causal");
    expect(new Conv2D(2, 3, { padding: "Same" }).padding).toBe("same");
    expect(() => new Conv2D(2, 3, { padding: "causal" })).toThrow("The `padding` argument must be a list/tuple or one of {'valid', 'same'}. Received: causal");
    expect(() => new Conv1D(2, 3, { padding: "full" })).toThrow("{'valid', 'same', 'causal'}");
  });

  it("groups must divide filters and the input channels", () => {
    expect(() => new Conv2D(3, 3, { groups: 2 })).toThrow(
      "The number of filters must be evenly divisible by the number of groups. Received: groups=2, filters=3.",
    );
    expect(() => new Conv2D(2, 3, { groups: 0 })).toThrow("The number of groups must be a positive integer. Received: groups=0.");
    expect(() => new Conv2D(4, 3, { groups: 2 }).build([null, 5, 5, 3])).toThrow(
      "The number of input channels must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels (full input shape is (None, 5, 5, 3)).",
    );
  });

  it("output_padding must be smaller than the strides", () => {
    expect(() => new Conv2DTranspose(2, 3, { strides: 2, outputPadding: 2 })).toThrow(
      "`output_padding` must be < `strides`. output_padding=(2, 2), strides=(2, 2)",
    );
  });

  it("depth_multiplier must be a positive integer", () => {
    expect(() => new DepthwiseConv2D(3, { depthMultiplier: 0 })).toThrow(
      "Invalid value for argument `depth_multiplier`. Expected a strictly positive value. Received depth_multiplier=0.",
    );
  });

  it("unknown options are rejected", () => {
    expect(() => new Conv2D(2, 3, { kernelSizes: 3 } as never)).toThrow("Unrecognized keyword arguments passed to Conv2D: {'kernelSizes': 3}");
  });
});

describe("convolution layers: input errors", () => {
  it("a 'valid' window longer than the input is refused at build", () => {
    expect(() => new Conv2D(2, 5).build([null, 3, 8, 1])).toThrow(
      "Computed output size would be negative. Received `inputs shape=(None, 3, 8, 1)`, `kernel shape=(5, 5, 1, 2)`, `dilation_rate=[1, 1]`.",
    );
  });

  it("the channel dimension must be defined", () => {
    expect(() => new Conv1D(2, 3).build([null, 5, null])).toThrow("The channel dimension of the inputs to layer");
  });

  it("rank and channel count are checked by the input spec", () => {
    const layer = new Conv2D(2, 3);
    expect(() => layer.apply(ops.ones([4, 4, 1]))).toThrow(/expected min_ndim=4, found ndim=3/);
    layer.apply(ops.ones([1, 4, 4, 1]));
    expect(() => layer.apply(ops.ones([1, 4, 4, 2]))).toThrow(/expected axis -1 of input shape to have value 1/);
  });
});

describe("Keras 2 configs", () => {
  it("tf.keras's `groups: 1` in DepthwiseConv2D / SeparableConv2D configs is accepted, other values are not", () => {
    const dwConfig = { ...new DepthwiseConv2D(3).getConfig(), groups: 1, dtype: "float32" };
    expect(DepthwiseConv2D.fromConfig(dwConfig)).toBeInstanceOf(DepthwiseConv2D);
    const sepConfig = { ...new SeparableConv2D(2, 3).getConfig(), groups: 1 };
    expect(layers.deserialize({ class_name: "SeparableConv2D", config: sepConfig })).toBeInstanceOf(SeparableConv2D);
    expect(() => DepthwiseConv2D.fromConfig({ ...dwConfig, groups: 2 })).toThrow("Unrecognized keyword arguments passed to DepthwiseConv2D: {'groups': 2}");
  });

  it("a Keras 2 Conv2D config with batch_input_shape and a plain dtype string", () => {
    const config = { ...new Conv2D(4, 3).getConfig(), dtype: "float32", batch_input_shape: [null, 8, 8, 3] };
    const layer = Conv2D.fromConfig(config) as InstanceType<typeof Conv2D>;
    expect(layer._inputShapeArg).toEqual([8, 8, 3]);
    expect(layer.kernelSize).toEqual([3, 3]);
  });
});
