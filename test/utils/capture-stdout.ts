/**
 * Captures what the code under test writes to `process.stdout` (progress
 * bars, `printMsg`) for each test of the calling file: the returned array is
 * emptied before each test and filled with every chunk written during it.
 */
import { afterEach, beforeEach, vi } from "vitest";

export function captureStdout(): string[] {
  const chunks: string[] = [];
  let spy: { mockRestore(): void } | null = null;
  beforeEach(() => {
    chunks.length = 0;
    spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
      chunks.push(String(s));
      return true;
    });
  });
  afterEach(() => spy?.mockRestore());
  return chunks;
}
