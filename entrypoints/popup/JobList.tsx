import { useEffect, useRef } from 'preact/hooks';
import type { Job } from '../../lib/core/types';
import { t } from '../../lib/i18n/t';
import { JobRow, PlaceholderRow, ROW_HEIGHT } from './JobRow';
import type { PopupStore } from './store';
import { useVirtualizer } from './useVirtualizer';

/** Rows rendered beyond the visible ones on each side: enough for smooth scrolling, far below ~100 in the DOM. */
const OVERSCAN = 6;

/**
 * The virtualized job list: a multi-select listbox whose rows are fetched from the background
 * as they scroll into view. Keyboard: ↑/↓/Home/End/PageUp/PageDown move, Space selects
 * (Shift+Space extends), Enter opens.
 */
export function JobList({ store, onLeaveTop }: { store: PopupStore; onLeaveTop: () => void }) {
  const { list, selection } = store;
  const state = list.state.value;
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    count: state.total,
    getScrollElement: () => scrollRef.current,
    rowHeight: ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const selected = selection.selected.value;
  const account = list.account.value;
  const now = list.now.value;
  const checklist = store.checklist.value;
  const epoch = list.epoch.value;
  const focusRequest = store.focusList.value;

  let active = store.active.value;
  // The active row scrolled away with the mouse: the first row on screen takes its place, so Tab always lands in the list.
  if (active >= state.total || active < first || active > last) active = Math.min(Math.max(first, 0), Math.max(state.total - 1, 0));

  useEffect(() => {
    list.showRange(first, last);
  }, [first, last, state.gen, state.total]);

  useEffect(() => {
    virtualizer.scrollToOffset(0);
    store.active.value = 0;
  }, [epoch]);

  useEffect(() => {
    if (focusRequest > 0) moveTo(store.active.value);
  }, [focusRequest]);

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[role="option"][data-index="${index}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  function moveTo(index: number) {
    if (state.total === 0) return;
    const next = Math.min(Math.max(index, 0), state.total - 1);
    store.active.value = next;
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function jobAt(index: number): Job | undefined {
    return state.rows.get(index);
  }

  function onKeyDown(event: KeyboardEvent) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 6) / ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
        moveTo(active + 1);
        break;
      case 'ArrowUp':
        if (active === 0) onLeaveTop();
        else moveTo(active - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(state.total - 1);
        break;
      case 'PageDown':
        moveTo(active + page);
        break;
      case 'PageUp':
        moveTo(active - page);
        break;
      case ' ': {
        const job = jobAt(active);
        if (!job) return;
        if (event.shiftKey) void selection.extendTo(job, active);
        else selection.toggle(job, active);
        break;
      }
      case 'Enter': {
        const job = jobAt(active);
        if (!job) return;
        store.openDetail(job);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <div ref={scrollRef} class="pop-list" data-testid="job-list">
      <div
        class="pop-list__inner"
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('popup_list_label')}
        aria-busy={state.ready ? undefined : 'true'}
        style={{ height: `${virtualizer.getTotalSize()}px` }}
        onKeyDown={onKeyDown}
      >
        {items.map((item) => {
          const job = state.rows.get(item.index);
          return job ? (
            <JobRow
              key={job.id}
              job={job}
              index={item.index}
              total={state.total}
              top={item.start}
              selected={selected.has(job.id)}
              active={item.index === active}
              account={account}
              now={now}
              checklist={checklist}
              onToggle={(each, index, range) => (range ? void selection.extendTo(each, index) : selection.toggle(each, index))}
              onOpen={(each, index) => {
                store.active.value = index;
                store.openDetail(each);
              }}
              onFocus={(index) => {
                store.active.value = index;
              }}
            />
          ) : (
            <PlaceholderRow key={`placeholder-${item.index}`} index={item.index} top={item.start} />
          );
        })}
      </div>
    </div>
  );
}
