import { render, screen, waitFor, within } from '@testing-library/preact';
import { expect } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { createPopupStore } from '../../../entrypoints/popup/store';
import type { FakeBackground } from './fake-background';

/** The job rows on screen (the sort select has options too). */
export function rows(): HTMLElement[] {
  const list = screen.queryByRole('listbox', { name: 'Jobs' });
  return list ? within(list).queryAllByRole('option') : [];
}

/** Renders the whole popup over a fake background and waits for the first rows. */
export async function renderPopup(background: FakeBackground, { waitForRows = true } = {}) {
  const store = createPopupStore(background.deps);
  // As main.tsx does: the first query goes out before the first render.
  const started = store.start();
  const result = render(<App store={store} />);
  if (waitForRows) await waitFor(() => expect(rows().length).toBeGreaterThan(0));
  return { store, ...result, started };
}
