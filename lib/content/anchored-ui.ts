import { createShadowHost, type ContentStyles, type ShadowHost } from './shadow-host';

export type Placement = 'anchored' | 'floating';

export interface AnchoredUiOptions {
  /** The run's signal: on abort the UI and its observer go. */
  signal: AbortSignal;
  /** The host element's tag (kebab-case). */
  name: string;
  styles: ContentStyles;
  /** The element to live in; null when the site's markup has no such place (right now). */
  findAnchor(): Element | null;
  /** The host's inline style while anchored (the site's layout decides it: lib/pages). */
  anchoredStyle: string;
  /** How long the anchor may be missing before the floating pill shows (the site may still be rendering). */
  graceMs?: number;
  /** Placement changed: re-render for it. */
  onPlace(placement: Placement): void;
  /** The UI is about to be removed: unmount what was rendered into the container. */
  onRemove(container: HTMLElement): void;
}

export interface AnchoredUi extends ShadowHost {
  /** null until the UI is in the page. */
  readonly placement: Placement | null;
}

export const FLOATING_STYLE = 'display:block;position:fixed;right:16px;bottom:16px;z-index:2147483000;';

/**
 * A shadow-root UI that keeps to its anchor. The admin re-renders its banner (replacing the
 * anchor) whenever its job changes: the same host, with its Preact state, moves into the new
 * anchor. When the anchor stays missing (markup changed), the UI floats in the page's corner
 * instead of failing.
 */
export function mountAnchoredUi(options: AnchoredUiOptions): AnchoredUi {
  const { signal } = options;
  const { host, container } = createShadowHost(options.name, options.styles);
  let placement: Placement | null = null;
  let grace: ReturnType<typeof setTimeout> | undefined;

  const setPlacement = (next: Placement, style: string) => {
    if (placement === next) return;
    placement = next;
    host.style.cssText = style;
    options.onPlace(next);
  };

  const place = () => {
    if (signal.aborted) return;
    const anchor = options.findAnchor();
    if (anchor) {
      clearTimeout(grace);
      grace = undefined;
      if (host.parentElement !== anchor) anchor.append(host);
      setPlacement('anchored', options.anchoredStyle);
      return;
    }
    if (placement === 'floating') {
      if (!host.isConnected) document.body.append(host);
      return;
    }
    grace ??= setTimeout(() => {
      grace = undefined;
      if (signal.aborted || options.findAnchor()) return place();
      setPlacement('floating', FLOATING_STYLE);
      document.body.append(host);
    }, options.graceMs ?? 800);
  };

  const observer = new MutationObserver(place);
  const remove = () => {
    observer.disconnect();
    clearTimeout(grace);
    options.onRemove(container);
    host.remove();
  };
  if (signal.aborted) {
    remove();
  } else {
    observer.observe(document.documentElement, { childList: true, subtree: true });
    signal.addEventListener('abort', remove, { once: true });
    place();
  }
  return {
    host,
    container,
    get placement() {
      return placement;
    },
  };
}
