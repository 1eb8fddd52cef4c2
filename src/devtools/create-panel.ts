import type { Browser } from '../platform/browser';

export const PANEL_TITLE = '401 Doctor';
export const PANEL_ICON = '/icons/icon-32.png';
export const PANEL_PAGE = '/panel/index.html';

/** Registers the panel; resolves when DevTools has created it. */
export function createPanel(panels: Pick<Browser['devtools']['panels'], 'create'>) {
  return panels.create(PANEL_TITLE, PANEL_ICON, PANEL_PAGE);
}
