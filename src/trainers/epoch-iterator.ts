/**
 * Keras's `EpochIterator`: picks the data adapter and walks one epoch of
 * batches, honouring `stepsPerEpoch`. With `stepsPerEpoch`, the iterator is
 * kept across epochs (a long dataset is consumed a slice per epoch) and
 * restarted when it has been read to its end; running out of data early
 * warns, as Keras does. An unknown epoch length is learned the first time
 * the data runs out.
 */
import { ValueError } from "../engine/errors.js";
import {
  ArrayDataAdapter, Batch, ClassWeight, DataAdapter, Dataset, IterableDataAdapter, isDataset,
} from "./data-adapters.js";

export interface EpochIteratorOptions {
  x: unknown;
  y?: unknown;
  sampleWeight?: unknown;
  batchSize?: number | null;
  stepsPerEpoch?: number | null;
  shuffle?: boolean | "batch";
  classWeight?: ClassWeight | null;
  /** Number of model inputs and outputs (see `standardizeData`). */
  inputCount?: number;
  outputCount?: number;
}

const RAN_OUT =
  "Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least " +
  "`steps_per_epoch * epochs` batches. You may need to use the `.repeat()` function when building your dataset.";

export class EpochIterator {
  readonly dataAdapter: DataAdapter;
  readonly stepsPerEpoch: number | null;
  private current: Iterator<Batch> | AsyncIterator<Batch> | null = null;
  private stepsSeen = 0;
  private knownBatches: number | null;
  /** Set when an epoch got no batch at all (the data is used up): the trainer stops there. */
  ranOut = false;

  constructor(options: EpochIteratorOptions) {
    const { x, y = null, sampleWeight = null, batchSize = null, stepsPerEpoch = null, shuffle = false, classWeight = null, inputCount = 1, outputCount = 1 } = options;
    if (stepsPerEpoch !== null && (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch <= 0)) {
      throw new ValueError(`Argument \`steps_per_epoch\` must be a positive integer or None. Received: steps_per_epoch=${String(stepsPerEpoch)}`);
    }
    this.stepsPerEpoch = stepsPerEpoch;
    if (isDataset(x)) {
      if (y !== null && y !== undefined) {
        throw new ValueError("When providing `x` as a dataset (an iterable of batches), `y` should not be passed. Instead, the targets should be included as part of the dataset `x`.");
      }
      if (sampleWeight !== null && sampleWeight !== undefined) {
        throw new ValueError("When providing `x` as a dataset (an iterable of batches), `sample_weight` should not be passed. Instead, the sample weights should be included as part of the dataset `x`.");
      }
      this.dataAdapter = new IterableDataAdapter(x as Dataset, { classWeight, inputCount, outputCount });
    } else {
      this.dataAdapter = new ArrayDataAdapter(x, y, sampleWeight, { batchSize, shuffle, classWeight, inputCount, outputCount });
    }
    this.knownBatches = this.dataAdapter.numBatches;
  }

  get isAsync(): boolean {
    return this.dataAdapter.isAsync;
  }

  /** Batches per epoch: `stepsPerEpoch`, the data's length, or null while unknown. */
  get numBatches(): number | null {
    return this.stepsPerEpoch ?? this.knownBatches;
  }

  reset(): void {
    this.current = null;
    this.stepsSeen = 0;
    this.knownBatches = this.dataAdapter.numBatches;
  }

  /** Steps to run this epoch (-1: until the data runs out); opens the iterator when needed. */
  private beginEpoch(): number {
    this.ranOut = false;
    const steps = this.stepsPerEpoch ?? this.knownBatches ?? -1;
    if (steps < 0 || this.current === null || this.stepsPerEpoch === null) {
      this.current = this.dataAdapter.getIterator();
      this.stepsSeen = 0;
    }
    return steps;
  }

  /** Whether the data is known to be used up before `step` (only with a known length). */
  private exhaustedBefore(): boolean {
    if (this.knownBatches !== null && this.knownBatches > 0 && this.stepsSeen >= this.knownBatches) {
      if (this.stepsPerEpoch) console.warn(RAN_OUT);
      return true;
    }
    return false;
  }

  private onDataEnd(): void {
    // Running out is how an unknown epoch length is learned; it is only an interruption with stepsPerEpoch.
    if (this.knownBatches === null) this.knownBatches = this.stepsSeen;
    if (this.stepsPerEpoch || this.stepsSeen === 0) console.warn(RAN_OUT);
    // An epoch without a single batch (a one-shot iterator already consumed) ends training.
    if (this.stepsSeen === 0) this.ranOut = true;
    this.current = null;
  }

  private endEpoch(): void {
    if (this.knownBatches && this.stepsSeen >= this.knownBatches) this.current = null;
  }

  /** One epoch of [step, batch] (synchronous data only). */
  *epoch(): Generator<[number, Batch]> {
    if (this.isAsync) throw new ValueError("This dataset is asynchronous: use the async method (fit, or await evaluate / predict).");
    const steps = this.beginEpoch();
    for (let step = 0; steps < 0 || step < steps; step++) {
      if (this.exhaustedBefore()) break;
      const r = (this.current as Iterator<Batch>).next();
      if (r.done) {
        this.onDataEnd();
        return;
      }
      this.stepsSeen++;
      yield [step, r.value];
    }
    this.endEpoch();
  }

  /** One epoch of [step, batch], for sync and async data alike. */
  async *epochAsync(): AsyncGenerator<[number, Batch]> {
    const steps = this.beginEpoch();
    for (let step = 0; steps < 0 || step < steps; step++) {
      if (this.exhaustedBefore()) break;
      const r = await (this.current as AsyncIterator<Batch>).next();
      if (r.done) {
        this.onDataEnd();
        return;
      }
      this.stepsSeen++;
      yield [step, r.value];
    }
    this.endEpoch();
  }
}
