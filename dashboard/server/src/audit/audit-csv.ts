import type { AuditEntry } from '@louyu/core';
import { csvCell } from '../reports/render.ts';

const HEADER = ['时间 time', '用户 user', '操作 action', '对象 target', '详情 detail', '地址 address'];

/** The audit entries as CSV: UTF-8 with a BOM (Excel reads the Chinese), CRLF, times in the district's zone. */
export function auditCsv(entries: readonly AuditEntry[], timeZone: string): string {
  // sv-SE writes "2025-03-12 10:00:00": sortable, and read as a date by spreadsheets.
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  const lines = [
    HEADER.map(csvCell).join(','),
    ...entries.map((e) =>
      [time.format(e.ts), e.actor, e.action, e.target, e.detail, e.ip].map(csvCell).join(','),
    ),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
