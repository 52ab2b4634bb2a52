// Placeholder: filled in by the ops work (see src/ops/index.ts).
export {};
