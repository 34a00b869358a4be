import type { UsageRecord } from '../ai/ledger/ledger-types';
import { ratedTagKey, type TagRating } from '../feedback/tag-feedback';
import type { UsageSummary, UsageTotals } from './usage-summary';

type CsvField = string | number | boolean | null;

const lineEnding = '\r\n';
const nanoDollarsPerDollar = 1_000_000_000;
// Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection").
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);
const needsQuoting = /[",\r\n]/;

const recordColumns = [
  'createdAt',
  'day',
  'userId',
  'templateId',
  'fillId',
  'tag',
  'requestId',
  'attempt',
  'requestedProvider',
  'requestedModel',
  'provider',
  'servedModel',
  'inputTokens',
  'cachedInputTokens',
  'cacheWriteInputTokens',
  'outputTokens',
  'reasoningTokens',
  'usageEstimated',
  'costUsd',
  'latencyMs',
  'cached',
  'status',
  'errorCode',
  'feedbackRating',
  'feedbackComment',
] as const;

// A Record, not a list, so the compiler refuses to build when UsageTotals gains a field left out here.
const totalsColumnOrder: Record<keyof UsageTotals, true> = {
  requests: true,
  attempts: true,
  cachedRequests: true,
  errorAttempts: true,
  failedRequests: true,
  inputTokens: true,
  cachedInputTokens: true,
  outputTokens: true,
  costUsd: true,
  costNanoDollars: true,
  cacheHitRate: true,
  errorRate: true,
  averageLatencyMs: true,
  p95LatencyMs: true,
};
const totalsColumns = Object.keys(totalsColumnOrder) as (keyof UsageTotals)[];

/** Writes 1.5e-7 as 0.00000015: not every spreadsheet reads exponent notation as a number. */
function formatNumber(value: number): string {
  const text = String(value);
  const [mantissa = '', exponentText] = text.split('e');
  if (exponentText === undefined) return text;
  const sign = mantissa.startsWith('-') ? '-' : '';
  const unsigned = mantissa.replace('-', '');
  const digits = unsigned.replace('.', '');
  const integerDigits = unsigned.includes('.') ? unsigned.indexOf('.') : unsigned.length;
  const point = integerDigits + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Exact decimal dollars from integer nano-dollars, so a 150 nano-dollar attempt is not rounded away. */
export function formatNanoDollars(nanoDollars: number): string {
  const sign = nanoDollars < 0 ? '-' : '';
  const magnitude = Math.abs(nanoDollars);
  const fraction = String(magnitude % nanoDollarsPerDollar)
    .padStart(9, '0')
    .replace(/0+$/, '');
  const whole = String(Math.floor(magnitude / nanoDollarsPerDollar));
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

function escapeText(text: string): string {
  const defused = formulaTriggers.has(text.charAt(0)) ? `'${text}` : text;
  return needsQuoting.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function formatField(value: CsvField): string {
  if (value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  return escapeText(value);
}

export function toCsv(header: readonly string[], lines: readonly string[]): string {
  return [header.join(','), ...lines].map((line) => line + lineEnding).join('');
}

function recordLine(record: UsageRecord, ratings: ReadonlyMap<string, TagRating>): string {
  const rating = record.fillId && record.tag ? ratings.get(ratedTagKey(record.fillId, record.tag)) : undefined;
  const cells: Record<(typeof recordColumns)[number], string> = {
    createdAt: formatField(record.createdAt.toISOString()),
    day: formatField(record.day),
    userId: formatField(record.userId),
    templateId: formatField(record.templateId),
    fillId: formatField(record.fillId),
    tag: formatField(record.tag),
    requestId: formatField(record.requestId),
    attempt: formatField(record.attempt),
    requestedProvider: formatField(record.requestedProvider),
    requestedModel: formatField(record.requestedModel),
    provider: formatField(record.provider),
    servedModel: formatField(record.servedModel),
    inputTokens: formatField(record.inputTokens),
    cachedInputTokens: formatField(record.cachedInputTokens),
    cacheWriteInputTokens: formatField(record.cacheWriteInputTokens ?? 0),
    outputTokens: formatField(record.outputTokens),
    reasoningTokens: formatField(record.reasoningTokens ?? 0),
    usageEstimated: formatField(record.usageEstimated),
    costUsd: formatNanoDollars(record.costNanoDollars),
    latencyMs: formatField(record.latencyMs),
    cached: formatField(record.cached),
    status: formatField(record.status),
    errorCode: formatField(record.errorCode),
    feedbackRating: formatField(rating?.rating ?? null),
    feedbackComment: formatField(rating?.comment ?? null),
  };
  return recordColumns.map((column) => cells[column]).join(',');
}

/**
 * One line per usage record, RFC 4180 with CRLF line endings. costUsd is written from the integer
 * nano-dollars, exactly, rather than from the rounded float. Empty optional fields are empty cells. Each
 * record of a rated tag carries the rating and its reason (by `ratedTagKey`), so every attempt of the tag does.
 */
export function usageRecordsToCsv(records: Iterable<UsageRecord>, ratings: ReadonlyMap<string, TagRating> = new Map()): string {
  return toCsv(
    recordColumns,
    Array.from(records, (record) => recordLine(record, ratings)),
  );
}

/** One line per row of the chosen breakdown: its key, then every total. */
export function usageSummaryToCsv(summary: UsageSummary, breakdown: keyof Omit<UsageSummary, 'totals'>): string {
  const lines = summary[breakdown].map((row) =>
    [formatField(row.key), ...totalsColumns.map((column) => formatField(row[column]))].join(','),
  );
  return toCsv(['key', ...totalsColumns], lines);
}
