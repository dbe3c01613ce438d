import { reasonText, statusLabel } from '../../../components/labels';
import type { JobNotice } from '../../../lib/content/job-session';
import type { MessageError } from '../../../lib/messaging/protocol';
import { t } from '../../../lib/i18n/t';

/** What went wrong, in the user's words rather than the API's. */
export function errorText(error: MessageError): string {
  if (error.kind === 'conflict') return t('error_conflict');
  if (error.kind === 'signed-out') return t('error_signed_out');
  if (error.code === 'not-allowed') return t('page_refused', reasonText(error.reason));
  return t('error_generic', reasonText(error.reason));
}

export function noticeText(notice: JobNotice): string {
  switch (notice.kind) {
    case 'working':
      return t('page_changing');
    case 'changed':
      return t('page_status_changed', statusLabel(notice.to));
    case 'failed':
      return errorText(notice.error);
  }
}
