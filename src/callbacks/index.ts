/**
 * `keras.callbacks`: the `Callback` base class, `CallbackList`, `History`,
 * `ProgbarLogger`, `EarlyStopping`, `ReduceLROnPlateau`,
 * `LearningRateScheduler`, `CSVLogger`, `TerminateOnNaN` and `LambdaCallback`.
 */
export { Callback } from "./callback.js";
export type { Logs, CallbackParams } from "./callback.js";
export { CallbackList } from "./callback-list.js";
export type { CallbackListOptions } from "./callback-list.js";
export { History } from "./history.js";
export { ProgbarLogger } from "./progbar-logger.js";
export type { ProgbarLoggerOptions } from "./progbar-logger.js";
export { EarlyStopping } from "./early-stopping.js";
export type { EarlyStoppingOptions } from "./early-stopping.js";
export { ReduceLROnPlateau } from "./reduce-lr-on-plateau.js";
export type { ReduceLROnPlateauOptions } from "./reduce-lr-on-plateau.js";
export { LearningRateScheduler } from "./learning-rate-scheduler.js";
export type { Schedule } from "./learning-rate-scheduler.js";
export { CSVLogger } from "./csv-logger.js";
export type { CSVLoggerOptions } from "./csv-logger.js";
export { TerminateOnNaN } from "./terminate-on-nan.js";
export { LambdaCallback } from "./lambda-callback.js";
export type { LambdaCallbackOptions } from "./lambda-callback.js";
export { ModelCheckpoint } from "./model-checkpoint.js";
export type { ModelCheckpointOptions } from "./model-checkpoint.js";
export { BackupAndRestore } from "./backup-and-restore.js";
export type { BackupAndRestoreOptions } from "./backup-and-restore.js";
