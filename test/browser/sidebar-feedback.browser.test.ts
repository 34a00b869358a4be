import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import type { SaveTemplateOutcome, SidebarState } from '../../addon/shared/sidebar-contract';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';

/**
 * 👍/👎 with an optional reason, as a person gives them in the sidebar: on each generated tag of the preview
 * (a regenerated tag rated on its own), on each result line of a fill written to the document, shown as
 * selected, changeable, and with a plain message when the rating could not be saved.
 */

const organisation = 'domain:example.com';

async function shot(page: Page, state: string): Promise<void> {
  await page.locator('#sidebar').screenshot({ path: artifactPath(`sidebar-feedback-${state}.png`) });
}

function thumbs(scope: Locator) {
  return { up: scope.locator('button.feedback-button.up'), down: scope.locator('button.feedback-button.down') };
}

async function pressed(button: Locator): Promise<string | null> {
  return button.getAttribute('aria-pressed');
}

describe('rating generated tags in the sidebar (Chromium)', () => {
  let browser: Browser;
  let stack: LocalStack;
  const run = <Result>(name: string, ...args: unknown[]) => stack.harness.runtime.run(name, args) as Promise<Result>;
  const ratingsOf = async () =>
    Object.fromEntries(
      (await stack.backend.firestore.firestore.collection(`orgs/${organisation}/tagFeedback`).get()).docs.map((document) => [
        document.id,
        document.data(),
      ]),
    );
  const fillFields = async (sidebar: FrameLocator) => {
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
  };

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack();
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', {
      baseVersion: state.template.version,
      tags: {
        intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
        next_steps: { prompt: 'List next steps for {{project_name}}.', fields: [], outputFormat: 'markdown', useDocumentText: false },
      },
    });
    expect(saved.status).toBe('saved');
  });
  afterAll(async () => {
    await stack?.close();
    await browser?.close();
  });
  beforeEach(() => {
    stack.harness.workspace.resetDocument();
    stack.provider.reset();
  });

  it('rates each tag of a preview, with a reason, changes a rating, and rates a regenerated tag on its own', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await fillFields(sidebar);
    await sidebar.locator('#preview').click();
    await sidebar.locator('#preview-intro').waitFor({ timeout: 15_000 });
    const introCard = sidebar.locator('.preview-card[data-tag="intro"]');
    const stepsCard = sidebar.locator('.preview-card[data-tag="next_steps"]');
    const intro = thumbs(introCard);
    expect([await pressed(intro.up), await pressed(intro.down)]).toEqual(['false', 'false']);
    await expect(intro.down.getAttribute('aria-label')).resolves.toBe('Poor result: ai:intro');

    // 👎 is saved at once and opens the optional reason field.
    await intro.down.click();
    await introCard.locator('.feedback-notice', { hasText: 'Thanks: your rating is saved.' }).waitFor({ timeout: 15_000 });
    expect(await pressed(intro.down)).toBe('true');
    const reason = introCard.getByLabel('Reason for your rating of ai:intro (optional)');
    await reason.fill('Too formal for this client.');
    await introCard.getByRole('button', { name: 'Send reason' }).click();
    await introCard.locator('.feedback-notice', { hasText: 'Thanks: your rating and reason are saved.' }).waitFor({ timeout: 15_000 });
    const firstFill = Object.keys(await ratingsOf())[0]?.split(':')[0] ?? '';
    expect((await ratingsOf())[`${firstFill}:intro`]).toMatchObject({ rating: 'down', comment: 'Too formal for this client.' });

    // 👍 on the other tag, then changed to 👎 and back: the server keeps the last, the page shows it.
    const steps = thumbs(stepsCard);
    await steps.up.click();
    await stepsCard.locator('.feedback-notice', { hasText: 'Thanks' }).waitFor({ timeout: 15_000 });
    await expect(stepsCard.getByRole('button', { name: 'Add a reason' }).isVisible()).resolves.toBe(true);
    await steps.down.click();
    await stepsCard.locator('.feedback-reason').waitFor();
    await stepsCard.locator('button.feedback-button.down[aria-pressed="true"]:not([disabled])').waitFor({ timeout: 15_000 });
    await steps.up.click();
    await stepsCard.locator('button.feedback-button.up[aria-pressed="true"]:not([disabled])').waitFor({ timeout: 15_000 });
    expect(await pressed(steps.down)).toBe('false');
    expect((await ratingsOf())[`${firstFill}:next_steps`]).toMatchObject({ rating: 'up' });
    await shot(page, 'preview');

    // A regenerated text is another fill's: its rating starts afresh and is stored under that fill.
    stack.provider.enqueue({ kind: 'reply', text: 'A warmer introduction for Acme Corp.' });
    await sidebar.locator('#regenerate-intro').click();
    await sidebar.locator('#preview-intro', { hasText: 'A warmer introduction for Acme Corp.' }).waitFor({ timeout: 15_000 });
    expect([await pressed(intro.up), await pressed(intro.down)]).toEqual(['false', 'false']);
    // The other tag, not regenerated, keeps its rating on screen.
    expect(await pressed(steps.up)).toBe('true');
    await intro.up.click();
    await introCard.locator('.feedback-notice', { hasText: 'Thanks' }).waitFor({ timeout: 15_000 });
    const ratings = await ratingsOf();
    expect(Object.keys(ratings)).toHaveLength(3);
    const regenerated = Object.entries(ratings).find(([id]) => id.endsWith(':intro') && !id.startsWith(firstFill));
    expect(regenerated?.[1]).toMatchObject({ rating: 'up', comment: null });
    expect(ratings[`${firstFill}:intro`]).toMatchObject({ rating: 'down' });
    await page.close();
  });

  it('rates a result line of a fill written to the document, and says plainly when a rating was not saved', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await fillFields(sidebar);
    await sidebar.locator('#fill-all').click();
    await sidebar.locator('#result.success').waitFor({ timeout: 15_000 });
    const introLine = sidebar.locator('#result li', { has: sidebar.locator('[data-feedback-tag="intro"]') });
    const stepsLine = sidebar.locator('#result li', { has: sidebar.locator('[data-feedback-tag="next_steps"]') });
    await thumbs(introLine).up.click();
    await introLine.locator('.feedback-notice', { hasText: 'Thanks: your rating is saved.' }).waitFor({ timeout: 15_000 });
    expect(await pressed(thumbs(introLine).up)).toBe('true');
    const sent = stack.harness.requestLog.filter((exchange) => exchange.method.toUpperCase() === 'PUT').at(-1);
    const fillId = /\/v1\/fills\/([^/]+)\/feedback\/intro$/.exec(new URL(sent?.url ?? 'http://x/').pathname)?.[1];
    expect((await ratingsOf())[`${fillId}:intro`]).toMatchObject({ rating: 'up', userId: 'harness-user-1' });

    // The fill's record is gone (as after an organisation's data was deleted): the rating fails, in words.
    await stack.backend.firestore.firestore.doc(`orgs/${organisation}/executions/${fillId}`).delete();
    await thumbs(stepsLine).down.click();
    const alert = stepsLine.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    await expect(alert.textContent()).resolves.toBe('This result is no longer known to the server, so it cannot be rated.');
    expect([await pressed(thumbs(stepsLine).up), await pressed(thumbs(stepsLine).down)]).toEqual(['false', 'false']);
    await shot(page, 'result');
    await page.close();
  });
});
