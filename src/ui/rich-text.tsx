import type { ComponentChildren } from 'preact';

/**
 * Catalogue texts mark code with backticks (`Authorization: Bearer <token>`). This shows those
 * parts as <code>; everything stays a text node, so no captured value can become markup.
 */
export function RichText({ text }: { text: string }): ComponentChildren {
  const parts = text.split('`');
  if (parts.length < 3) return text;
  // An odd count of backticks leaves the last one as text.
  return parts.map((part, i) =>
    i % 2 === 1 && i < parts.length - 1 ? (
      <code key={i}>{part}</code>
    ) : i % 2 === 1 ? (
      `\`${part}`
    ) : (
      part
    ),
  );
}
