import type {
  FeedbackOutcome,
  FillOutcome,
  FillRequestInput,
  SaveTemplateOutcome,
  SidebarState,
} from '../../../addon/shared/sidebar-contract';
import { startLocalStack, type LocalStack } from '../../support/local-stack';

/**
 * The sidebar's 👍/👎 as the built add-on runs it: the `sendFeedback` server function, run by the harness's Apps
 * Script runtime against the real backend, records the rating on the fill's tag, and says plainly when it could not.
 */
const organisation = 'domain:example.com';
const fieldValues = { client_name: 'Acme Corp', project_name: 'Data platform', start_date: '1 March', consultant_name: 'Ana' };

describe('rating a generated tag through the add-on server function', () => {
  let stack: LocalStack;
  let fillId: string;
  const run = <Result>(name: string, ...args: unknown[]) => stack.harness.runtime.run(name, args) as Promise<Result>;
  const stored = async (tag: string) =>
    (await stack.backend.firestore.firestore.doc(`orgs/${organisation}/tagFeedback/${fillId}:${tag}`).get()).data();

  beforeAll(async () => {
    stack = await startLocalStack();
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', {
      baseVersion: state.template.version,
      tags: {
        intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
        next_steps: { prompt: 'List next steps.', fields: [], outputFormat: 'markdown', useDocumentText: false },
      },
    });
    expect(saved.status).toBe('saved');
    const input: FillRequestInput = {
      fillId: crypto.randomUUID(),
      tags: ['intro', 'next_steps'],
      fieldValues,
      configurations: {},
      mode: 'preview',
    };
    const outcome = await run<FillOutcome>('fillDocument', input);
    expect(outcome.status).toBe('generated');
    fillId = input.fillId;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('records a 👎 with its reason, then replaces it with a 👍 without one', async () => {
    const before = stack.harness.requestLog.length;
    const down = await run<FeedbackOutcome>('sendFeedback', { fillId, tag: 'intro', rating: 'down', comment: '  Too formal.  ' });
    expect(down).toEqual({ status: 'recorded', rating: 'down', comment: 'Too formal.' });
    expect(await stored('intro')).toMatchObject({
      rating: 'down',
      comment: 'Too formal.',
      userId: 'harness-user-1',
      templateId: 'sample-proposal',
    });
    const sent = stack.harness.requestLog.slice(before);
    expect(sent.map((exchange) => `${exchange.method.toUpperCase()} ${new URL(exchange.url).pathname}`)).toEqual([
      `PUT /v1/fills/${fillId}/feedback/intro`,
    ]);

    const up = await run<FeedbackOutcome>('sendFeedback', { fillId, tag: 'intro', rating: 'up', comment: '   ' });
    expect(up).toEqual({ status: 'recorded', rating: 'up' });
    expect(await stored('intro')).toMatchObject({ rating: 'up', comment: null });
  });

  it('says plainly why a rating was not saved: an unknown fill, a reason too long', async () => {
    const unknown = await run<FeedbackOutcome>('sendFeedback', { fillId: crypto.randomUUID(), tag: 'intro', rating: 'up' });
    expect(unknown).toEqual({ status: 'not-recorded', message: 'This result is no longer known to the server, so it cannot be rated.' });

    const before = stack.harness.requestLog.length;
    const long = await run<FeedbackOutcome>('sendFeedback', { fillId, tag: 'next_steps', rating: 'down', comment: 'x'.repeat(2001) });
    expect(long).toEqual({ status: 'not-recorded', message: 'Keep the reason under 2000 characters (it has 2001).' });
    expect(stack.harness.requestLog.length).toBe(before);
    expect(await stored('next_steps')).toBeUndefined();
  });
});
