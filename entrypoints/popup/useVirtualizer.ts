import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type Rect,
  type VirtualizerOptions,
} from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

/** Before layout (and in DOM emulations without layout) a visible list is assumed this tall. */
const FALLBACK_RECT: Rect = { width: 440, height: 420 };

/** A shown scroll container is never 0 px tall; 0 means "not measured", so assume a popup-sized one. */
function observeRect(instance: Virtualizer<HTMLElement, Element>, cb: (rect: Rect) => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT));
}

export interface VirtualListOptions {
  count: number;
  getScrollElement: () => HTMLElement | null;
  rowHeight: number;
  overscan: number;
  getItemKey?: (index: number) => string | number;
}

/** @tanstack/virtual-core as a Preact hook: fixed-height rows, re-rendering on scroll and resize. */
export function useVirtualizer({ count, getScrollElement, rowHeight, overscan, getItemKey }: VirtualListOptions) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options: VirtualizerOptions<HTMLElement, Element> = {
    count,
    getScrollElement,
    estimateSize: () => rowHeight,
    overscan,
    initialRect: FALLBACK_RECT,
    scrollToFn: elementScroll,
    observeElementRect: observeRect,
    observeElementOffset,
    onChange: () => rerender(undefined),
    ...(getItemKey ? { getItemKey } : {}),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, Element>(options));
  virtualizer.setOptions(options);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  return virtualizer;
}
