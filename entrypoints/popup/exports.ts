import { checklistSummary } from '../../lib/core/checklist';
import type { Account, ChecklistSettings, Job } from '../../lib/core/types';
import type { ActivityEntry, BulkJobResult } from '../../lib/messaging/protocol';
import { t } from '../../lib/i18n/t';
import { reasonText, statusLabel } from '../../components/labels';
import { toCsv } from './csv';

/** The CSV files the popup offers. Column titles are translated; values stay machine-readable. */

export function jobsCsv(jobs: readonly Job[], account: Account | null, now: Date, checklist: ChecklistSettings): string {
  const header = [
    t('popup_col_id'),
    t('popup_col_name'),
    t('popup_col_internal_name'),
    t('popup_col_organization'),
    t('popup_col_status'),
    t('popup_col_shoot_date'),
    t('popup_col_archive_deadline'),
    t('popup_col_prepay_deadline'),
    t('popup_col_critical_missing'),
    t('popup_col_boosters'),
    t('popup_col_login_rate'),
    t('popup_col_updated'),
  ];
  const rows = jobs.map((job) => {
    const summary = account ? checklistSummary(job, account, now, checklist) : null;
    return [
      job.id,
      job.name,
      job.internalName,
      job.organization,
      statusLabel(job.status),
      job.shootDate,
      job.archiving.deadline,
      job.prepayDeadline,
      summary?.criticalMissing ?? '',
      summary ? `${summary.boostersDone}/${summary.boostersTotal}` : '',
      job.loginRate,
      job.updatedAt,
    ];
  });
  return toCsv([header, ...rows]);
}

export function activityCsv(entries: readonly ActivityEntry[]): string {
  const header = [
    t('popup_col_time'),
    t('popup_col_id'),
    t('popup_col_name'),
    t('popup_col_from'),
    t('popup_col_to'),
    t('popup_col_result'),
    t('popup_col_reason'),
    t('popup_col_bulk'),
  ];
  const rows = entries.map((entry) => [
    entry.at,
    entry.jobId,
    entry.jobName,
    statusLabel(entry.from),
    statusLabel(entry.to),
    entry.result,
    entry.reason === null ? null : reasonText(entry.reason),
    entry.bulkId,
  ]);
  return toCsv([header, ...rows]);
}

export function failuresCsv(results: readonly BulkJobResult[]): string {
  const header = [t('popup_col_id'), t('popup_col_name'), t('popup_col_from'), t('popup_col_to'), t('popup_col_result'), t('popup_col_reason')];
  const rows = results.map((result) => [result.jobId, result.name, statusLabel(result.from), statusLabel(result.to), result.state, result.reason === null ? null : reasonText(result.reason)]);
  return toCsv([header, ...rows]);
}

/** Plain text for the clipboard: one failure per line. */
export function failuresText(results: readonly BulkJobResult[]): string {
  return results.map((result) => `${result.name} (${result.jobId}): ${result.reason ?? result.state}`).join('\n');
}
