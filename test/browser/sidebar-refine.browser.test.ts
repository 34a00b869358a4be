import type { Browser, Page } from 'playwright-core';
import { documentToSpec } from '../../harness/fakes/document-service';
import type { SaveTemplateOutcome, SidebarState } from '../../addon/shared/sidebar-contract';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';

/**
 * Refine a result in the preview (issue 21, item 7), as a person does it in the sidebar: a quick choice and an
 * instruction of their own rewrite one tag, the earlier version is one click away, and Accept writes the
 * version shown.
 */

const organisation = 'domain:example.com';

async function shot(page: Page, state: string): Promise<void> {
  await page.locator('#sidebar').screenshot({ path: artifactPath(`sidebar-refine-${state}.png`) });
}

describe('refining a tag in the preview (Chromium)', () => {
  let browser: Browser;
  let stack: LocalStack;
  const run = <Result>(name: string, ...args: unknown[]) => stack.harness.runtime.run(name, args) as Promise<Result>;
  const bodyText = () => JSON.stringify(documentToSpec(stack.harness.workspace.document));
  const chatRequests = () => stack.provider.requests.filter((request) => request.path === '/v1/chat/completions');

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack();
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', {
      baseVersion: state.template.version,
      tags: {
        intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
        next_steps: { prompt: 'List next steps for {{project_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
      },
    });
    expect(saved.status).toBe('saved');
  });
  afterAll(async () => {
    await stack?.close();
    await browser?.close();
  });

  it('refines with a quick choice and free text, goes back to an earlier version, and writes the version shown', async () => {
    stack.harness.workspace.resetDocument();
    stack.provider.reset();
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
    stack.provider.enqueue({ kind: 'reply', text: 'Acme Corp is a company that builds things, and it has done so for many, many years.' });
    await sidebar.locator('#preview').click();
    const introCard = sidebar.locator('.preview-card[data-tag="intro"]');
    const intro = sidebar.locator('#preview-intro');
    await intro.waitFor({ timeout: 15_000 });
    const original = (await intro.textContent()) ?? '';
    const otherTag = (await sidebar.locator('#preview-next_steps').textContent()) ?? '';
    expect(original).toBe('Acme Corp is a company that builds things, and it has done so for many, many years.');
    await expect(introCard.locator('#previous-version-intro').count()).resolves.toBe(0);

    // A quick choice: the provider is asked to rewrite the text shown, with the instruction.
    const before = chatRequests().length;
    stack.provider.enqueue({ kind: 'reply', text: 'Acme Corp has built things for years.' });
    await introCard.getByRole('button', { name: 'Shorter: refine ai:intro' }).click();
    await sidebar.locator('#preview-intro', { hasText: 'Acme Corp has built things for years.' }).waitFor({ timeout: 15_000 });
    const sent = JSON.stringify(
      chatRequests()
        .slice(before)
        .map((request) => request.body),
    );
    expect(chatRequests().slice(before)).toHaveLength(1);
    expect(sent).toContain(original);
    expect(sent).toContain('Instruction: Shorter');
    await expect(introCard.locator('#version-intro').textContent()).resolves.toBe('Version 2 of 2');
    // Only this tag changed.
    await expect(sidebar.locator('#preview-next_steps').textContent()).resolves.toBe(otherTag);

    // Free text refines the version shown (the shorter one).
    stack.provider.enqueue({ kind: 'reply', text: 'Acme Corporation has a long record of building.' });
    await introCard.getByLabel('How to change ai:intro').fill('More formal, and name the company in full');
    await introCard.getByRole('button', { name: 'Refine ai:intro', exact: true }).click();
    await sidebar.locator('#preview-intro', { hasText: 'Acme Corporation has a long record of building.' }).waitFor({ timeout: 15_000 });
    const third = JSON.stringify(chatRequests().at(-1)?.body);
    expect(third).toContain('Acme Corp has built things for years.');
    expect(third).toContain('More formal, and name the company in full');
    await expect(introCard.locator('#version-intro').textContent()).resolves.toBe('Version 3 of 3');
    await shot(page, 'refined');

    // The earlier versions are a click away, and back again.
    await introCard.getByRole('button', { name: 'Previous version of ai:intro' }).click();
    await sidebar.locator('#preview-intro', { hasText: 'Acme Corp has built things for years.' }).waitFor();
    await introCard.getByRole('button', { name: 'Previous version of ai:intro' }).click();
    await sidebar.locator('#preview-intro', { hasText: original }).waitFor();
    await expect(introCard.locator('#version-intro').textContent()).resolves.toBe('Version 1 of 3');
    await expect(introCard.getByRole('button', { name: 'Previous version of ai:intro' }).isDisabled()).resolves.toBe(true);
    await introCard.getByRole('button', { name: 'Next version of ai:intro' }).click();
    await sidebar.locator('#preview-intro', { hasText: 'Acme Corp has built things for years.' }).waitFor();
    await shot(page, 'previous-version');

    // Accept writes the version shown (the second), not the latest or the first.
    await sidebar.locator('#accept').click();
    await sidebar.locator('#result.success').waitFor({ timeout: 15_000 });
    expect(bodyText()).toContain('Acme Corp has built things for years.');
    expect(bodyText()).not.toContain('Acme Corporation has a long record of building.');
    expect(bodyText()).not.toContain('for many, many years');
    expect(bodyText()).toContain(otherTag);

    // Each refinement was billed to the fill's tag, like any generation.
    const executions = await stack.backend.firestore.firestore.collection(`orgs/${organisation}/executions`).get();
    const refinements = (await Promise.all(executions.docs.map((execution) => execution.ref.collection('refinements').get()))).flatMap(
      (snapshot) => snapshot.docs.map((document) => document.data()),
    );
    expect(refinements.map((refinement) => refinement.instruction).sort()).toEqual([
      'More formal, and name the company in full',
      'Shorter',
    ]);
    await page.close();
  });

  it('says plainly when a refinement fails and keeps the version shown', async () => {
    stack.harness.workspace.resetDocument();
    stack.provider.reset();
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await sidebar.locator('#field-client_name').fill('Acme Corp');
    await sidebar.locator('#field-project_name').fill('Data platform');
    await sidebar.locator('#preview').click();
    const introCard = sidebar.locator('.preview-card[data-tag="intro"]');
    await sidebar.locator('#preview-intro').waitFor({ timeout: 15_000 });
    const shown = await sidebar.locator('#preview-intro').textContent();
    // The fill's record is gone (as after an organisation's data was deleted): the server no longer knows the result.
    const executions = await stack.backend.firestore.firestore.collection(`orgs/${organisation}/executions`).get();
    for (const execution of executions.docs) await execution.ref.delete();
    const before = chatRequests().length;
    await introCard.getByRole('button', { name: 'Simpler: refine ai:intro' }).click();
    const alert = introCard.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    await expect(alert.textContent()).resolves.toBe('This result is no longer known to the server; fill again to refine it.');
    expect(chatRequests().length).toBe(before);
    await expect(sidebar.locator('#preview-intro').textContent()).resolves.toBe(shown);
    await expect(introCard.locator('#previous-version-intro').count()).resolves.toBe(0);
    await shot(page, 'failed');
    await page.close();
  });
});
