/**
 * `keras.callbacks.BackupAndRestore(backupDir, { saveFreq, deleteCheckpoint })`:
 * backs up the training state (weights, optimizer state, epoch) at the end
 * of every epoch (or every `saveFreq` batches) into `backupDir`
 * (`latest.weights.h5` and `training_metadata.json`, as Keras). When `fit`
 * starts again after an interruption, the state is restored and training
 * continues from the epoch after the last backup. The backup directory is
 * removed when training completes (unless `deleteCheckpoint: false`).
 */
import { ValueError } from "../engine/errors.js";
import { fileExists, makeDirs, readTextFile, removeTree, writeTextFile } from "../saving/atomic-write.js";
import { Callback, Logs } from "./callback.js";
import { BatchSaveCounter } from "./monitor.js";

export interface BackupAndRestoreOptions {
  /** "epoch", or a number of batches between backups. */
  saveFreq?: "epoch" | number;
  /** Remove the backup when training finishes (default true). */
  deleteCheckpoint?: boolean;
}

function join(dir: string, name: string): string {
  return dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
}

export class BackupAndRestore extends Callback {
  backupDir: string;
  saveFreq: "epoch" | number;
  deleteCheckpoint: boolean;
  private readonly batches = new BatchSaveCounter();
  private currentEpoch = 0;
  private readonly weightsPath: string;
  private readonly metadataPath: string;

  constructor(backupDir: string, options: BackupAndRestoreOptions = {}) {
    super();
    if (!backupDir) throw new ValueError("Empty `backup_dir` argument passed");
    this.backupDir = backupDir;
    this.saveFreq = options.saveFreq ?? "epoch";
    this.deleteCheckpoint = options.deleteCheckpoint ?? true;
    this.weightsPath = join(backupDir, "latest.weights.h5");
    this.metadataPath = join(backupDir, "training_metadata.json");
    if (this.saveFreq !== "epoch" && !(Number.isInteger(this.saveFreq) && (this.saveFreq as number) > 0)) {
      throw new ValueError(`Invalid value for argument \`save_freq\`. Received: save_freq=${String(this.saveFreq)}. Expected either 'epoch' or an integer value.`);
    }
  }

  override async onTrainBegin(): Promise<void> {
    const model = this.model;
    if (!model.built) {
      throw new ValueError(
        `To use the BackupAndRestore callback, you model must be built before you call \`fit()\`. Model ${String(model)} is unbuilt. ` +
          "You can build it beforehand by calling it on a batch of data.",
      );
    }
    if (fileExists(this.weightsPath)) {
      const optimizer = (model as { optimizer?: { built: boolean; build(v: unknown[]): void } | null }).optimizer;
      if (optimizer && !optimizer.built) optimizer.build(model.trainableVariables);
      await model.loadWeights(this.weightsPath);
    }
    if (fileExists(this.metadataPath)) {
      let metadata: { epoch?: unknown };
      try {
        metadata = JSON.parse(readTextFile(this.metadataPath, "BackupAndRestore"));
      } catch (e) {
        throw new ValueError(`BackupAndRestore: ${this.metadataPath} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
      }
      if (!Number.isInteger(metadata.epoch) || (metadata.epoch as number) < 0) {
        throw new ValueError(`BackupAndRestore: ${this.metadataPath} has no valid "epoch" (received ${JSON.stringify(metadata.epoch)}).`);
      }
      (model as { _initialEpoch?: number | null })._initialEpoch = metadata.epoch as number;
    }
  }

  override async onEpochEnd(epoch: number, _logs?: Logs): Promise<void> {
    this.currentEpoch = epoch + 1;
    this.batches.lastBatchSeen = 0;
    if (this.saveFreq === "epoch") await this.saveBackup();
  }

  override async onTrainBatchEnd(batch: number, _logs?: Logs): Promise<void> {
    if (this.shouldSaveOnBatch(batch)) await this.saveBackup();
  }

  override onTrainEnd(): void {
    if (this.deleteCheckpoint && fileExists(this.backupDir)) removeTree(this.backupDir);
  }

  private shouldSaveOnBatch(batch: number): boolean {
    return this.batches.shouldSave(batch, this.saveFreq);
  }

  /** Weights first, then the metadata naming the epoch they belong to; each file is written atomically. */
  private async saveBackup(): Promise<void> {
    if (!fileExists(this.backupDir)) makeDirs(this.backupDir);
    await this.model.saveWeights(this.weightsPath);
    writeTextFile(this.metadataPath, JSON.stringify({ epoch: this.currentEpoch, batch: this.batches.lastBatchSeen }));
  }
}
