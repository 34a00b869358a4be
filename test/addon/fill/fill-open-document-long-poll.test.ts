import { documentFromSpec, documentPlainText } from '../../../harness/fakes/document-service';
import type { BackendClient, BackendFillProgress, BackendFillResult } from '../../../addon/src/backend/backend-client';
import { fillOpenDocument } from '../../../addon/src/fill/fill-open-document';

/** How the add-on waits for a long fill: short requests asked again, never one long one. */
type Document = GoogleAppsScript.Document.Document;

function template(): Document {
  return documentFromSpec({ name: 'Offer', body: [{ type: 'paragraph', runs: [{ text: '<<ai:intro>>' }] }] }) as unknown as Document;
}

const running: BackendFillProgress = { fillId: 'f', status: 'running', total: 1, finished: 0, tags: { intro: 'pending' } };
const finished: BackendFillResult = {
  fillId: 'f',
  status: 'completed',
  results: [{ tag: 'intro', status: 'generated', text: 'Hello.', durationMs: 95_000, warnings: [] }],
  totals: { tags: 1, generated: 1, fallback: 0, failed: 0, cached: 0, inputTokens: 10, outputTokens: 5, cost: 0.001, durationMs: 95_000 },
};

function backendAnswering(answers: (BackendFillProgress | BackendFillResult)[], calls: string[]): BackendClient {
  const next = () => answers.shift() ?? finished;
  return {
    getTemplate: () => ({
      documentId: 'd',
      templateId: 'd',
      inherited: false,
      version: 1,
      name: 'Offer',
      tags: { intro: { prompt: 'Hi', fields: [], outputFormat: 'plain', useDocumentText: false } },
      updatedAt: null,
      updatedBy: null,
    }),
    startFill: (_request: unknown, waitSeconds: number) => {
      calls.push(`start ${waitSeconds}`);
      return next();
    },
    awaitFill: (_fillId: string, waitSeconds: number) => {
      calls.push(`await ${waitSeconds}`);
      return next();
    },
  } as unknown as BackendClient;
}

const input = { fillId: 'f', tags: ['intro'], fieldValues: {}, configurations: {}, mode: 'write' as const };
const copyDocument = () => {
  throw new Error('no copy expected');
};

describe('fillOpenDocument waiting for a long fill', () => {
  it('asks again with bounded waits until the fill finishes, then writes', () => {
    const calls: string[] = [];
    const document = template();
    let clock = 0;
    const outcome = fillOpenDocument(input, {
      document,
      backend: backendAnswering([running, running, finished], calls),
      limits: { waitSeconds: 40, generationBudgetMs: 300_000 },
      now: () => (clock += 40_000),
      copyDocument,
    });
    expect(calls).toEqual(['start 40', 'await 40', 'await 40']);
    expect(outcome).toMatchObject({ status: 'written', durationMs: 95_000 });
    expect(documentPlainText(document as never).trim()).toBe('Hello.');
  });

  it('gives up before Apps Script would, writing nothing', () => {
    const calls: string[] = [];
    const document = template();
    let clock = 0;
    const outcome = fillOpenDocument(input, {
      document,
      backend: backendAnswering([running, running, running, running, running, running, running, running, running], calls),
      limits: { waitSeconds: 40, generationBudgetMs: 120_000 },
      now: () => (clock += 40_000),
      copyDocument,
    });
    expect(outcome).toMatchObject({ status: 'aborted', code: 'too_slow' });
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(documentPlainText(document as never).trim()).toBe('<<ai:intro>>');
  });

  it('never waits past the generation budget: the last wait is cut short, then it stops', () => {
    const calls: string[] = [];
    const document = template();
    // The clock moves only while a request waits, by as long as it was allowed to wait.
    let clock = 0;
    const backend = backendAnswering(Array(10).fill(running), calls);
    const timed = {
      ...backend,
      startFill: (request: never, waitSeconds: number) => {
        clock += waitSeconds * 1000;
        return backend.startFill(request, waitSeconds);
      },
      awaitFill: (fillId: string, waitSeconds: number) => {
        clock += waitSeconds * 1000;
        return backend.awaitFill(fillId, waitSeconds);
      },
    } as BackendClient;
    const outcome = fillOpenDocument(input, {
      document,
      backend: timed,
      limits: { waitSeconds: 40, generationBudgetMs: 100_500 },
      now: () => clock,
      copyDocument,
    });
    expect(calls).toEqual(['start 40', 'await 40', 'await 20']);
    expect(clock).toBeLessThanOrEqual(100_500);
    expect(outcome).toMatchObject({ status: 'aborted', code: 'too_slow' });
    expect(documentPlainText(document as never).trim()).toBe('<<ai:intro>>');
  });
});
