// The provider table in two halves (src/core/provider-headers.ts, src/core/providers.ts): the
// header half is what the extension's background loads, so on an exchange without a body it
// must say what the whole table says, and the whole table must be the header rows with what
// bodies add, in one order.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext, recordExchange } from '../../src/core/context';
import { PROVIDER_KNOWLEDGE } from '../../src/core/diagnose';
import { diagnoseCompact } from '../../src/core/engine';
import type { Exchange } from '../../src/core/exchange';
import { importHar } from '../../src/core/har/import-har';
import {
  GENERIC_PHRASES,
  HEADER_KNOWLEDGE,
  PROVIDER_HEADER_ROWS,
} from '../../src/core/provider-headers';
import { PROVIDERS } from '../../src/core/providers';
import { readServerWords } from '../../src/core/server-words';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/** Every exchange of the recorded and public HAR files, as the background sees it: no body. */
function bodilessFiles(): Array<{ file: string; exchanges: Exchange[] }> {
  const out: Array<{ file: string; exchanges: Exchange[] }> = [];
  for (const dir of ['har', 'public'])
    for (const name of readdirSync(resolve(FIXTURES, dir)).filter((f) => f.endsWith('.har'))) {
      const imported = importHar(readFileSync(resolve(FIXTURES, dir, name), 'utf8'));
      if (!imported.ok) throw new Error(`${dir}/${name}: ${imported.error}`);
      out.push({
        file: `${dir}/${name}`,
        exchanges: imported.value.exchanges.map((exchange) => {
          const { body: _body, ...response } = exchange.response;
          return { ...exchange, response };
        }),
      });
    }
  return out;
}

const STATUSES = new Set([401, 403, 407]);

describe('the header half of the provider table', () => {
  it('is part of the whole table: each header row in it once, header messages first, same order', () => {
    const headerRows = Object.values(PROVIDER_HEADER_ROWS);
    expect(HEADER_KNOWLEDGE.providers).toEqual(headerRows);
    expect(HEADER_KNOWLEDGE.phrases).toBe(GENERIC_PHRASES);
    const positions = headerRows.map((row) => PROVIDERS.findIndex((full) => full.id === row.id));
    expect(positions.every((i) => i >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const row of headerRows) {
      const full = PROVIDERS.find((one) => one.id === row.id);
      const { messages, ...identity } = row;
      expect(full, row.id).toMatchObject(identity);
      expect(full?.messages.slice(0, messages.length), row.id).toEqual(messages);
    }
    // Body shapes and body-only messages stay out of it.
    for (const row of HEADER_KNOWLEDGE.providers) expect(row.body, row.id).toBeUndefined();
    expect(HEADER_KNOWLEDGE.providers.length).toBeLessThan(PROVIDERS.length / 4);
  });

  it('every header message is written for a header line (`name: value`) or a challenge', () => {
    for (const row of Object.values(PROVIDER_HEADER_ROWS))
      for (const message of row.messages) {
        const sample = HEADER_SAMPLES[row.id];
        expect(sample, row.id).toBeDefined();
        const words = readServerWords(undefined, sample ?? []);
        expect(
          words.headers.some((line) => message.pattern.test(line)),
          `${row.id}: ${message.pattern.source}`,
        ).toBe(true);
      }
  });

  it('on every recorded and public exchange without its body, it says what the whole table says', () => {
    let compared = 0;
    let said = 0;
    for (const { file, exchanges } of bodilessFiles()) {
      const viaHeaders = createContext();
      const viaTable = createContext();
      for (const exchange of exchanges) {
        const a = diagnoseCompact(exchange, viaHeaders, {
          statuses: STATUSES,
          knowledge: HEADER_KNOWLEDGE,
        });
        const b = diagnoseCompact(exchange, viaTable, {
          statuses: STATUSES,
          knowledge: PROVIDER_KNOWLEDGE,
        });
        expect(a, file).toEqual(b);
        if (b) compared++;
        if (b?.diagnoses.some((d) => d.evidence.some((line) => / says: "/.test(line)))) said++;
        recordExchange(viaHeaders, exchange);
        recordExchange(viaTable, exchange);
      }
    }
    expect(compared).toBeGreaterThan(60);
    // Not vacuous: vendor headers name the cause in some of them.
    expect(said).toBeGreaterThanOrEqual(3);
  });
});

/** One documented header set per header row, each message's header line among them. */
const HEADER_SAMPLES: Record<string, Array<{ name: string; value: string }>> = {
  gitlab: [
    {
      name: 'WWW-Authenticate',
      value:
        'Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="Token was revoked. You have to re-authorize from the user."',
    },
  ],
  'atlassian-server': [
    { name: 'X-Seraph-LoginReason', value: 'AUTHENTICATION_DENIED' },
    { name: 'X-AUSERNAME', value: 'anonymous' },
    { name: 'X-Seraph-LoginReason', value: 'AUTHENTICATED_FAILED' },
  ],
  'azure-storage': [
    { name: 'x-ms-error-code', value: 'NoAuthenticationInformation' },
    { name: 'x-ms-error-code', value: 'AuthenticationFailed' },
  ],
  'aws-api-gateway': [{ name: 'x-amzn-ErrorType', value: 'UnauthorizedException' }],
  spotify: [
    {
      name: 'www-authenticate',
      value:
        'Bearer realm="spotify", error="invalid_token", error_description="The access token expired"',
    },
  ],
  'aspnet-core': [
    {
      name: 'WWW-Authenticate',
      value: `Bearer error="invalid_token", error_description="The token expired at '03/01/2024 08:00:00'"`,
    },
    {
      name: 'WWW-Authenticate',
      value: `Bearer error="invalid_token", error_description="The audience 'api://other' is invalid"`,
    },
  ],
};
