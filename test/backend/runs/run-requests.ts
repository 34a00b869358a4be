import request from 'supertest';
import type { ClaimedJob } from '../../../contracts/runs';
import type { TestBackend } from '../../support/test-backend';
import { developmentBearer } from '../../support/test-backend';

/** A person of organisation example.com (the first one to sign in becomes its owner), or of another organisation. */
export const people = {
  owner: developmentBearer({ sub: 'run-owner', email: 'owner@example.com' }),
  member: developmentBearer({ sub: 'run-member', email: 'member@example.com' }),
  otherMember: developmentBearer({ sub: 'run-member-2', email: 'member2@example.com' }),
  outsider: developmentBearer({ sub: 'run-outsider', email: 'someone@elsewhere.example', hd: 'elsewhere.example' }),
};
export type Person = keyof typeof people;

export const templateDocumentId = 'run-template-doc';

/** Talks to the backend as one person. */
export function runClient(backend: TestBackend, person: Person = 'owner') {
  const as = (pending: request.Test) => pending.set('authorization', people[person]);
  return {
    get: (path: string, query: Record<string, string> = {}) => as(request(backend.app).get(path).query(query)),
    post: (path: string, body: object = {}) => as(request(backend.app).post(path)).send(body),
    put: (path: string, body: object) => as(request(backend.app).put(path)).send(body),
  };
}

/** Signs everyone in (the owner first, so they own example.com) and saves the run template. */
export async function prepareOrganisation(backend: TestBackend): Promise<void> {
  for (const person of ['owner', 'member', 'otherMember', 'outsider'] as const) {
    const session = await runClient(backend, person).get('/v1/session');
    if (session.status !== 200) throw new Error(`sign-in of ${person}: ${session.status} ${session.text}`);
  }
  const saved = await runClient(backend).put(`/v1/templates/${templateDocumentId}`, {
    baseVersion: 0,
    template: { name: 'Proposal template', tags: { intro: { prompt: 'Write an introduction for {{company}}.' } } },
  });
  if (saved.status !== 200) throw new Error(`template save: ${saved.status} ${saved.text}`);
}

export function runBody(overrides: object = {}) {
  return {
    name: 'Q3 proposals',
    templateDocumentId,
    source: { kind: 'sheet', spreadsheetId: 'sheet-1', sheetName: 'Leads' },
    fieldMapping: { company: 'Company name', contact: 'Contact' },
    outputFolderId: 'folder-1',
    namePattern: 'Proposal – {{company}}',
    ...overrides,
  };
}

/** Creates a run as `person` and answers its id. */
export async function createRun(backend: TestBackend, person: Person = 'owner', overrides: object = {}): Promise<string> {
  const response = await runClient(backend, person).post('/v1/runs', runBody(overrides));
  if (response.status !== 201) throw new Error(`create run: ${response.status} ${response.text}`);
  return response.body.runId as string;
}

export function record(index: number) {
  return {
    recordKey: `row-${index}`,
    fields: { 'Company name': `Company ${index}`, Contact: `Person ${index}` },
    sourceReference: String(index + 1),
  };
}

export async function enqueue(backend: TestBackend, runId: string, records: object[], person: Person = 'owner') {
  const response = await runClient(backend, person).post(`/v1/runs/${runId}/records`, { records });
  if (response.status !== 200) throw new Error(`enqueue: ${response.status} ${response.text}`);
  return response.body.jobs as { recordKey: string; jobId: string; created: boolean }[];
}

export type { ClaimedJob };

export async function claim(backend: TestBackend, runId: string, body: object = {}, person: Person = 'owner') {
  const response = await runClient(backend, person).post(`/v1/runs/${runId}/claims`, body);
  if (response.status !== 200) throw new Error(`claim: ${response.status} ${response.text}`);
  return response.body as { runStatus: string; jobs: ClaimedJob[] };
}
