import { useState } from 'preact/hooks';
import { Modal } from '../../components/Modal';
import { t } from '../../lib/i18n/t';
import type { ClearScope } from './store';

export interface DataSectionProps {
  /** The account whose data "this account" means; null when none is cached. */
  accountName: string | null;
  busy: boolean;
  onClear: (scope: ClearScope) => Promise<boolean>;
}

/** Clearing the cache, each scope behind a confirmation. */
export function DataSection({ accountName, busy, onClear }: DataSectionProps) {
  const [confirming, setConfirming] = useState<ClearScope | null>(null);

  const confirm = () => {
    if (!confirming) return;
    void onClear(confirming).finally(() => setConfirming(null));
  };

  return (
    <section class="opt-card" aria-labelledby="data-heading">
      <h2 id="data-heading" class="opt-card__title">
        {t('options_data_heading')}
      </h2>
      <p class="opt-card__intro">{t('options_data_intro')}</p>
      <div class="opt-actions">
        <button type="button" class="jsc-btn jsc-btn--danger-outline" disabled={!accountName || busy} onClick={() => setConfirming('account')}>
          {t('options_data_clear_account')}
        </button>
        <button type="button" class="jsc-btn jsc-btn--danger-outline" disabled={busy} onClick={() => setConfirming('all')}>
          {t('options_data_clear_all')}
        </button>
      </div>
      {!accountName && <p class="opt-field__hint">{t('options_data_no_account')}</p>}

      {confirming && (
        <Modal labelledBy="clear-title" describedBy="clear-body" onCancel={() => setConfirming(null)}>
          <div class="jsc-modal__header">
            <h2 id="clear-title" class="jsc-modal__title">
              {confirming === 'account' && accountName
                ? t('options_data_confirm_account_title', accountName)
                : t('options_data_confirm_all_title')}
            </h2>
          </div>
          <div class="jsc-modal__body">
            <p id="clear-body" class="jsc-modal__text">
              {t('options_data_confirm_body')}
            </p>
          </div>
          <div class="jsc-modal__footer">
            <button type="button" class="jsc-btn" data-autofocus onClick={() => setConfirming(null)}>
              {t('dialog_cancel')}
            </button>
            <button type="button" class="jsc-btn jsc-btn--danger" disabled={busy} onClick={confirm}>
              {t('options_data_confirm_button')}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
