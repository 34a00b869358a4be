import { createAskAi } from '../../../../backend/src/ai/ask-ai';
import type { UsageWriter } from '../../../../backend/src/ai/ledger/usage-writer';
import { FirestoreUnavailableError } from '../../../../backend/src/platform/firestore/firestore-availability';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

describe('askAI while usage cannot be recorded', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    stack = await startAskAiStack();
  });
  afterAll(() => stack.close());

  const generationRequests = () => stack.servers.openai.requests.filter((request) => request.path === '/v1/chat/completions');

  it('calls no provider while storage is known to be down, and holds nothing', async () => {
    const organisationId = 'domain:storage-down.example';
    const down = new FirestoreUnavailableError('Our database is not answering.', 30);
    const askAi = createAskAi({
      ...stack.dependencies,
      storage: {
        ensureAvailable() {
          throw down;
        },
      },
    });
    const before = generationRequests().length;
    await expect(askAi(askRequest({ organisationId }))).rejects.toBe(down);
    expect(generationRequests()).toHaveLength(before);
    for (const [, totals] of await stack.counters(organisationId)) expect(totals).toEqual({ reserved: 0, spent: 0 });
  });

  it('returns no answer before its usage is recorded; the late record lands once, and the answer waits in the cache', async () => {
    const organisationId = 'domain:slow-usage-write.example';
    const writer = stack.dependencies.writer;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowWriter = { write: (entry) => gate.then(() => writer.write(entry)) } as Pick<UsageWriter, 'write'> as UsageWriter;
    const askAi = createAskAi({ ...stack.dependencies, writer: slowWriter, usageDurableTimeoutMs: 50 });
    const request = askRequest({ organisationId, instruction: 'Write the slowly recorded sentence.' });

    await expect(askAi(request)).rejects.toBeInstanceOf(FirestoreUnavailableError);
    release();
    const again = await askAi({ ...request, requestId: `${request.requestId}-again` });
    expect(again).toMatchObject({ cached: true, cost: 0 });
    expect(generationRequests().filter((sent) => JSON.stringify(sent.body).includes('slowly recorded'))).toHaveLength(1);
    const billed = (await stack.usageRecords(organisationId)).filter((record) => record.requestId === request.requestId);
    expect(billed).toEqual([expect.objectContaining({ status: 'success', attempt: 1 })]);
  });
});
