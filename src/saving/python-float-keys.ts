/**
 * Config entries that Keras 3.15.1 holds as Python floats whatever number
 * they are given: the constructor argument has a float default (`dropout=0.0`)
 * or is converted with `float(...)` (BatchNormalization's `momentum`, the
 * regularizers' `l1`/`l2`). Python's json writes those as `0.0`, `1.0`;
 * `toPythonJson` writes integral values under these keys the same way.
 *
 * A JavaScript number carries no int/float distinction, so this is the only
 * information there is: an argument whose Keras default is an int
 * (`MaxNorm(max_value=2)`) is written as an int even when a Python user
 * would have passed `2.0`, and an int that a Python user passes for a
 * float-default argument without conversion (`Constant(value=1)`) is
 * written as `1.0`. Non-integral numbers are always floats and need no table.
 *
 * Read from the constructors in keras/src of Keras 3.15.1 (float defaults
 * with an integral value, and float()/validate_float_arg conversions),
 * keyed by the envelope's `module` and `class_name`.
 */
export const PYTHON_FLOAT_CONFIG_KEYS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  "keras.layers": {
    ActivityRegularization: ["l1", "l2"],
    AdditiveAttention: ["dropout"],
    Attention: ["dropout"],
    AugMix: ["alpha"],
    BatchNormalization: ["momentum", "epsilon"],
    ContrastLimitedAdaptiveHistogramEqualization: ["clip_limit"],
    ConvLSTM1D: ["dropout", "recurrent_dropout"],
    ConvLSTM2D: ["dropout", "recurrent_dropout"],
    ConvLSTM3D: ["dropout", "recurrent_dropout"],
    CutMix: ["factor"],
    ELU: ["alpha"],
    GRU: ["dropout", "recurrent_dropout"],
    GRUCell: ["dropout", "recurrent_dropout"],
    GroupQueryAttention: ["dropout"],
    LSTM: ["dropout", "recurrent_dropout"],
    LSTMCell: ["dropout", "recurrent_dropout"],
    Masking: ["mask_value"],
    MelSpectrogram: ["min_freq", "top_db", "mag_exp", "ref_power"],
    MultiHeadAttention: ["dropout"],
    RandomElasticTransform: ["factor", "scale", "fill_value"],
    RandomErasing: ["factor"],
    RandomGaussianBlur: ["factor", "sigma"],
    RandomInvert: ["factor"],
    RandomPerspective: ["factor", "scale", "fill_value"],
    RandomRotation: ["fill_value"],
    RandomShear: ["x_factor", "y_factor", "fill_value"],
    RandomTranslation: ["fill_value"],
    RandomZoom: ["fill_value"],
    ReLU: ["negative_slope", "threshold"],
    Rescaling: ["offset"],
    Resizing: ["fill_value"],
    SimpleRNN: ["dropout", "recurrent_dropout"],
    SimpleRNNCell: ["dropout", "recurrent_dropout"],
    Solarization: ["addition_factor", "threshold_factor"],
  },
  "keras.initializers": {
    Constant: ["value"],
    Identity: ["gain"],
    Orthogonal: ["gain"],
    RandomNormal: ["mean"],
    TruncatedNormal: ["mean"],
    VarianceScaling: ["scale"],
  },
  "keras.regularizers": {
    L1: ["l1"],
    L1L2: ["l1", "l2"],
    L2: ["l2"],
  },
  "keras.constraints": {
    MinMaxNorm: ["min_value", "max_value", "rate"],
  },
  "keras.losses": {
    BinaryCrossentropy: ["label_smoothing"],
    BinaryFocalCrossentropy: ["gamma", "label_smoothing"],
    CategoricalCrossentropy: ["label_smoothing"],
    CategoricalFocalCrossentropy: ["gamma", "label_smoothing"],
    Circle: ["gamma"],
    Huber: ["delta"],
  },
  "keras.metrics": {
    FBetaScore: ["beta"],
  },
  "keras.optimizers": {
    Adafactor: ["clip_threshold"],
    Ftrl: ["l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta"],
    RMSprop: ["momentum"],
    SGD: ["momentum"],
  },
  "keras.optimizers.schedules": {
    CosineDecay: ["alpha"],
    CosineDecayRestarts: ["t_mul", "m_mul", "alpha"],
    PolynomialDecay: ["power"],
  },
  "keras.src.ops.nn": {
    Celu: ["alpha"],
    Elu: ["alpha"],
  },
  "keras.src.ops.numpy": {
    NanToNum: ["nan"],
    Trapezoid: ["dx"],
  },
  "keras.src.ops.image": {
    ElasticTransform: ["alpha", "sigma", "fill_value"],
    Resize: ["fill_value"],
    SSIM: ["max_val"],
  },
};

/** The config keys of `module`.`className` that Keras holds as floats (empty when none). */
export function pythonFloatConfigKeys(module: unknown, className: unknown): readonly string[] {
  if (typeof module !== "string" || typeof className !== "string") return [];
  return PYTHON_FLOAT_CONFIG_KEYS[module]?.[className] ?? [];
}
