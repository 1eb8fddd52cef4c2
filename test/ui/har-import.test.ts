import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHarImporter } from '../../src/ui/har-import';

/** A stand-in Worker: records what the page posts, lets the test fire its events. */
class FakeWorker {
  static last: FakeWorker | undefined;
  posted: unknown[] = [];
  listeners: Record<string, Array<(event: unknown) => void>> = {};
  constructor() {
    FakeWorker.last = this;
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    const list = this.listeners[type] ?? [];
    list.push(listener);
    this.listeners[type] = list;
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  fire(type: string, event: unknown) {
    for (const listener of this.listeners[type] ?? []) listener(event);
  }
}

describe('HAR import: the worker failing', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('answers a pending "Sanitized HAR" request with an error instead of leaving it waiting', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const importer = createHarImporter();
    const sanitized = importer.sanitized();
    const analyzed = importer.analyze(new Blob(['{}']), { name: 't', version: '1' }, () => {});
    FakeWorker.last?.fire('error', { message: 'out of memory' });
    await expect(sanitized).resolves.toEqual({ error: 'The sanitizing stopped: out of memory' });
    await expect(analyzed).resolves.toEqual({
      ok: false,
      error: 'The analysis stopped: out of memory',
    });
  });

  it('a later request starts a new worker', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const importer = createHarImporter();
    void importer.sanitized();
    const first = FakeWorker.last;
    first?.fire('error', { message: '' });
    const next = importer.sanitized();
    expect(FakeWorker.last).not.toBe(first);
    const request = FakeWorker.last?.posted[0] as { id: number };
    const har = new Blob(['{}']);
    FakeWorker.last?.fire('message', {
      data: { id: request.id, type: 'sanitized', har, error: undefined },
    });
    await expect(next).resolves.toEqual({ har });
  });
});
