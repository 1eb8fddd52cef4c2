// Property: redactText's quick answers (no secret worth searching for, a text shorter than every
// secret, a text holding no secret's start) give what the masker gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecretValue } from '../../../src/core/secrets/collect';
import { isSearchableSecret, SECRET_CLASSES } from '../../../src/core/secrets/model';
import { createValueMasker, redactText } from '../../../src/core/secrets/value-masker';

const secretValue = fc.record({
  value: fc.oneof(
    fc.constantFrom('FAKE-session-419', 'tok-abc-123456789', 'p@ss word/1', 'é-secret-ü12', 'abc'),
    fc.stringMatching(/^[A-Za-z0-9 %+/._~-]{4,60}$/),
  ),
  kind: fc.constantFrom(...SECRET_CLASSES),
});

describe('masking secrets in free text', () => {
  it('gives what the masker gives', () => {
    fc.assert(
      fc.property(
        fc.array(secretValue, { maxLength: 5 }),
        fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.nat(9)), { maxLength: 8 }),
        (secrets: SecretValue[], parts) => {
          // Texts made of secrets (as they are, URL- or JSON-encoded), pieces of them, and noise.
          const text = parts
            .map((part) => {
              if (typeof part === 'string') return part;
              const secret = secrets[part % Math.max(1, secrets.length)]?.value ?? '';
              if (part < 3) return secret;
              if (part < 5) return encodeURIComponent(secret);
              if (part < 7) return JSON.stringify(secret);
              return secret.slice(0, (part - 6) * 12);
            })
            .join('');
          const masker = createValueMasker(secrets.filter((s) => isSearchableSecret(s.value)));
          expect(redactText(text, secrets)).toBe(masker.mask(text));
          expect(
            redactText(
              text,
              secrets.map((s) => s.value),
            ),
          ).toBe(
            createValueMasker(
              secrets
                .filter((s) => isSearchableSecret(s.value))
                .map((s) => ({ value: s.value, kind: 'token' as const })),
            ).mask(text),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a text shorter than every secret, or without any start of one, comes back as it is', () => {
    const secrets: SecretValue[] = [{ value: 'FAKE-session-419', kind: 'cookie' }];
    expect(redactText('FAKE-session-41', secrets)).toBe('FAKE-session-41');
    expect(redactText('sid=FAKE-session-419;', secrets)).toBe('sid=•••;');
    expect(redactText('nothing to see here, nothing at all', secrets)).toBe(
      'nothing to see here, nothing at all',
    );
  });
});
