// All benchmarks, one after the other: npm run bench. Each bench file also runs on its own.
import { runAnalyzeHarBench } from './analyze-har';
import { runParserBench } from './parsers';

runParserBench();
runAnalyzeHarBench();
