// Visible focus, as the keyboard walkthroughs check it after every key: something other than
// the body has focus, it matches :focus-visible, and its computed style draws an indicator
// (an outline or a box shadow). A script body: returns '' when all holds, else what is wrong.
export const FOCUS_PROBLEM = `
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return 'nothing has focus';
  const what = el.outerHTML.slice(0, 120);
  if (!el.matches(':focus-visible')) return 'focus is not visible (:focus-visible) on ' + what;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  return outline || shadow ? '' : 'no outline or shadow on the focused ' + what;
`;

/** As an expression (Playwright's evaluate). */
export const FOCUS_PROBLEM_EXPRESSION = `(() => {${FOCUS_PROBLEM}})()`;
