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

/** The overlay views once `wanted` (after the first rows painted, or when a view opens). */
export function useOverlays(wanted: boolean): Overlays | null {
  const [module, setModule] = useState(loaded);
  useEffect(() => {
    if (wanted && !module) void loadOverlays().then(setModule);
  }, [wanted]);
  return module;
}
