// Analyses an imported HAR off the page's main thread: parsing and diagnosing 10 000 entries
// takes seconds, and the page must keep answering (scrolling, typing, progress) meanwhile.
// The file is read as a stream (Blob.stream()), never as one string: a 1 GB export does not
// fit in one, and the worker's memory stays bounded by what it reports.
import type { ToolInfo } from '../core/har/analyze-har';
import { sanitizeHar } from '../core/har/sanitize-har';
import { analyzeHarStreamed } from './har-analysis';
import type { WorkerReply, WorkerRequest } from './har-worker-protocol';

// The last file analysed, for "export sanitized HAR" (a reference, read again on demand).
let lastFile: Blob | undefined;

/** Sanitizing builds the whole document in memory (secrets are found across the whole file). */
const SANITIZE_MAX_BYTES = 256_000_000;

const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

/** The blob's text in chunks, UTF-8 decoded (a character split between chunks kept whole). */
async function* textOf(blob: Blob): AsyncIterable<string> {
  const reader = blob.stream().pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

self.addEventListener('message', async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'analyze') {
    const tool: ToolInfo = request.tool;
    const file = request.file;
    const result = await analyzeHarStreamed(() => textOf(file), {
      tool,
      onProgress: ({ read, entries, failures }) =>
        post({ id: request.id, type: 'progress', read, total: file.size, entries, failures }),
    });
    if (result.ok) lastFile = file;
    post({ id: request.id, type: 'analyzed', result });
  } else if (request.type === 'sanitize') {
    post({ id: request.id, type: 'sanitized', ...(await exportSanitized()) });
  }
});

async function exportSanitized(): Promise<{ text: string | undefined; error: string | undefined }> {
  if (!lastFile) return { text: undefined, error: 'No file was imported.' };
  if (lastFile.size > SANITIZE_MAX_BYTES)
    return {
      text: undefined,
      error: `The file is too big to sanitize in the page (${Math.round(lastFile.size / 1e6)} MB): run \`401-doctor sanitize FILE -o OUT\` on it.`,
    };
  let data: unknown;
  try {
    const text = await lastFile.text();
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { text: undefined, error: 'The file could not be read again.' };
  }
  const result = sanitizeHar(data);
  return result.ok
    ? { text: JSON.stringify(result.har, null, 2), error: undefined }
    : { text: undefined, error: result.error };
}
