/** Which rows of a fixed-row-height list to render. */
export interface VirtualWindow {
  /** First row rendered (inclusive). */
  start: number;
  /** Last row rendered (exclusive). */
  end: number;
  /** Height of the whole list, px. */
  totalHeight: number;
}

/**
 * The rows visible in a viewport of `viewportHeight` px scrolled to `scrollTop`, plus
 * `overscan` rows on each side so fast scrolling shows no gap. Clamped to the list.
 */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): VirtualWindow {
  const totalHeight = count * rowHeight;
  if (count <= 0 || rowHeight <= 0)
    return { start: 0, end: 0, totalHeight: Math.max(0, totalHeight) };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, totalHeight - viewportHeight)));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, first + visible + overscan),
    totalHeight,
  };
}

/**
 * The scrollTop that brings row `index` fully into view, or `scrollTop` unchanged when it
 * already is (keyboard navigation).
 */
export function scrollToRow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}
