import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The focused element, looking inside shadow roots (in the page the opener lives in one). */
function deepActiveElement(): HTMLElement | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

export interface ModalProps {
  /** id of the element that names the dialog. */
  labelledBy: string;
  describedBy?: string;
  onCancel: () => void;
  children: ComponentChildren;
  class?: string;
}

/**
 * An accessible modal: role="dialog", aria-modal, focus kept inside while open, Esc cancels,
 * and focus goes back to whatever opened it. Works in a document and in a shadow root. The
 * element marked `data-autofocus` gets the first focus, else the first focusable one.
 */
export function Modal({ labelledBy, describedBy, onCancel, children, class: className }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;

  // Layout effects: focus moves in the same frame the dialog appears and disappears.
  useLayoutEffect(() => {
    const opener = deepActiveElement();
    const dialog = ref.current;
    const first = dialog?.querySelector<HTMLElement>('[data-autofocus]') ?? dialog?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? dialog)?.focus();
    return () => {
      // Only put focus back if it is still ours: inside the closing dialog, or lost to the body.
      const active = deepActiveElement();
      const ours = active === null || active === document.body || (dialog?.contains(active) ?? false);
      if (ours && opener && opener !== document.body && opener.isConnected) opener.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      // The page's own Esc handling (back, clear) must not also run.
      event.preventDefault();
      event.stopPropagation();
      cancel.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const root = ref.current.getRootNode() as Document | ShadowRoot;
    const active = root.activeElement;
    if (event.shiftKey && (active === first || !ref.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !ref.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div class="jsc-modal-backdrop">
      <div
        ref={ref}
        class={`jsc-modal${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
