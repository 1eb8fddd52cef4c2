// The WebExtension API as this extension uses it, structurally: `BackgroundBrowser` is exactly
// what the background calls, typed as the browsers' own objects behave (promise-based methods;
// Chrome's onMessage contract). The background gets its object from ./native-browser.ts; the
// pages use webextension-polyfill (./browser.ts), whose storage areas fit `StorageArea` too.
// The unit tests' fake (test/support/fake-native-browser.ts) implements `BackgroundBrowser`, so it
// behaves like the browsers, not like the polyfill (no Promise returned from onMessage).
import type {
  WebRequestCompletedLike,
  WebRequestRedirectLike,
  WebRequestSentLike,
} from '../core/exchange-from-web-request';

/** An extension event: `addListener` may take extra arguments (webRequest filters, options). */
export interface ExtensionEvent<Listener> {
  addListener(listener: Listener, ...options: never[]): void;
  removeListener(listener: Listener): void;
  hasListener(listener: Listener): boolean;
}

/** A webRequest event: a listener, a URL filter and the extra details asked for. */
export interface WebRequestEvent<Details> {
  addListener(
    listener: (details: Details) => void,
    filter: { urls: string[] },
    extraInfoSpec?: string[],
  ): void;
}

export interface StorageChange {
  oldValue?: unknown;
  newValue?: unknown;
}

/** `storage.session` / `storage.local`: the calls the extension makes, promise-based. */
export interface StorageArea {
  get(keys?: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface StorageNamespace {
  session: StorageArea;
  local: StorageArea;
  onChanged: ExtensionEvent<(changes: Record<string, StorageChange>, areaName: string) => void>;
}

export type SentDetails = WebRequestSentLike & { requestId: string; tabId: number; type: string };
export type RedirectDetails = Omit<WebRequestRedirectLike, 'method' | 'requestHeaders'> & {
  requestId: string;
};
/**
 * Where a request was made. Chrome gives `frameId` and `initiator` (the frame's origin);
 * Firefox gives `frameId`, `documentUrl` (the frame's document) and `frameAncestors` (up to
 * the top document, last). Chrome never names the top document for a frame's request.
 */
export interface FrameDetails {
  frameId?: number;
  documentUrl?: string;
  frameAncestors?: Array<{ url: string; frameId: number }>;
}
export type CompletedDetails = WebRequestCompletedLike &
  FrameDetails & {
    requestId: string;
    tabId: number;
    type: string;
    url: string;
    method: string;
    initiator?: string;
    originUrl?: string;
  };
export type ErrorDetails = { requestId: string };
/**
 * onBeforeRequest with ["requestBody"]: Chrome and Firefox parse form bodies
 * (application/x-www-form-urlencoded, multipart) into `formData`, decoded, by name.
 */
export type BeforeRequestDetails = {
  requestId: string;
  method: string;
  url: string;
  requestBody?: { formData?: Record<string, string[]> | undefined } | null | undefined;
};

/** Chrome's contract for runtime.onMessage: answer through sendResponse, return true to wait. */
export type MessageListener = (
  message: unknown,
  sender: unknown,
  sendResponse: (reply: unknown) => void,
) => boolean;

export interface NotificationOptions {
  type: 'basic';
  iconUrl: string;
  title: string;
  message: string;
}

export interface BackgroundBrowser {
  storage: StorageNamespace;
  webRequest: {
    onBeforeRequest: WebRequestEvent<BeforeRequestDetails>;
    onSendHeaders: WebRequestEvent<SentDetails>;
    onBeforeRedirect: WebRequestEvent<RedirectDetails>;
    onCompleted: WebRequestEvent<CompletedDetails>;
    onErrorOccurred: WebRequestEvent<ErrorDetails>;
  };
  tabs: {
    create(properties: { url: string }): Promise<unknown>;
    onRemoved: ExtensionEvent<(tabId: number) => void>;
  };
  action: {
    setBadgeText(details: { tabId: number; text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
    setTitle(details: { tabId: number; title: string }): Promise<void>;
  };
  /** Present only while the optional `notifications` permission is granted. */
  notifications?: {
    create(options: NotificationOptions): Promise<string>;
    clear(id: string): Promise<unknown>;
    onClicked: ExtensionEvent<(id: string) => void>;
  };
  permissions: { onAdded: ExtensionEvent<() => void> };
  runtime: {
    getURL(path: string): string;
    onMessage: ExtensionEvent<MessageListener>;
    onInstalled: ExtensionEvent<(details: { reason: string }) => void>;
  };
}
