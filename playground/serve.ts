// npx tsx playground/serve.ts [--port N] [--cross-port M]
// Starts the playground and keeps it running until Ctrl-C. Port 0 (the default) picks free ports.
import { parseArgs } from 'node:util';
import { startPlayground } from './server';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'cross-port': { type: 'string' } },
});

function portOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--${name} must be a port number (0-65535), got ${value}`);
    process.exit(2);
  }
  return port;
}

const port = portOption('port', values.port);
const crossPort = portOption('cross-port', values['cross-port']);
const playground = await startPlayground({
  ...(port === undefined ? {} : { port }),
  ...(crossPort === undefined ? {} : { crossPort }),
});
console.log(`401 Doctor playground: ${playground.url}`);
console.log(`Second (cross-site) origin: ${playground.crossOrigin}`);
console.log(`OAuth corner: ${playground.oauthUrl}`);
console.log('Ctrl-C stops it.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await playground.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
