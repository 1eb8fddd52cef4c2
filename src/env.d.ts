/** Which browser this bundle was built for (scripts/build.ts). Never sniff the user agent. */
declare const __BROWSER__: 'chrome' | 'firefox';
