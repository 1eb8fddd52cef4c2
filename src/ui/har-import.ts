// The page's side of HAR import: reads the file, hands it to the worker, reports progress.
import type { ToolInfo } from '../core/har/analyze-har';
import type { HarAnalysisResult } from './har-analysis';
import type { WorkerReply, WorkerRequest } from './har-worker-protocol';

export interface HarImporter {
  /** The file is handed to the worker as it is (read there as a stream, never as one string). */
  analyze(
    file: Blob,
    tool: ToolInfo,
    onProgress: (progress: {
      read: number;
      total: number;
      entries: number;
      failures: number;
    }) => void,
  ): Promise<HarAnalysisResult>;
  /** The last imported file, sanitized (the core's sanitizeHarStream), as a Blob of JSON. */
  sanitized(): Promise<{ har?: Blob; error?: string }>;
}

export function createHarImporter(): HarImporter {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<
    number,
    { type: WorkerRequest['type']; answer: (reply: WorkerReply) => void }
  >();

  function start(): Worker {
    if (worker) return worker;
    worker = new Worker(new URL('./har-worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      waiting.get(event.data.id)?.answer(event.data);
    });
    worker.addEventListener('error', (event) => {
      // Each request waiting is answered with a failure of its own kind: a "Sanitized HAR"
      // request waits for a `sanitized` reply, not an `analyzed` one.
      const reason = event.message || 'worker error';
      for (const [id, { type, answer }] of waiting)
        answer(
          type === 'sanitize'
            ? { id, type: 'sanitized', har: undefined, error: `The sanitizing stopped: ${reason}` }
            : {
                id,
                type: 'analyzed',
                result: { ok: false, error: `The analysis stopped: ${reason}` },
              },
        );
      waiting.clear();
      worker = undefined;
    });
    return worker;
  }

  function ask(request: WorkerRequest, onReply: (reply: WorkerReply) => boolean): void {
    waiting.set(request.id, {
      type: request.type,
      answer: (reply) => {
        if (onReply(reply)) waiting.delete(request.id);
      },
    });
    start().postMessage(request);
  }

  return {
    analyze(file, tool, onProgress) {
      return new Promise((resolve) => {
        ask({ id: nextId++, type: 'analyze', file, tool }, (reply) => {
          if (reply.type === 'progress') {
            onProgress(reply);
            return false;
          }
          if (reply.type === 'analyzed') resolve(reply.result);
          return true;
        });
      });
    },
    sanitized() {
      return new Promise((resolve) => {
        ask({ id: nextId++, type: 'sanitize' }, (reply) => {
          if (reply.type === 'sanitized')
            resolve({
              ...(reply.har !== undefined ? { har: reply.har } : {}),
              ...(reply.error !== undefined ? { error: reply.error } : {}),
            });
          return true;
        });
      });
    },
  };
}
