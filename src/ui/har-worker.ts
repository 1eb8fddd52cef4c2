// Analyses an imported HAR off the page's main thread: parsing and diagnosing 10 000 entries
// takes seconds, and the page must keep answering (scrolling, typing, progress) meanwhile.
// The file is read as a stream (Blob.stream()), never as one string: a 1 GB export does not
// fit in one, and the worker's memory stays bounded by what it reports. The sanitized export
// streams too (the core's sanitizeHarStream: the file read twice, the copy built as a Blob
// piece by piece), so it has no size limit either.
import type { ToolInfo } from '../core/har/analyze-har';
import { sanitizeHarStream } from '../core/har/sanitize-har-stream';
import { analyzeHarStreamed } from './har-analysis';
import type { WorkerReply, WorkerRequest } from './har-worker-protocol';

// The last file analysed, for "export sanitized HAR" (a reference, read again on demand).
let lastFile: Blob | undefined;

/** Text gathered before it joins the Blob being built (the browser keeps Blobs off the JS heap). */
const BLOB_PIECE = 8_000_000;

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

async function exportSanitized(): Promise<{ har: Blob | undefined; error: string | undefined }> {
  const file = lastFile;
  if (!file) return { har: undefined, error: 'No file was imported.' };
  const type = 'application/json';
  let har = new Blob([], { type });
  let pending: string[] = [];
  let pendingLength = 0;
  const gather = () => {
    har = new Blob([har, ...pending], { type });
    pending = [];
    pendingLength = 0;
  };
  try {
    const result = await sanitizeHarStream(
      () => textOf(file),
      (text) => {
        pending.push(text);
        pendingLength += text.length;
        if (pendingLength >= BLOB_PIECE) gather();
      },
    );
    if (!result.ok) return { har: undefined, error: result.error };
  } catch (error) {
    return {
      har: undefined,
      error: `The sanitized copy could not be built (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
  gather();
  return { har, error: undefined };
}
