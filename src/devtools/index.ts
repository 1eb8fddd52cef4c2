// The DevTools page: creates the 401 Doctor panel, nothing else. Paths start with '/': Chrome
// resolves them from the extension root, Firefox from this page's folder (docs/browser-notes.md#panel-paths).
import { browser } from '../platform/browser';
import { createPanel } from './create-panel';

void createPanel(browser.devtools.panels);
