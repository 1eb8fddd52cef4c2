// Stands in for webextension-polyfill in unit tests (aliased in vitest.config.ts).
import { fakeBrowser } from '@webext-core/fake-browser';

export default fakeBrowser;
