// The recorded HARs under test/fixtures, and a text handed over in chunks as a stream would.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

/** Every .har file under `dir`, at any depth. */
export function harFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? harFiles(join(dir, d.name))
      : d.name.endsWith('.har')
        ? [join(dir, d.name)]
        : [],
  );
}

/** `text` as an async source of `size`-character chunks; `onChunk` hears each one read. */
export function chunked(text: string, size: number, onChunk = () => {}) {
  return async function* () {
    for (let i = 0; i < text.length; i += size) {
      onChunk();
      yield text.slice(i, i + size);
    }
  };
}
