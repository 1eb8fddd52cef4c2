import type { ToolInfo } from '../core/har/analyze-har';
import type { HarAnalysisResult } from './har-analysis';

/** Page -> worker. */
export type WorkerRequest =
  | { id: number; type: 'analyze'; file: Blob; tool: ToolInfo }
  | { id: number; type: 'sanitize' };

/** Worker -> page. Plain data (structured clone). */
export type WorkerReply =
  | { id: number; type: 'progress'; read: number; total: number; entries: number; failures: number }
  | { id: number; type: 'analyzed'; result: HarAnalysisResult }
  /** `har`: the sanitized file, built as a Blob (no string could hold a big one). */
  | { id: number; type: 'sanitized'; har: Blob | undefined; error: string | undefined };
