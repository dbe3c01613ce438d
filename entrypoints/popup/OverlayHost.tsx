import type { Job } from '../../lib/core/types';
import { settingsUrl } from '../../lib/pages/urls';
import { t } from '../../lib/i18n/t';
import { counted, errorText } from '../../components/labels';
import type { BulkJobResult } from '../../lib/messaging/protocol';
import { ActivityView } from './ActivityView';
import { BulkPanel } from './BulkPanel';
import { BulkPreview } from './BulkPreview';
import { csvFilename } from './csv';
import { DetailView } from './DetailView';
import { activityCsv, failuresCsv, failuresText, jobsCsv } from './exports';
import type { PopupStore } from './store';

/**
 * The views over the list (detail, activity, bulk preview and results) and the CSV exports.
 * Loaded after the list has painted, so they never delay the first rows.
 */
export function OverlayHost({ store, onSignIn }: { store: PopupStore; onSignIn: () => void }) {
  const view = store.view.value;
  const detail = store.detail.state.value;
  const preview = store.bulk.preview.value;
  const bulk = store.bulk.current.value;
  const origin = store.sync.view.value?.origin ?? null;

  const copy = (text: string, done: string) => copyText(store, text, done);
  const exportFailures = (results: BulkJobResult[]) => {
    store.deps.download(csvFilename('bulk-failures', store.deps.now()), failuresCsv(results), CSV_MIME);
  };
  const names = new Map<string, string>();
  if (preview) for (const [id, job] of store.selection.selected.value) names.set(id, job.name);

  return (
    <>
      {view === 'detail' && detail && (
        <DetailView
          state={detail}
          onBack={() => store.back()}
          onRequest={(to) => store.detail.request(to)}
          onConfirm={() => void store.detail.confirm()}
          onCancel={() => store.detail.cancel()}
          onDismissNotice={() => store.detail.dismissNotice()}
          onOpenAdmin={(job: Job) => origin && store.deps.openTab(settingsUrl(origin, job.id))}
          onFix={(job: Job) => origin && store.deps.openTab(settingsUrl(origin, job.id))}
          onCopyId={(job: Job) => copy(job.id, t('popup_copied_id'))}
          onCopyLink={(job: Job) => origin && copy(settingsUrl(origin, job.id), t('popup_copied_link'))}
          onSignIn={onSignIn}
        />
      )}
      {view === 'activity' && (
        <ActivityView
          entries={store.activity.entries.value}
          error={store.activity.error.value}
          onBack={() => store.back()}
          onRetry={() => void store.activity.load()}
          onExport={() => {
            const entries = store.activity.entries.value ?? [];
            store.deps.download(csvFilename('activity', store.deps.now()), activityCsv(entries), CSV_MIME);
          }}
        />
      )}
      {view === 'bulk-preview' && preview && (
        <BulkPreview
          preview={preview}
          names={names}
          busy={store.bulk.busy.value}
          error={store.bulk.error.value}
          onIncludeCritical={(include) => store.bulk.setIncludeCritical(include)}
          onCancel={() => store.back()}
          onRun={() => {
            void store.bulk.start().then((ok) => {
              if (!ok) return;
              store.selection.clear();
              store.view.value = 'bulk';
            });
          }}
        />
      )}
      {view === 'bulk' && bulk && (
        <BulkPanel
          bulk={bulk}
          busy={store.bulk.busy.value}
          error={store.bulk.error.value}
          onBack={() => (store.view.value = 'list')}
          onCancelBulk={() => void store.bulk.cancel()}
          onRetry={() => void store.bulk.retry()}
          onUndo={() => void store.bulk.undo()}
          onCopyFailures={(results) => copy(failuresText(results), t('popup_copied_failures'))}
          onCsvFailures={exportFailures}
          onDismiss={() => store.dismissBulk()}
        />
      )}
    </>
  );
}

const CSV_MIME = 'text/csv;charset=utf-8';

function copyText(store: PopupStore, text: string, done: string) {
  store.deps.copy(text).then(
    () => store.say(done),
    () => store.say(t('popup_copy_failed'), 'error'),
  );
}

/** The filtered list as a CSV download. */
export async function exportJobs(store: PopupStore): Promise<void> {
  try {
    const jobs = await store.list.allJobs();
    const csv = jobsCsv(jobs, store.list.account.value, store.list.now.value, store.checklist.value);
    store.deps.download(csvFilename('jobs', store.deps.now()), csv, CSV_MIME);
    store.say(counted(jobs.length, 'popup_exported_one', 'popup_exported', jobs.length));
  } catch (error) {
    store.say(t('error_generic', errorText(error)), 'error');
  }
}
