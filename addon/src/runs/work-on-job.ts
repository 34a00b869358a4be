import type { OutputFormat } from '../../../contracts/common';
import type { ClaimedJob, RunJobView } from '../../../contracts/runs';
import { BackendProblem, BackendUnreachable, isFinished, type BackendClient, type BackendFillResult } from '../backend/backend-client';
import type { RunsClient } from '../backend/runs-client';
import { scanDocument } from '../document/scan-document';
import { fillOpenDocument } from '../fill/fill-open-document';
import { writeFill } from '../fill/write-fill';

type Document = GoogleAppsScript.Document.Document;

/** Drive and Docs as a job needs them (gas/drive-folders.ts gives the real ones). */
export interface JobDocuments {
  copyIntoFolder: (templateDocumentId: string, folderId: string, name: string) => { id: string; url: string };
  trashFile: (fileId: string) => void;
  openDocument: (documentId: string) => Document;
}

export interface WorkOnJobDependencies {
  runs: RunsClient;
  backend: BackendClient;
  documents: JobDocuments;
  now: () => number;
  /** How long the fill may wait for the backend before this execution must stop. */
  generationBudgetMs: number;
}

/** What became of a job: the backend's job after the report, or nothing when the job is no longer this worker's. */
export type JobResult = { kind: 'done'; job: RunJobView } | { kind: 'failed'; job: RunJobView; message: string } | { kind: 'lost' };

/** A failure another attempt cannot help (retry false), or one it might (the backend or Drive was briefly away). */
class JobFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly executionId?: string,
  ) {
    super(message);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One claimed job, as contracts/runs.ts lays out the worker's loop: copy the template into the output folder
 * (unless an earlier attempt did), report the copy at once (so a worker stopped after this point never makes a
 * second one: the next attempt gets its documentId), link it to its template, fill it exactly as the sidebar
 * fills (fill/fill-open-document.ts, the copy being the target document) or write an earlier attempt's completed
 * fill, and report done or the failure.
 */
export function workOnJob(job: ClaimedJob, dependencies: WorkOnJobDependencies): JobResult {
  const { runs } = dependencies;
  let document: Document | undefined;
  try {
    document = jobDocument(job, dependencies);
    const executionId = fill(job, document, dependencies);
    return { kind: 'done', job: runs.completeJob(job.runId, job.jobId, { leaseId: job.leaseId, executionId }) };
  } catch (error) {
    // The lease went to another worker, or the run was cancelled meanwhile: this attempt's report is not wanted.
    if (error instanceof BackendProblem && error.status === 409) return { kind: 'lost' };
    const failure =
      error instanceof JobFailure
        ? error
        : new JobFailure(
            error instanceof BackendUnreachable ? error.message : `The document could not be made: ${messageOf(error)}`,
            // Our backend answering 4xx (other than 409) will answer the same next time; anything else may pass.
            !(error instanceof BackendProblem && error.status < 500),
          );
    try {
      const reported = runs.failJob(job.runId, job.jobId, {
        leaseId: job.leaseId,
        message: failure.message.slice(0, 2000),
        retry: failure.retry,
        ...(failure.executionId ? { executionId: failure.executionId } : {}),
      });
      // A job failed for good keeps no half-made document: its copy, placeholders and all, goes to the trash.
      if (reported.state === 'failed' && document) trashQuietly(dependencies.documents, document.getId());
      return { kind: 'failed', job: reported, message: failure.message };
    } catch (reportError) {
      if (reportError instanceof BackendProblem && reportError.status === 409) return { kind: 'lost' };
      throw reportError;
    }
  }
}

/** Drive's words for an id that does not exist or is not shared with the user (DriveApp.getFileById, getFolderById). */
function itemIsUnreachable(message: string): boolean {
  return /No item with the given ID could be found|do not have permission/i.test(message);
}

function trashQuietly(documents: JobDocuments, documentId: string): void {
  try {
    documents.trashFile(documentId);
  } catch {
    // Already gone, or no longer the user's to trash: nothing is lost by leaving it.
  }
}

/** The job's document: the one an earlier attempt reported, or a new copy in the output folder, reported now. */
function jobDocument(job: ClaimedJob, dependencies: WorkOnJobDependencies): Document {
  const { runs, backend, documents } = dependencies;
  let documentId = job.documentId;
  if (documentId === null) {
    let copy;
    try {
      copy = documents.copyIntoFolder(job.templateDocumentId, job.outputFolderId, job.documentName);
    } catch (error) {
      // The template or the folder gone or not shared with this user fails every attempt the same way; anything
      // else (Drive briefly unavailable) may pass next time.
      const message = messageOf(error);
      throw new JobFailure(`The template could not be copied into the output folder: ${message}`, !itemIsUnreachable(message));
    }
    const report = runs.reportDocument(job.runId, job.jobId, { leaseId: job.leaseId, documentId: copy.id, documentUrl: copy.url });
    if (!report.accepted) documents.trashFile(copy.id);
    documentId = report.documentId;
  }
  linkToTemplate(backend, job.templateDocumentId, documentId);
  try {
    return documents.openDocument(documentId);
  } catch (error) {
    throw new JobFailure(`The document made for this record can no longer be opened (${messageOf(error)}).`, false);
  }
}

/** The copy uses its template's tag configuration; linked already (an earlier attempt did it) answers 409, which is fine. */
function linkToTemplate(backend: BackendClient, templateDocumentId: string, copyDocumentId: string): void {
  try {
    backend.linkCopy(templateDocumentId, copyDocumentId);
  } catch (error) {
    if (error instanceof BackendProblem && error.status === 409) return;
    if (error instanceof BackendProblem && error.status === 404)
      throw new JobFailure('The template has no saved AI tag configuration: save it in the sidebar, then start the run again.', false);
    throw error;
  }
}

const refuseCopies = () => {
  throw new Error('A run fills its own copy; it never makes another.');
};

/** Fills the document, or writes the earlier attempt's completed fill into it; answers the fill to report. */
function fill(job: ClaimedJob, document: Document, dependencies: WorkOnJobDependencies): string {
  const { backend, now } = dependencies;
  const scan = scanDocument(document);
  const tags = [...new Set(scan.aiTags.map((tag) => tag.name))];
  if (job.earlierFillId) {
    // That fill completed but its worker stopped before reporting: write it if it is not written yet, never pay twice.
    if (tags.length > 0) {
      const recorded = backend.awaitFill(job.earlierFillId, 0);
      if (!isFinished(recorded)) throw new JobFailure('The earlier fill of this document is still running.', true);
      writeFill(
        {
          fillId: job.earlierFillId,
          results: resultsOf(recorded),
          fieldValues: job.fieldValues,
          target: 'document',
        },
        { document, backend, copyDocument: refuseCopies },
      );
    }
    return job.earlierFillId;
  }
  if (tags.length === 0) throw new JobFailure('The template has no AI tags to fill.', false);
  const outcome = fillOpenDocument(
    { fillId: job.fillId, tags, fieldValues: job.fieldValues, configurations: {}, mode: 'write' },
    {
      document,
      backend,
      limits: { waitSeconds: 40, generationBudgetMs: dependencies.generationBudgetMs },
      now,
      copyDocument: refuseCopies,
    },
  );
  switch (outcome.status) {
    case 'written':
      return job.fillId;
    case 'not-ready':
      throw new JobFailure(outcome.problems.map((problem) => problem.message).join(' '), false);
    case 'aborted':
      // Too slow for this execution: the fill may still complete, and the next attempt then writes it.
      throw new JobFailure(outcome.message, outcome.code === 'too_slow' || outcome.code === 'interrupted', job.fillId);
    case 'generated':
      throw new Error('a write fill answered a preview');
  }
}

function resultsOf(fill: BackendFillResult): Record<string, { text: string; outputFormat: OutputFormat }> {
  return Object.fromEntries(
    fill.results.map((result) => [
      result.tag,
      { text: result.text, outputFormat: result.status === 'generated' ? (result.outputFormat ?? 'plain') : 'plain' },
    ]),
  );
}
