import { useEffect, useState } from 'preact/hooks';
import type * as OverlayModule from './OverlayHost';

type Overlays = typeof OverlayModule;

let loaded: Overlays | null = null;
let loading: Promise<Overlays> | null = null;

/** The overlay views' chunk, loaded once. */
export function loadOverlays(): Promise<Overlays> {
  loading ??= import('./OverlayHost').then((module) => (loaded = module));
  return loading;
}

/** After the first rows, the overlays' code is loaded this long later, off the first frame's path. */
export const OVERLAYS_SOON_MS = 250;

/** The overlay views once wanted: `now` (a view opens), `soon` (the list is on screen), or not yet. */
export function useOverlays(wanted: 'now' | 'soon' | false): Overlays | null {
  const [module, setModule] = useState(loaded);
  useEffect(() => {
    if (!wanted || module) return;
    if (wanted === 'now') {
      void loadOverlays().then(setModule);
      return;
    }
    const timer = setTimeout(() => void loadOverlays().then(setModule), OVERLAYS_SOON_MS);
    return () => clearTimeout(timer);
  }, [wanted]);
  return module;
}
