import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CATALOGUE_DOC, renderCatalogue } from '../../scripts/docs';
import { CATALOGUE, DIAGNOSIS_IDS } from '../../src/core/catalogue';

describe('docs/diagnoses.md, the catalogue in the repository', () => {
  test('is what `npm run docs` generates from the core (run it after changing the catalogue)', () => {
    expect(readFileSync(CATALOGUE_DOC, 'utf8')).toBe(renderCatalogue());
  });

  test('documents every id with its title, explanation and every fix', () => {
    const doc = renderCatalogue();
    for (const id of DIAGNOSIS_IDS) {
      const section = doc.split(`\n### ${id}\n`)[1]?.split('\n### ')[0] ?? '';
      expect(section, id).toContain(CATALOGUE[id].title);
      expect(section, id).toContain(CATALOGUE[id].explanation);
      for (const fix of CATALOGUE[id].fixes) expect(section, id).toContain(fix);
      expect(doc, id).toMatch(new RegExp(`^\\| \\[\`${id}\`\\]\\(#${id}\\) +\\|`, 'm'));
    }
  });
});
