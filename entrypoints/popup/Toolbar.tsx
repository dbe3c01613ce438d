import type { Ref } from 'preact';
import { JOB_SORTS, type JobSort } from '../../lib/messaging/protocol';
import { t } from '../../lib/i18n/t';
import type { MessageKey } from '../../lib/i18n/catalog';
import { formatNumber } from '../../components/format';
import { Icon } from './icons';
import type { Counts } from './list-store';
import { LIST_FILTERS, type ListFilter } from './prefs';

const FILTER_LABELS: Readonly<Record<ListFilter, MessageKey>> = {
  all: 'popup_filter_all',
  planning: 'status_planning',
  prepay: 'status_prepay',
  selling: 'status_selling',
  archived: 'status_archived',
  attention: 'popup_filter_attention',
};

const SORT_LABELS: Readonly<Record<JobSort, MessageKey>> = {
  updated: 'popup_sort_updated',
  name: 'popup_sort_name',
  shootDate: 'popup_sort_shoot_date',
  archiveDeadline: 'popup_sort_archive_deadline',
};

export interface SearchFieldProps {
  query: string;
  inputRef: Ref<HTMLInputElement>;
  onQuery: (query: string) => void;
  /** ↓ from the field moves into the list. */
  onEnterList: () => void;
}

export function SearchField({ query, inputRef, onQuery, onEnterList }: SearchFieldProps) {
  return (
    <div class="pop-search">
      <Icon name="search" />
      <input
        ref={inputRef}
        type="search"
        class="pop-search__input"
        aria-label={t('popup_search_label')}
        placeholder={t('popup_search_placeholder')}
        aria-keyshortcuts="/"
        autocomplete="off"
        spellcheck={false}
        value={query}
        onInput={(event) => onQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            onEnterList();
          } else if (event.key === 'Escape' && query !== '') {
            // Esc empties the field first; a second Esc goes on to the popup's own handling.
            event.preventDefault();
            event.stopPropagation();
            onQuery('');
          }
        }}
      />
      <kbd class="pop-search__hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}

export interface FilterChipsProps {
  filter: ListFilter;
  counts: Counts | null;
  onFilter: (filter: ListFilter) => void;
}

export function FilterChips({ filter, counts, onFilter }: FilterChipsProps) {
  return (
    <div class="pop-chips" role="group" aria-label={t('popup_filter_label')}>
      {LIST_FILTERS.map((each) => (
        <button
          key={each}
          type="button"
          class={`pop-chip pop-chip--${each}`}
          aria-pressed={filter === each ? 'true' : 'false'}
          data-filter={each}
          onClick={() => onFilter(each)}
        >
          {each === 'attention' && <Icon name="alert" size={12} />}
          <span>{t(FILTER_LABELS[each])}</span>
          <span class="pop-chip__count">{counts ? formatNumber(counts[each]) : '–'}</span>
        </button>
      ))}
    </div>
  );
}

export interface SortSelectProps {
  sort: JobSort;
  onSort: (sort: JobSort) => void;
}

export function SortSelect({ sort, onSort }: SortSelectProps) {
  return (
    <label class="pop-sort">
      <span class="jsc-visually-hidden">{t('popup_sort_label')}</span>
      <select class="pop-sort__select" value={sort} onChange={(event) => onSort(event.currentTarget.value as JobSort)}>
        {JOB_SORTS.map((each) => (
          <option key={each} value={each}>
            {t(SORT_LABELS[each])}
          </option>
        ))}
      </select>
    </label>
  );
}
