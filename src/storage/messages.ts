// Every message the extension pages send the background, with its payload and its answer.
// Payloads are plain JSON (Chrome serializes messages as JSON; Firefox clones them).

export interface Requests {
  /** Forget the failures of one tab, or of every tab. */
  clear: { request: { tabId?: number }; response: { cleared: number } };
}

export type MessageType = keyof Requests;
export type Message = { [T in MessageType]: { type: T } & Requests[T]['request'] }[MessageType];
export type Reply<T extends MessageType> =
  | { ok: true; value: Requests[T]['response'] }
  | { ok: false; reason: string };

const TYPES: ReadonlySet<string> = new Set<MessageType>(['clear']);

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    TYPES.has((value as { type?: unknown }).type as string)
  );
}
