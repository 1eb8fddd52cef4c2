// What the keyboard and zoom tests check in a page, in both browsers.
//
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

// Reflow, as the zoom and font-size tests check it: nothing scrolls sideways and every control is
// inside the viewport, fully. A script body: returns the problems found (none: []).
export const LAYOUT_PROBLEMS = `
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth + 1)
    problems.push('scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
  for (const control of document.querySelectorAll('button, input, select, textarea')) {
    const box = control.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.left < 0 || box.right > root.clientWidth + 1)
      problems.push(control.outerHTML.slice(0, 80) + ' is cut off (' + box.left + '..' + box.right + ')');
  }
  return problems;
`;
