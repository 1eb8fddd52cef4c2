/**
 * One entry of a HAR read as a stream (`har-stream.ts`), with what came before it: what
 * `replay` needs, without the file ever being one string or one parsed object. The entries
 * before the one wanted are handed over as exchanges (for the context), each as it is read;
 * after it, the file is read on only until an entry carries a secret header (or to its end):
 * whether the file is a sanitized export (`createHarEntryReader`'s `finish`) changes what the
 * entry's diagnosis may conclude, as `importHar` marks it for a whole file.
 */
import type { Exchange } from '../exchange';
import { createHarEntryScanner } from './har-stream';
import { createHarEntryReader, markStripped } from './import-har';

export type HarEntryAtResult =
  /** `exchange`: the entry as `importHar` gives it (marked when secrets were stripped). */
  | { ok: true; found: true; exchange: Exchange; entry: unknown }
  /** No such entry (or a broken one); `entryCount`: how many `log.entries` has. */
  | { ok: true; found: false; entryCount: number }
  | { ok: false; error: string };

/**
 * Reads the HAR that `open()` gives (once) up to the entry at `wanted` (its index in
 * `log.entries`); `onEarlier` receives each readable entry before it, in order, as an
 * exchange (never marked as stripped: only a diagnosis reads the mark, not the context).
 * Never throws.
 */
export async function readHarEntryAt(
  open: () => AsyncIterable<string>,
  wanted: number,
  onEarlier: (exchange: Exchange) => void,
): Promise<HarEntryAtResult> {
  const reader = createHarEntryReader();
  let found: { exchange: Exchange; entry: unknown } | undefined;
  let done = false;
  const scanner = createHarEntryScanner((entry, index) => {
    if (done) return;
    const exchange = reader.add(entry, index);
    if (index < wanted) {
      if (exchange) onEarlier(exchange);
      return;
    }
    if (index === wanted && exchange) found = { exchange, entry };
    // Past the entry: read on only to learn whether the file is a sanitized export.
    if (found && reader.sawSecretHeader) done = true;
  });
  try {
    for await (const chunk of open()) {
      if (!scanner.push(chunk) || done) break;
    }
  } catch (error) {
    return {
      ok: false,
      error: `The file could not be read (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
  if (done && found) return { ok: true, found: true, ...found };
  const end = scanner.end();
  if (!end.ok) return { ok: false, error: end.error };
  if (!found) return { ok: true, found: false, entryCount: end.entryCount };
  if (reader.finish(end.creator).secretsStripped) markStripped(found.exchange);
  return { ok: true, found: true, ...found };
}
