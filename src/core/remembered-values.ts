/**
 * The memos that keep raw values read from exchanges (header values, tokens, challenge lines,
 * bodies) so that a value repeated across a capture's entries is read once: a HAR of a retry
 * loop sends the same token and gets the same answer thousands of times. Each memo is bounded
 * and in memory only.
 *
 * A caller that diagnoses one exchange now and then for a long while, the extension's
 * background, gains little from them and should not keep secrets longer than it needs them: it
 * calls `forgetRememberedValues()` once an exchange is handled, so that a raw value lives no
 * longer than the exchange that carried it. The command line and the report page keep them for
 * the length of a file's analysis (they hold the file anyway).
 */

interface Remembered {
  /** Drops every value kept. */
  forget(): void;
  /** How many values are kept now. */
  size(): number;
}

const MEMOS: Remembered[] = [];

/** Registers a memo that keeps values read from exchanges (at module load). */
export function registerRememberedValues(memo: Remembered): void {
  MEMOS.push(memo);
}

/** Drops the values every memo keeps. */
export function forgetRememberedValues(): void {
  for (const memo of MEMOS) memo.forget();
}

/** How many values the memos keep now, all together. */
export function rememberedValueCount(): number {
  let count = 0;
  for (const memo of MEMOS) count += memo.size();
  return count;
}
