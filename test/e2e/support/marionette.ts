// Firefox driven over Marionette (its own automation protocol, no geckodriver): the one way
// seen here to script the browser's chrome (privileged) context, where DevTools lives.
// Wire format: `<byte length>:<JSON>`; commands `[0, id, name, params]`, replies
// `[1, id, error, result]`; the server speaks first with a hello.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../../scripts/browsers';

export interface Marionette {
  /** Sends one command; resolves with its result's `value` (or the whole result). */
  send<T = unknown>(name: string, params?: Record<string, unknown>): Promise<T>;
  /**
   * Runs `script` (a function body; `arguments` holds `args`; a returned promise is awaited) in
   * the current context. `undefined` comes back as null over the wire: null resolves undefined.
   */
  execute<T = unknown>(script: string, args?: unknown[]): Promise<T>;
  setContext(context: 'chrome' | 'content'): Promise<void>;
  close(): Promise<void>;
}

class Client {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private hello: Promise<void>;

  constructor(private socket: Socket) {
    let helloDone: () => void = () => {};
    this.hello = new Promise((resolve) => {
      helloDone = resolve;
    });
    let first = true;
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const colon = this.buffer.indexOf(':');
        if (colon < 0) return;
        const length = Number(this.buffer.subarray(0, colon).toString());
        if (this.buffer.length < colon + 1 + length) return;
        const body = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString());
        this.buffer = this.buffer.subarray(colon + 1 + length);
        if (first) {
          first = false;
          helloDone();
          continue;
        }
        const [, id, error, result] = body as [number, number, unknown, unknown];
        const waiter = this.pending.get(id);
        this.pending.delete(id);
        if (!waiter) continue;
        if (error) waiter.reject(new Error(`Marionette: ${JSON.stringify(error)}`));
        else waiter.resolve(result);
      }
    });
    const fail = (e: Error) => {
      for (const waiter of this.pending.values()) waiter.reject(e);
      this.pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('Marionette connection closed')));
  }

  async send(name: string, params: Record<string, unknown> = {}): Promise<unknown> {
    await this.hello;
    const id = this.nextId++;
    const data = Buffer.from(JSON.stringify([0, id, name, params]));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.write(`${data.length}:`);
      this.socket.write(data);
    });
  }
}

/**
 * Firefox (headless) with Marionette on a free port and `prefs` in the profile's user.js.
 * `-remote-allow-system-access` lets Marionette switch to the chrome context.
 */
export async function launchMarionette(
  executablePath: string,
  prefs: Record<string, string | number | boolean>,
): Promise<Marionette> {
  const profile = mkdtempSync(join(tmpdir(), '401-doctor-marionette-'));
  const allPrefs = {
    // Port 0: Firefox picks a free port and writes it to MarionetteActivePort in the profile.
    'marionette.port': 0,
    'app.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    ...prefs,
  };
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(allPrefs)
      .map(([key, value]) => `user_pref(${JSON.stringify(key)}, ${JSON.stringify(value)});`)
      .join('\n'),
  );
  const child: ChildProcess = spawn(
    executablePath,
    [
      '--marionette',
      '-remote-allow-system-access',
      '--headless',
      '--no-remote',
      '--profile',
      profile,
    ],
    { stdio: 'ignore', env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = async () => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    rmSync(profile, { recursive: true, force: true });
  };
  let socket: Socket | undefined;
  let client: Client;
  try {
    const portFile = join(profile, 'MarionetteActivePort');
    const port = await waitFor(
      'Marionette’s port',
      async () => {
        if (child.exitCode !== null) throw new Error(`Firefox exited (${child.exitCode})`);
        if (!existsSync(portFile)) return undefined;
        const n = Number(readFileSync(portFile, 'utf8').trim());
        return n > 0 ? n : undefined;
      },
      60_000,
    );
    socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    client = new Client(socket);
    await client.send('WebDriver:NewSession', { capabilities: {} });
    await client.send('WebDriver:SetTimeouts', { script: 60_000 });
  } catch (error) {
    socket?.destroy();
    child.kill('SIGTERM');
    await cleanUp();
    throw error;
  }
  const connected = socket;

  const send = async <T>(name: string, params?: Record<string, unknown>) => {
    const result = (await client.send(name, params)) as { value?: unknown } | null;
    return (result && typeof result === 'object' && 'value' in result ? result.value : result) as T;
  };
  return {
    send,
    execute: async <T>(script: string, args: unknown[] = []) =>
      ((await send<T | null>('WebDriver:ExecuteScript', { script, args })) ?? undefined) as T,
    setContext: async (value) => {
      await send('Marionette:SetContext', { value });
    },
    async close() {
      await client.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => undefined);
      connected.destroy();
      await cleanUp();
    },
  };
}
