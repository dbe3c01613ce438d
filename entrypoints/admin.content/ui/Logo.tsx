/** The extension's mark, so the user tells its controls from the admin site's own. */
export function Logo({ size = 16 }: { size?: number }) {
  return (
    <svg class="jsc-page__logo" width={size} height={size} viewBox="0 0 128 128" aria-hidden="true" focusable="false">
      <rect x="4" y="4" width="120" height="120" rx="28" fill="#0f5132" />
      <rect x="26" y="30" width="76" height="14" rx="7" fill="#9be7c4" />
      <rect x="26" y="57" width="56" height="14" rx="7" fill="#ffffff" opacity="0.85" />
      <rect x="26" y="84" width="40" height="14" rx="7" fill="#ffffff" opacity="0.6" />
      <circle cx="96" cy="91" r="20" fill="#22c55e" stroke="#0f5132" stroke-width="5" />
      <path d="M86 91l7 7 13-14" fill="none" stroke="#ffffff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
