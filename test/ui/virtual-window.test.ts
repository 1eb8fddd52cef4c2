import { expect, test } from 'vitest';
import { scrollToRow, visibleWindow } from '../../src/ui/virtual-window';

test('only the rows in view, plus the overscan, are rendered', () => {
  expect(visibleWindow(0, 480, 24, 10_000, 8)).toEqual({ start: 0, end: 29, totalHeight: 240_000 });
  // Scrolled to row 1000: rows 992 .. 1029.
  expect(visibleWindow(24_000, 480, 24, 10_000, 8)).toEqual({
    start: 992,
    end: 1029,
    totalHeight: 240_000,
  });
});

test('the window stays inside the list at both ends and for short lists', () => {
  expect(visibleWindow(10_000_000, 480, 24, 10_000, 8)).toEqual({
    start: 9972,
    end: 10_000,
    totalHeight: 240_000,
  });
  expect(visibleWindow(-50, 480, 24, 10_000, 0).start).toBe(0);
  expect(visibleWindow(0, 480, 24, 3)).toEqual({ start: 0, end: 3, totalHeight: 72 });
  expect(visibleWindow(0, 480, 24, 0)).toEqual({ start: 0, end: 0, totalHeight: 0 });
});

test('a window never holds more than the viewport plus overscan, however long the list', () => {
  for (const count of [100, 10_000, 1_000_000]) {
    const { start, end } = visibleWindow(count * 12, 600, 24, count, 8);
    expect(end - start).toBeLessThanOrEqual(600 / 24 + 1 + 16);
  }
});

test('keyboard moves scroll just enough to show the selected row', () => {
  expect(scrollToRow(5, 0, 480, 24)).toBe(0);
  expect(scrollToRow(30, 0, 480, 24)).toBe(31 * 24 - 480);
  expect(scrollToRow(2, 240, 480, 24)).toBe(48);
});
