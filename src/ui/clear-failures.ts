import { browser } from '../platform/browser';
import type { Message } from '../storage/messages';

/**
 * Asks the background to forget the failures of one tab (or of every tab), as the popup's Clear
 * does: the records, the badge and every open view empty together (storage.onChanged).
 */
export function clearFailures(tabId: number | undefined): void {
  const message: Message = tabId === undefined ? { type: 'clear' } : { type: 'clear', tabId };
  void browser.runtime.sendMessage(message).catch(() => undefined);
}
