import { nativeBrowser } from '../platform/native-browser';
import { startBackground } from './start';

startBackground(nativeBrowser());
