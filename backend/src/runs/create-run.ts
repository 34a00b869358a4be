import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { createRunRequest } from '../../../contracts/runs';
import type { Caller } from '../platform/http/caller';
import { resolveTemplate } from '../templates/resolve-template';
import { unknownNamePatternFields } from './name-pattern';
import { runRefused } from './run-problems';
import type { RunsContext } from './runs-context';
import type { StoredRun } from './runs-repository';

/** Makes a run, after checking that its template is configured and its name pattern can be rendered. */
export async function createRun(context: RunsContext, caller: Caller, request: z.infer<typeof createRunRequest>): Promise<StoredRun> {
  const unknown = unknownNamePatternFields(request.namePattern, Object.keys(request.fieldMapping));
  if (unknown.length > 0) {
    const names = unknown.map((field) => `{{${field}}}`).join(', ');
    throw runRefused(`The name pattern uses ${names}, which the field mapping does not give; map it or take it out of the pattern.`, {
      unknownFields: unknown,
    });
  }
  // The worker's fills resolve the copies' configuration from the template: without one, every record would fail.
  const template = await resolveTemplate(context.templates, caller.organisationId, request.templateDocumentId);
  if (!template) {
    throw runRefused(`The document ${request.templateDocumentId} has no saved AI tag configuration; save one before starting a run.`);
  }
  return context.runs.create(caller.organisationId, {
    runId: randomUUID(),
    name: request.name,
    templateDocumentId: request.templateDocumentId,
    source: request.source,
    fieldMapping: request.fieldMapping,
    outputFolderId: request.outputFolderId,
    namePattern: request.namePattern,
    maxAttempts: request.maxAttempts,
    createdBy: { userId: caller.userId, email: caller.email },
    createdAt: new Date(context.now()),
  });
}
