import type { HubSpotRecord } from '../../../contracts/hubspot';
import type { BulkRunProgress, StartHubSpotRunInput, StartSheetRunOutcome } from '../../shared/bulk-run-contract';
import type { RunsClient } from '../backend/runs-client';
import { folderIdOf } from './drive-references';
import { backendProblems, enqueueRunRecords, type RunStartProblem } from './enqueue-run-records';

/** What one search may bring into a run: five pages of HubSpot's largest (100). */
const maximumSearchRecords = 500;

export interface StartHubSpotRunDependencies {
  /** The open document: the run's template. */
  templateDocumentId: string;
  runs: RunsClient;
  /** Throws when the folder does not exist or is not the user's to write into. */
  folderName: (folderId: string) => string;
  /** Installs the background worker (once per user); false when Apps Script refused it. */
  installBackgroundWorker: () => boolean;
  progress: (runId: string) => BulkRunProgress;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** HubSpot record ids as pasted: numbers separated by anything else. */
export function recordIdsOf(text: string): string[] {
  return [...new Set(text.split(/[^0-9]+/).filter((id) => id !== ''))];
}

/**
 * Starts a run over HubSpot records: the records are found first (by id, or by a search, through the backend and
 * the organisation's HubSpot token), so a mapping or selection that finds nothing is a problem before any run
 * exists; then the run is made (the backend checks the template, the mapping's property names and the name
 * pattern), its records enqueued (a record's job is keyed by its HubSpot id: one document per record, ever) and
 * the background worker installed. Each document's link goes back to HubSpot from the backend when its job is done.
 */
export function startHubSpotRun(input: StartHubSpotRunInput, dependencies: StartHubSpotRunDependencies): StartSheetRunOutcome {
  const problems: RunStartProblem[] = [];
  const outputFolderId = folderIdOf(input.outputFolder);
  if (!outputFolderId)
    problems.push({
      field: 'outputFolder',
      message: 'Paste the Drive folder’s link (https://drive.google.com/drive/folders/…) or its id.',
    });
  const mapping = Object.fromEntries(Object.entries(input.fieldMapping).map(([field, property]) => [field, property.trim()]));
  if (Object.keys(mapping).length === 0) problems.push({ field: 'fieldMapping', message: 'Map at least one field to a HubSpot property.' });
  const ids = input.records.kind === 'ids' ? recordIdsOf(input.records.ids) : [];
  if (input.records.kind === 'ids' && ids.length === 0)
    problems.push({ field: 'records', message: 'Paste the ids of the HubSpot records (the number at the end of a record’s URL).' });
  if (input.records.kind === 'ids' && ids.length > 100)
    problems.push({ field: 'records', message: `At most 100 record ids at a time (${ids.length} pasted); use a search for more.` });
  if (problems.length > 0 || !outputFolderId) return { status: 'problems', problems };
  try {
    dependencies.folderName(outputFolderId);
  } catch (error) {
    return {
      status: 'problems',
      problems: [{ field: 'outputFolder', message: `The output folder cannot be opened: ${messageOf(error)}` }],
    };
  }

  // A job's fields are the source's own names: the properties the mapping names (hubspot-runs.ts reads them alike).
  const properties = [...new Set(Object.values(mapping))];
  const byProperty = Object.fromEntries(properties.map((property) => [property, property]));
  let records: HubSpotRecord[] | RunStartProblem;
  try {
    records = readRecords(input, ids, byProperty, dependencies.runs);
  } catch (error) {
    return {
      status: 'problems',
      problems: backendProblems(error).map((problem) => ({ field: problem.field ?? 'records', message: problem.message })),
    };
  }
  if (!Array.isArray(records)) return { status: 'problems', problems: [records] };

  let runId: string;
  try {
    runId = dependencies.runs.createRun({
      name: input.name,
      templateDocumentId: dependencies.templateDocumentId,
      source: { kind: 'hubspot', objectType: input.objectType, writeBack: input.writeBack },
      fieldMapping: mapping,
      outputFolderId,
      namePattern: input.namePattern,
    }).runId;
  } catch (error) {
    return { status: 'problems', problems: backendProblems(error) };
  }
  let counts;
  try {
    const jobRecords = records.map((record) => ({
      recordKey: record.recordKey,
      fields: record.fields,
      sourceReference: record.sourceReference,
    }));
    counts = enqueueRunRecords(dependencies.runs, runId, jobRecords);
  } catch (error) {
    return { status: 'problems', problems: backendProblems(error) };
  }
  dependencies.installBackgroundWorker();
  return { status: 'started', run: dependencies.progress(runId), ...counts };
}

/** The records to make documents of, or the problem that there are none. */
function readRecords(
  input: StartHubSpotRunInput,
  ids: string[],
  mapping: Record<string, string>,
  runs: RunsClient,
): HubSpotRecord[] | RunStartProblem {
  if (input.records.kind === 'ids') {
    const read = runs.readHubSpotRecords({ objectType: input.objectType, mapping, select: { ids } });
    if (read.missing.length > 0)
      return { field: 'records', message: `HubSpot has no ${input.objectType} with the id ${read.missing.join(', ')}; check the ids.` };
    return read.records;
  }
  const query = input.records.query.trim();
  const records: HubSpotRecord[] = [];
  let after: string | undefined;
  do {
    const page = runs.readHubSpotRecords({
      objectType: input.objectType,
      mapping,
      select: { search: { filterGroups: [], ...(query === '' ? {} : { query }) } },
      limit: 100,
      ...(after ? { after } : {}),
    });
    records.push(...page.records);
    after = page.next ?? undefined;
  } while (after && records.length < maximumSearchRecords);
  if (records.length === 0)
    return {
      field: 'records',
      message: `The search found no ${input.objectType}${query ? ` for “${query}”` : ''}: there is nothing to make.`,
    };
  return records.slice(0, maximumSearchRecords);
}
