import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FailureView } from './failure-view';
import { clockTime, hostPath } from './format';
import { scrollToRow, visibleWindow } from './virtual-window';

/** Fixed row height (px): the list renders only the rows in view (10 000 rows stay smooth). */
export const ROW_HEIGHT = 24;

interface FailureListProps {
  views: FailureView[];
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
}

export function FailureList({ views, selected, onSelect, onOpen }: FailureListProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the selected row in view when the keyboard moves it.
  useEffect(() => {
    const element = box.current;
    if (!element || selected < 0) return;
    const top = scrollToRow(selected, element.scrollTop, element.clientHeight, ROW_HEIGHT);
    if (top !== element.scrollTop) element.scrollTop = top;
  }, [selected]);

  const { start, end, totalHeight } = visibleWindow(scrollTop, height, ROW_HEIGHT, views.length);
  const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);

  const onKeyDown = (event: KeyboardEvent) => {
    const last = views.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: selected + 1,
      ArrowUp: selected - 1,
      PageDown: selected + page,
      PageUp: selected - page,
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      if (last >= 0) onSelect(Math.max(0, Math.min(last, moves[event.key] as number)));
    } else if (event.key === 'Enter' && selected >= 0 && selected <= last) {
      event.preventDefault();
      onOpen(selected);
    }
  };

  const rows = [];
  for (let i = start; i < end; i++) {
    const view = views[i] as FailureView;
    const top = view.diagnoses[0];
    rows.push(
      <div
        key={view.key}
        id={`failure-row-${i}`}
        class="row"
        role="option"
        tabIndex={-1}
        aria-selected={i === selected}
        data-index={i}
        data-status={view.status}
        data-diagnosis={top?.id}
        data-severity={top?.severity}
        style={{ top: `${i * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
        onMouseDown={(event) => {
          event.preventDefault();
          box.current?.focus();
          onSelect(i);
          onOpen(i);
        }}
      >
        <span class="cell status" data-class={Math.floor(view.status / 100)}>
          {view.status}
        </span>
        <span class="cell method">{view.method}</span>
        <span class="cell target" title={view.url}>
          {hostPath(view.url)}
        </span>
        <span class="cell cause" title={top?.title}>
          {top ? top.title : ''}
        </span>
        <span class="cell time">{Number.isFinite(view.time) ? clockTime(view.time) : ''}</span>
      </div>,
    );
  }

  return (
    <div
      ref={box}
      class="list"
      role="listbox"
      tabIndex={0}
      aria-label="Failures"
      aria-activedescendant={
        selected >= start && selected < end ? `failure-row-${selected}` : undefined
      }
      data-count={views.length}
      onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div class="list-inner" style={{ height: `${totalHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
