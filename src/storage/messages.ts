// Every message the extension pages send the background, with its payload and its answer.
// Payloads are plain JSON (Chrome serializes messages as JSON; Firefox clones them).

import type { CompactFailure } from '../core/engine';
import type { Exchange } from '../core/exchange';

export interface Requests {
  /** Forget the failures of one tab, or of every tab. */
  clear: { request: { tabId?: number }; response: { cleared: number } };
  /**
   * A replay is about to be sent as the page of `tabId`: the capture leaves that request (and
   * its preflight) to the `replay` message that follows, so it is listed once, as a replay.
   */
  'replay-expect': { request: { tabId: number; method: string; url: string }; response: null };
  /**
   * A replay's exchange (raw values: in memory only, never stored as such): diagnosed with the
   * tab's context, stored in the tab's list marked as a replay of `of` (a list key).
   */
  replay: {
    request: { tabId: number; of: string; mode: 'page' | 'extension'; exchange: Exchange };
    response: { failure: CompactFailure | null; id: string };
  };
}

export type MessageType = keyof Requests;
export type Message = { [T in MessageType]: { type: T } & Requests[T]['request'] }[MessageType];
export type Reply<T extends MessageType> =
  | { ok: true; value: Requests[T]['response'] }
  | { ok: false; reason: string };

const TYPES: ReadonlySet<string> = new Set<MessageType>(['clear', 'replay-expect', 'replay']);

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    TYPES.has((value as { type?: unknown }).type as string)
  );
}
