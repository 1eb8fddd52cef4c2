// All benchmarks, one after the other: npm run bench. Each bench file also runs on its own.
// The last two need a build (dist/chrome) and Chromium; they are skipped without them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium } from '../scripts/browsers';
import { runAnalyzeHarBench } from './analyze-har';
import { runBigHarBench } from './big-har';
import { runExtensionBench } from './extension';
import { runOverheadBench } from './overhead';
import { runParserBench } from './parsers';
import { runBigSanitizeBench, runSanitizeHarBench } from './sanitize-har';

runParserBench();
runAnalyzeHarBench();
runBigHarBench();
runSanitizeHarBench();
if (!process.env.BENCH_SKIP_HUGE) runBigSanitizeBench();
if (!findChromium() || !existsSync(resolve(import.meta.dirname, '../dist/chrome/manifest.json'))) {
  console.log(
    '\nExtension benchmarks skipped: they need `npm run build` and Chromium (CHROME_PATH).',
  );
} else {
  await runOverheadBench();
  await runExtensionBench();
}
