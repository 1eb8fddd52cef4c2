// The extension pages' HTML shells, written once. Every page but the welcome page (which has
// its own content in src/welcome/index.html) is an empty document that loads its TS entry;
// scripts/build.ts hands these shells to Vite as `src/<page>/index.html`.
import { join } from 'node:path';
import type { Plugin } from 'vite';

interface Shell {
  title: string;
  /** The TS entry beside the page. */
  entry: string;
  /** Whether the page mounts a Preact app into `#app`. */
  app: boolean;
  /** Whether the page follows the system's light or dark scheme before its CSS loads
   * (the DevTools panel follows DevTools' own theme instead). */
  systemScheme: boolean;
}

const SHELLS: Record<string, Shell> = {
  devtools: {
    title: '401 Doctor DevTools page',
    entry: 'index.ts',
    app: false,
    systemScheme: false,
  },
  options: { title: '401 Doctor settings', entry: 'main.tsx', app: true, systemScheme: true },
  panel: { title: '401 Doctor', entry: 'main.tsx', app: true, systemScheme: false },
  popup: { title: '401 Doctor', entry: 'main.tsx', app: true, systemScheme: true },
  report: { title: '401 Doctor report', entry: 'main.tsx', app: true, systemScheme: true },
};

function html(shell: Shell): string {
  const scheme = shell.systemScheme
    ? '\n    <meta name="color-scheme" content="light dark" />'
    : '';
  const app = shell.app ? '\n    <div id="app"></div>' : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />${scheme}
    <title>${shell.title}</title>
  </head>
  <body>${app}
    <script type="module" src="./${shell.entry}"></script>
  </body>
</html>
`;
}

/** `src/<page>/index.html` for every shell page, keyed by page. */
export function shellInputs(src: string): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const page of Object.keys(SHELLS)) inputs[page] = join(src, page, 'index.html');
  return inputs;
}

/** A Vite plugin that serves the shells as if they were files under `src/`. */
export function pageShells(src: string): Plugin {
  const byId = new Map(
    Object.entries(SHELLS).map(([page, shell]) => [join(src, page, 'index.html'), shell]),
  );
  return {
    name: '401-doctor-page-shells',
    enforce: 'pre',
    resolveId: (id) => (byId.has(id) ? id : undefined),
    load: (id) => {
      const shell = byId.get(id);
      return shell ? html(shell) : undefined;
    },
  };
}
