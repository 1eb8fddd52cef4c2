// An in-memory stand-in for the browser's own API object as the background sees it
// (src/platform/api.ts, BackgroundBrowser). It behaves like Chrome's native object, not like
// webextension-polyfill: runtime.onMessage answers only through sendResponse (a listener's
// returned Promise is ignored), and storage values are copied as JSON, as Chrome does.
import type {
  BackgroundBrowser,
  BeforeRequestDetails,
  CompletedDetails,
  ErrorDetails,
  ExtensionEvent,
  MessageListener,
  NotificationOptions,
  RedirectDetails,
  SentDetails,
  StorageArea,
  StorageChange,
} from '../../src/platform/api';

export interface FakeEvent<Listener extends (...args: never[]) => unknown>
  extends ExtensionEvent<Listener> {
  readonly listeners: Listener[];
  fire(...args: Parameters<Listener>): void;
}

export function fakeEvent<Listener extends (...args: never[]) => unknown>(): FakeEvent<Listener> {
  const listeners: Listener[] = [];
  return {
    listeners,
    addListener: (listener) => void listeners.push(listener),
    removeListener(listener) {
      const at = listeners.indexOf(listener);
      if (at >= 0) listeners.splice(at, 1);
    },
    hasListener: (listener) => listeners.includes(listener),
    fire: (...args) => {
      for (const listener of [...listeners]) listener(...args);
    },
  };
}

interface FakeWebRequestEvent<Details> {
  /** Each listener with the filter and extra-info spec it was added with. */
  readonly added: Array<{ extraInfoSpec: string[] | undefined; filter: { urls: string[] } }>;
  addListener(
    listener: (details: Details) => void,
    filter: { urls: string[] },
    extraInfoSpec?: string[],
  ): void;
  fire(details: Details): void;
}

function fakeWebRequestEvent<Details>(): FakeWebRequestEvent<Details> {
  const listeners: Array<(details: Details) => void> = [];
  const added: FakeWebRequestEvent<Details>['added'] = [];
  return {
    added,
    addListener(listener, filter, extraInfoSpec) {
      listeners.push(listener);
      added.push({ filter, extraInfoSpec });
    },
    fire: (details) => {
      for (const listener of listeners) listener(details);
    },
  };
}

const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

function fakeStorageArea(
  name: string,
  changed: FakeEvent<(changes: Record<string, StorageChange>, area: string) => void>,
): StorageArea & { readonly data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const emit = (changes: Record<string, StorageChange>) => {
    if (Object.keys(changes).length > 0) changed.fire(changes, name);
  };
  return {
    data,
    async get(keys) {
      const wanted = keys === null || keys === undefined ? [...data.keys()] : [keys].flat();
      const out: Record<string, unknown> = {};
      for (const key of wanted) if (data.has(key)) out[key] = copy(data.get(key));
      return out;
    },
    async set(items) {
      const changes: Record<string, StorageChange> = {};
      for (const [key, value] of Object.entries(items)) {
        changes[key] = { oldValue: data.get(key), newValue: copy(value) };
        data.set(key, copy(value));
      }
      emit(changes);
    },
    async remove(keys) {
      const changes: Record<string, StorageChange> = {};
      for (const key of [keys].flat()) {
        if (data.has(key)) changes[key] = { oldValue: data.get(key) };
        data.delete(key);
      }
      emit(changes);
    },
  };
}

export function fakeNativeBrowser(options: { notifications?: boolean } = {}) {
  const storageChanged =
    fakeEvent<(changes: Record<string, StorageChange>, area: string) => void>();
  const badgeText = new Map<number, string>();
  const badgeColor = new Map<number, string>();
  const buttonTitle = new Map<number, string>();
  const openedTabs: string[] = [];
  const closedTabs = new Set<number>();
  const shown = new Map<string, NotificationOptions>();
  let notificationCount = 0;
  const onMessage = fakeEvent<MessageListener>();
  const notifications = {
    async create(created: NotificationOptions) {
      const id = `notification-${++notificationCount}`;
      shown.set(id, created);
      return id;
    },
    async clear(id: string) {
      return shown.delete(id);
    },
    onClicked: fakeEvent<(id: string) => void>(),
  };

  const browser = {
    storage: {
      session: fakeStorageArea('session', storageChanged),
      local: fakeStorageArea('local', storageChanged),
      onChanged: storageChanged,
    },
    webRequest: {
      onBeforeRequest: fakeWebRequestEvent<BeforeRequestDetails>(),
      onSendHeaders: fakeWebRequestEvent<SentDetails>(),
      onBeforeRedirect: fakeWebRequestEvent<RedirectDetails>(),
      onCompleted: fakeWebRequestEvent<CompletedDetails>(),
      onErrorOccurred: fakeWebRequestEvent<ErrorDetails>(),
    },
    tabs: {
      async create({ url }: { url: string }) {
        openedTabs.push(url);
        return { url };
      },
      onRemoved: fakeEvent<(tabId: number) => void>(),
    },
    action: {
      async setBadgeText({ tabId, text }: { tabId: number; text: string }) {
        if (closedTabs.has(tabId)) throw new Error(`No tab with id: ${tabId}.`);
        badgeText.set(tabId, text);
      },
      async setBadgeBackgroundColor({ tabId, color }: { tabId: number; color: string }) {
        if (closedTabs.has(tabId)) throw new Error(`No tab with id: ${tabId}.`);
        badgeColor.set(tabId, color);
      },
      async setTitle({ tabId, title }: { tabId: number; title: string }) {
        if (closedTabs.has(tabId)) throw new Error(`No tab with id: ${tabId}.`);
        buttonTitle.set(tabId, title);
      },
    },
    notifications: options.notifications ? notifications : undefined,
    permissions: { onAdded: fakeEvent<() => void>() },
    runtime: {
      getURL: (path: string) => `chrome-extension://fake-id/${path.replace(/^\//, '')}`,
      onMessage,
      onInstalled: fakeEvent<(details: { reason: string }) => void>(),
    },
  } satisfies BackgroundBrowser;

  return {
    browser: browser as typeof browser & BackgroundBrowser,
    badgeText,
    badgeColor,
    buttonTitle,
    openedTabs,
    closedTabs,
    shown,
    /** The notifications namespace, present in `browser` only once granted. */
    notifications,
    /** The optional permission granted: the namespace appears, then permissions.onAdded fires. */
    grantNotifications() {
      (browser as BackgroundBrowser).notifications = notifications;
      browser.permissions.onAdded.fire();
    },
    notificationClicked: (id: string) => notifications.onClicked.fire(id),
    /**
     * runtime.sendMessage as Chrome delivers it: the reply is what a listener passed to
     * sendResponse after returning true; a listener that returns anything else (a Promise
     * included) closes the channel and the sender gets undefined.
     */
    sendMessage(message: unknown): Promise<unknown> {
      return new Promise((resolve) => {
        let waiting = false;
        for (const listener of onMessage.listeners) {
          if (listener(message, { id: 'fake-id' }, resolve) === true) waiting = true;
        }
        if (!waiting) resolve(undefined);
      });
    },
  };
}

export type FakeNativeBrowser = ReturnType<typeof fakeNativeBrowser>;
