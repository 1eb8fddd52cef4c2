// A stand-in for the `devtools` namespace, installed into the panel page opened as an ordinary
// tab (DevTools panels are hard to automate: docs/browser-notes.md#testing). The panel then runs as in DevTools:
// the inspected tab's id, the theme, and network entries the test hands it.

export interface FakeDevtoolsOptions {
  tabId: number;
  theme: 'default' | 'dark';
}

/** Runs in the page before its scripts (Playwright addInitScript); plain JS only. */
export function installFakeDevtools({ tabId, theme }: FakeDevtoolsOptions): void {
  if (!location.pathname.startsWith('/panel/')) return;
  type Listener = (request: unknown) => void;
  const listeners: Listener[] = [];
  const event = (list: Listener[]) => ({
    addListener: (l: Listener) => list.push(l),
    removeListener: () => undefined,
    hasListener: () => false,
  });
  const fake = {
    inspectedWindow: { tabId },
    panels: { themeName: theme, onThemeChanged: event([]) },
    network: {
      onRequestFinished: event(listeners),
      getHAR: (callback?: (log: unknown) => void) => {
        const log = { entries: [] };
        callback?.(log);
        return Promise.resolve(log);
      },
    },
  };
  // Chrome's getContent calls back with (content, encoding).
  (window as unknown as Record<string, unknown>).__finishRequest = (
    entry: object,
    body: string,
  ) => {
    for (const listener of listeners)
      listener({
        ...entry,
        getContent: (callback?: (content: string, encoding: string) => void) => {
          callback?.(body, '');
          return Promise.resolve([body, '']);
        },
      });
  };
  for (const name of ['chrome', 'browser']) {
    const namespace = (globalThis as Record<string, unknown>)[name];
    if (namespace && typeof namespace === 'object')
      Object.defineProperty(namespace, 'devtools', { value: fake, configurable: true });
  }
}
