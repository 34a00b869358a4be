import type { Browser } from 'playwright-core';
import type { SaveTemplateOutcome, SidebarState } from '../../addon/shared/sidebar-contract';
import { documentPlainText } from '../../harness/fakes/document-service';
import { startHubSpotServer, type HubSpotServer } from '../../harness/hubspot-server';
import { addSampleBulkRunData, sampleFolderId } from '../../harness/sample-bulk-run';
import { sampleHubSpotToken, seedSampleHubSpotCrm } from '../../harness/sample-hubspot-crm';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { openSidebarHarness } from '../support/sidebar-page';
import { developmentBearer } from '../support/test-backend';

/**
 * The Bulk panel's HubSpot source in Chromium, as `npm start` offers it: the sample portal's deals (each with its
 * company) through the HubSpot stand-in, the sample proposal template, the built bundle and the real backend.
 * What a person sees: the mapping suggested from the deal's properties, a problem next to the record ids, then
 * progress reaching done with each deal's document, and each deal noted with its link in HubSpot.
 */
const owner = developmentBearer({ sub: 'harness-user-1', email: 'ana@example.com', hd: 'example.com' });

describe("the Bulk panel's HubSpot source in Chromium", () => {
  let browser: Browser;
  let hubspot: HubSpotServer;
  let stack: LocalStack;
  let dealIds: string[];
  let folderUrl: string;

  beforeAll(async () => {
    browser = await launchChromium();
    hubspot = await startHubSpotServer({ accessToken: sampleHubSpotToken });
    dealIds = seedSampleHubSpotCrm(hubspot.crm);
    stack = await startLocalStack({ environment: { HUBSPOT_BASE_URL: hubspot.baseUrl } });
    const state = (await stack.harness.runtime.run('getSidebarState')) as SidebarState;
    const saved = (await stack.harness.runtime.run('saveTemplate', [
      {
        baseVersion: state.template.version,
        tags: {
          intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
          next_steps: { prompt: 'Next steps for {{project_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
        },
      },
    ])) as SaveTemplateOutcome;
    expect(saved.status).toBe('saved');
    folderUrl = addSampleBulkRunData(stack.harness.workspace).folderUrl;
    const connected = await fetch(`${stack.backend.url}/v1/hubspot/connection`, {
      method: 'PUT',
      headers: { authorization: owner, 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: sampleHubSpotToken }),
    });
    expect(connected.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await hubspot?.close();
    await browser?.close();
  });

  it('makes a document per deal picked by id, shows each with its link, and notes the link on the deal', async () => {
    const { page, sidebar } = await openSidebarHarness(stack, browser);
    await sidebar.locator('#tab-bulk').click();
    await sidebar.locator('#bulk-source-hubspot').check();
    await sidebar.locator('#hubspot-form').waitFor();
    await expect(sidebar.locator('#bulk-setup-heading').textContent()).resolves.toBe('Documents from HubSpot');
    await expect(sidebar.locator('#bulk-form').isHidden()).resolves.toBe(true);
    // Deals suggest the properties of the sample template's fields; the custom one is typed.
    await expect(sidebar.locator('#hubspot-map-client_name').inputValue()).resolves.toBe('company.name');
    await expect(sidebar.locator('#hubspot-map-project_name').inputValue()).resolves.toBe('dealname');
    await expect(sidebar.locator('#hubspot-map-start_date').inputValue()).resolves.toBe('closedate');
    await sidebar.locator('#hubspot-map-consultant_name').fill('consultant');
    await sidebar.locator('#hubspot-outputFolder').fill(folderUrl);

    // An id HubSpot does not have is said under the ids, and nothing starts.
    await sidebar.locator('#hubspot-ids').fill(`${dealIds[0]}, 999999`);
    await sidebar.locator('#hubspot-start').click();
    await sidebar.locator('#hubspot-records-problem:not([hidden])').waitFor({ timeout: 15_000 });
    await expect(sidebar.locator('#hubspot-records-problem').textContent()).resolves.toContain('999999');

    await sidebar.locator('#hubspot-ids').fill(`${dealIds[0]}\n${dealIds[1]}`);
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-bulk-hubspot-form.png') });
    await sidebar.locator('#hubspot-start').click();
    await sidebar.locator('#bulk-run:not([hidden])').waitFor({ timeout: 20_000 });
    await expect(sidebar.locator('#bulk-run-message').textContent()).resolves.toBe('2 records from HubSpot to make.');
    // The panel works on the run itself while it is open.
    await sidebar.locator('#bulk-run[data-status="finished"]').waitFor({ timeout: 60_000 });
    for (const dealId of dealIds.slice(0, 2))
      await sidebar
        .locator(`#bulk-records li[data-state="done"]`, { hasText: `Deal ${dealId}` })
        .locator('a', { hasText: 'Open document' })
        .waitFor();
    await page.locator('#sidebar').screenshot({ path: artifactPath('sidebar-bulk-hubspot-done.png') });

    const documents = stack.harness.workspace.documentsInFolder(sampleFolderId);
    const acme = documents.find((document) => document.getName().endsWith('Acme Corp'));
    expect(acme).toBeDefined();
    const text = documentPlainText(acme!);
    expect(text).toContain('Proposal for Acme Corp');
    expect(text).toContain('Data platform');
    expect(text).toContain('Ana Silva');
    expect(text).not.toContain('<<');
    for (const dealId of dealIds.slice(0, 2)) {
      const notes = hubspot.crm.associationsOf('deals', dealId, 'notes').map((association) => hubspot.crm.get('notes', association.toId)!);
      expect(notes).toHaveLength(1);
      expect(documents.some((document) => notes[0]!.properties.hs_note_body?.includes(document.getUrl()))).toBe(true);
    }
  });
});
