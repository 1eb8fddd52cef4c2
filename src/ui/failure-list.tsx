import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FailureView } from './failure-view';
import { clockTime, hostPath, statusText } from './format';
import { scrollToRow, visibleWindow } from './virtual-window';

/**
 * Row height (px) at the default font size: the list renders only the rows in view (10 000 rows
 * stay smooth). Rows grow with the font (browser font size, zoom is already in CSS px): twice
 * the list's font size, never less than this.
 */
export const ROW_HEIGHT = 24;

interface FailureListProps {
  views: FailureView[];
  /** Failures of a muted endpoint or site: still listed, marked muted. */
  isMuted?: (view: FailureView) => boolean;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
}

export function FailureList({ views, isMuted, selected, onSelect, onOpen }: FailureListProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT);

  const fontProbe = useRef<HTMLSpanElement>(null);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const fontSize = Number.parseFloat(getComputedStyle(element).fontSize) || 0;
      setRowHeight(Math.max(ROW_HEIGHT, Math.ceil(fontSize * 2)));
      setHeight(element.clientHeight);
    };
    measure();
    // The probe is 1em tall: it resizes when the font size changes while the page is open.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (fontProbe.current) observer.observe(fontProbe.current);
    return () => observer.disconnect();
  }, []);

  // Keep the selected row in view when the keyboard moves it.
  useEffect(() => {
    const element = box.current;
    if (!element || selected < 0) return;
    const top = scrollToRow(selected, element.scrollTop, element.clientHeight, rowHeight);
    if (top !== element.scrollTop) element.scrollTop = top;
  }, [selected, rowHeight]);

  const { start, end, totalHeight } = visibleWindow(scrollTop, height, rowHeight, views.length);
  const page = Math.max(1, Math.floor(height / rowHeight) - 1);

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
    const muted = isMuted?.(view) ?? false;
    rows.push(
      <div
        key={view.key}
        id={`failure-row-${i}`}
        class="row"
        role="option"
        tabIndex={-1}
        aria-selected={i === selected}
        aria-setsize={views.length}
        aria-posinset={i + 1}
        data-index={i}
        data-status={view.status}
        data-diagnosis={top?.id}
        data-severity={top?.severity}
        data-replay={view.replay?.mode}
        data-muted={muted ? 'yes' : undefined}
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
        onMouseDown={(event) => {
          event.preventDefault();
          box.current?.focus();
          onSelect(i);
          onOpen(i);
        }}
      >
        {/* Hidden separators make the row's name a sentence, as failureLabel() words it. */}
        <span class="cell status" data-class={Math.floor(view.status / 100)}>
          {view.status}
        </span>
        <Said text={`${statusText(view.status) ? ` ${statusText(view.status)}` : ''}, `} />
        <span class="cell method">{view.method}</span>
        <Said text=" " />
        <span class="cell target" title={view.url}>
          {hostPath(view.url)}
        </span>
        <Said text=", " />
        <span class="cell severity">{top?.severity ?? ''}</span>
        <Said text={top ? ': ' : 'no diagnosis'} />
        <span class="cell cause" title={top?.title}>
          {view.replay && <span aria-hidden="true">↻ </span>}
          {view.replay ? (top ? `Replay: ${top.title}` : 'Replay: fixed') : top ? top.title : ''}
        </span>
        <Said text={Number.isFinite(view.time) ? ', ' : ''} />
        <span class="cell time">{Number.isFinite(view.time) ? clockTime(view.time) : ''}</span>
        {muted && (
          <>
            <Said text=", " />
            <span class="cell muted-tag">muted</span>
          </>
        )}
      </div>,
    );
  }

  return (
    <>
      <span id="failure-list-keys" class="visually-hidden">
        Arrow keys, Page Up, Page Down, Home and End move through the failures; Enter opens the
        details; Escape returns from them to the list.
      </span>
      <div
        ref={box}
        class="list"
        role="listbox"
        tabIndex={0}
        aria-label="Authentication failures"
        aria-describedby="failure-list-keys"
        aria-activedescendant={
          selected >= start && selected < end ? `failure-row-${selected}` : undefined
        }
        data-count={views.length}
        onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
      >
        <span class="font-probe" ref={fontProbe} aria-hidden="true" />
        <div class="list-inner" style={{ height: `${totalHeight}px` }}>
          {rows}
        </div>
      </div>
    </>
  );
}

/** Text for screen readers only. */
function Said({ text }: { text: string }) {
  return text ? <span class="visually-hidden">{text}</span> : null;
}
