import type { ProviderBehaviour, ProviderServer } from '../../../../harness/provider-servers';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

/** A small deterministic generator, so a failing run can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const chaos: Array<{ behaviour: ProviderBehaviour; billed: boolean }> = [
  { behaviour: { kind: 'reply', usage: { inputTokens: 30, outputTokens: 20 } }, billed: true },
  { behaviour: { kind: 'error', status: 429, headers: { 'retry-after': '0' } }, billed: false },
  { behaviour: { kind: 'error', status: 500 }, billed: false },
  { behaviour: { kind: 'error', status: 503 }, billed: false },
  { behaviour: { kind: 'hang' }, billed: false },
  { behaviour: { kind: 'disconnect' }, billed: false },
  { behaviour: { kind: 'malformed' }, billed: true },
  { behaviour: { kind: 'empty' }, billed: true },
  { behaviour: { kind: 'content-filtered' }, billed: true },
];

/** Billed answers the server gave: the behaviours it used, in arrival order, plus default replies past the queue. */
function billedAnswers(server: ProviderServer, path: (requestPath: string) => boolean, queue: Array<{ billed: boolean }>): number {
  const served = server.requests.filter((request) => path(request.path)).length;
  const fromQueue = queue.slice(0, served).filter((entry) => entry.billed).length;
  return fromQueue + Math.max(0, served - queue.length);
}

describe('askAI against misbehaving providers', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    // Long enough that a billed answer slowed by a busy test process is never mistaken for a timeout.
    stack = await startAskAiStack({ attemptTimeoutMs: 1500, deadlineMs: 5000 });
  });
  afterAll(() => stack.close());

  it('writes exactly one usage record per billed attempt and leaves no reservation behind', async () => {
    const organisationId = 'domain:chaos.example';
    await stack.setSettings(organisationId, {
      cacheTtlSeconds: 0,
      fallbackModels: ['anthropic:claude-haiku-4-5'],
      budgets: { organisation: { dailyUsd: 100 } },
    });
    const random = seededRandom(20261123);
    const pick = () => chaos[Math.floor(random() * chaos.length)] as (typeof chaos)[number];
    const openAiQueue = Array.from({ length: 150 }, pick);
    const anthropicQueue = Array.from({ length: 150 }, pick);
    stack.servers.openai.enqueue(...openAiQueue.map((entry) => entry.behaviour));
    stack.servers.anthropic.enqueue(...anthropicQueue.map((entry) => entry.behaviour));

    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, () => stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }))),
    );

    const billed =
      billedAnswers(stack.servers.openai, (path) => path === '/v1/chat/completions', openAiQueue) +
      billedAnswers(stack.servers.anthropic, (path) => path === '/v1/messages', anthropicQueue);
    const records = await stack.usageRecords(organisationId);
    expect(billed).toBeGreaterThan(5);
    expect(records).toHaveLength(billed);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(outcomes.some((outcome) => outcome.status === 'rejected')).toBe(true);

    const logged = records.reduce((sum, record) => sum + record.costNanoDollars, 0);
    const counters = await stack.counters(organisationId);
    expect(counters.size).toBe(4);
    for (const [, totals] of counters) expect(totals).toEqual({ reserved: 0, spent: logged });
  });
});
