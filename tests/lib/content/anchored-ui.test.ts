// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLOATING_STYLE, mountAnchoredUi, type Placement } from '../../../lib/content/anchored-ui';

function banner(): HTMLElement {
  const header = document.createElement('header');
  header.className = 'banner';
  document.body.append(header);
  return header;
}

describe('mountAnchoredUi', () => {
  let controller: AbortController;
  beforeEach(() => {
    document.body.replaceChildren();
    controller = new AbortController();
  });
  afterEach(() => controller.abort());

  const mount = (graceMs = 50) => {
    const places: Placement[] = [];
    const onRemove = vi.fn();
    const ui = mountAnchoredUi({
      signal: controller.signal,
      name: 'test-ui',
      styles: '.x{}',
      findAnchor: () => document.querySelector('header.banner'),
      anchoredStyle: 'display:block;margin-top:10px;',
      graceMs,
      onPlace: (p) => void places.push(p),
      onRemove,
    });
    return { ui, places, onRemove };
  };

  it('goes into its anchor at once, in an open shadow root with the styles', () => {
    const header = banner();
    const { ui, places } = mount();
    expect(ui.host.parentElement).toBe(header);
    expect(ui.placement).toBe('anchored');
    expect(places).toEqual(['anchored']);
    expect(ui.host.style.marginTop).toBe('10px');
    expect(ui.host.shadowRoot?.contains(ui.container)).toBe(true);
    expect(ui.host.shadowRoot?.querySelector('style')?.textContent).toBe('.x{}');
  });

  it('moves the same host into the anchor that replaced the old one', async () => {
    const header = banner();
    const { ui, places } = mount();
    const fresh = document.createElement('header');
    fresh.className = 'banner';
    header.replaceWith(fresh);
    await vi.waitFor(() => expect(ui.host.parentElement).toBe(fresh));
    expect(document.querySelectorAll('test-ui')).toHaveLength(1);
    expect(places).toEqual(['anchored']);
  });

  it('floats when the anchor stays missing, and goes back in when it appears', async () => {
    const { ui, places } = mount();
    expect(ui.placement).toBeNull();
    expect(ui.host.isConnected).toBe(false);
    await vi.waitFor(() => expect(ui.placement).toBe('floating'));
    expect(ui.host.parentElement).toBe(document.body);
    expect(ui.host.style.cssText.replace(/\s/g, '')).toBe(FLOATING_STYLE.replace(/\s/g, ''));
    const header = banner();
    await vi.waitFor(() => expect(ui.host.parentElement).toBe(header));
    expect(places).toEqual(['floating', 'anchored']);
  });

  it('waits out a short gap (the site re-rendering) without floating', async () => {
    const header = banner();
    const { ui, places } = mount(200);
    header.remove();
    await new Promise((resolve) => setTimeout(resolve, 20));
    banner();
    await vi.waitFor(() => expect(ui.host.isConnected).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(places).toEqual(['anchored']);
  });

  it('removes itself, once, when the run is aborted', async () => {
    banner();
    const { ui, onRemove } = mount();
    controller.abort();
    expect(ui.host.isConnected).toBe(false);
    expect(onRemove).toHaveBeenCalledWith(ui.container);
    banner();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(document.querySelectorAll('test-ui')).toHaveLength(0);
  });

  it('never appears for a run that is already over', () => {
    banner();
    controller.abort();
    const { ui } = mount();
    expect(ui.host.isConnected).toBe(false);
  });
});
