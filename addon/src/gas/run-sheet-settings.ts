import type { RunSheetSettings } from '../runs/sheet-write-back';

/**
 * What the add-on alone knows of a sheet run: the column its links go into. Kept in the user's properties (the
 * trigger runs as the same user, https://developers.google.com/apps-script/guides/triggers/installable), one
 * property per run, removed when the run has nothing left to do.
 */
const key = (runId: string) => `bulkRun:${runId}`;

export function saveRunSheetSettings(runId: string, settings: RunSheetSettings): void {
  PropertiesService.getUserProperties().setProperty(key(runId), JSON.stringify(settings));
}

export function loadRunSheetSettings(runId: string): RunSheetSettings | null {
  const stored = PropertiesService.getUserProperties().getProperty(key(runId));
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as Partial<RunSheetSettings>;
    return typeof parsed.linkColumn === 'string' ? { linkColumn: parsed.linkColumn } : null;
  } catch {
    return null;
  }
}

export function forgetRunSheetSettings(runId: string): void {
  PropertiesService.getUserProperties().deleteProperty(key(runId));
}
