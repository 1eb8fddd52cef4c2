import type { h } from 'preact';
import { expect, test } from 'vitest';
import { RichText } from '../../src/ui/rich-text';

const render = (text: string) => {
  const out = RichText({ text });
  return (Array.isArray(out) ? out : [out]).map((part) =>
    typeof part === 'string'
      ? part
      : `<code>${(part as ReturnType<typeof h>).props.children}</code>`,
  );
};

test('backtick spans become code, the rest stays text', () => {
  expect(render('Send `Authorization: Bearer <token>` on every request')).toEqual([
    'Send ',
    '<code>Authorization: Bearer <token></code>',
    ' on every request',
  ]);
});

test('text without a pair of backticks is returned as is; an odd backtick stays text', () => {
  expect(render('plain <b>text</b>')).toEqual(['plain <b>text</b>']);
  expect(render('a `b` c `d')).toEqual(['a ', '<code>b</code>', ' c ', '`d']);
});
