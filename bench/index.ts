// All benchmarks, one after the other: npm run bench. Each bench file also runs on its own.
import { runParserBench } from './parsers';

runParserBench();
