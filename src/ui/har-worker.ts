// Analyses an imported HAR off the page's main thread: parsing and diagnosing 10 000 entries
// takes seconds, and the page must keep answering (scrolling, typing, progress) meanwhile.
import type { ToolInfo } from '../core/har/analyze-har';
import { sanitizeHar } from '../core/har/sanitize-har';
import { analyzeHarText } from './har-analysis';
import type { WorkerReply, WorkerRequest } from './har-worker-protocol';

// The last file analysed, for "export sanitized HAR" (in this worker's memory only).
let lastData: unknown;

const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'analyze') {
    const tool: ToolInfo = request.tool;
    const result = analyzeHarText(
      request.text,
      {
        tool,
        onProgress: (done, total) => post({ id: request.id, type: 'progress', done, total }),
      },
      (data) => {
        lastData = data;
      },
    );
    post({ id: request.id, type: 'analyzed', result });
  } else if (request.type === 'sanitize') {
    const result = lastData === undefined ? undefined : sanitizeHar(lastData);
    post({
      id: request.id,
      type: 'sanitized',
      text: result?.ok ? JSON.stringify(result.har, null, 2) : undefined,
      error: result && !result.ok ? result.error : result ? undefined : 'No file was imported.',
    });
  }
});
