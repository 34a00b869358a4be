import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buildAddon, addonOutputDirectory } from '../scripts/build-addon';
import { loadConfig } from '../backend/src/platform/config';
import { createLogger } from '../backend/src/platform/logger';
import { startBackend } from '../backend/src/start-backend';
import { startOpenAIServer } from '../harness/provider-servers';
import type { DocumentSpec } from '../harness/fakes/document-service';
import { startHarness } from '../harness/server/start-harness';
import type { FillOutcome, SidebarState, TagConfiguration } from '../addon/shared/sidebar-contract';
import { launchChromium } from '../test/support/chromium';
import type { Metric } from './bench-processes';
import { round } from './statistics';

/**
 * The add-on as Docs runs it:
 * - addon_bundle_kb, sidebar_html_kb, admin_html_kb: the built files clasp pushes;
 * - fill_20_tags_gas_executions / fill_20_tags_backend_requests: what one "Fill all" of a 20-tag document
 *   costs, clicked in the real sidebar in Chromium, progress polls not counted;
 * - fill_20_tags_addon_ratio: a 20-tag fill over a 1-tag fill through the add-on's fillDocument, against a
 *   provider answering in 1 s (the tags run in parallel, so the ideal is 1).
 */
const tagCount = 20;
const tagNames = Array.from({ length: tagCount }, (_, index) => `section_${index + 1}`);

function twentyTagTemplate(): DocumentSpec {
  return {
    id: 'bench-template',
    name: 'Bench template',
    body: [
      { type: 'paragraph', heading: 'TITLE', runs: [{ text: 'Report for <<client_name>>' }] },
      ...tagNames.flatMap((name) => [
        { type: 'paragraph' as const, heading: 'HEADING2' as const, runs: [{ text: name }] },
        { type: 'paragraph' as const, runs: [{ text: `<<ai:${name}>>` }] },
      ]),
    ],
  };
}

async function kilobytes(file: string): Promise<number> {
  return round((await stat(path.join(addonOutputDirectory, file))).size / 1024);
}

async function main(): Promise<void> {
  await buildAddon();
  const metrics: Metric[] = [
    { name: 'addon_bundle_kb', value: await kilobytes('Code.js'), unit: 'KB' },
    { name: 'sidebar_html_kb', value: await kilobytes('sidebar.html'), unit: 'KB' },
    { name: 'admin_html_kb', value: await kilobytes('admin.html'), unit: 'KB' },
  ];

  const provider = await startOpenAIServer();
  provider.setLatency(1000);
  const config = loadConfig({
    AUTH_MODE: 'development',
    LOG_LEVEL: 'silent',
    PORT: '0',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: provider.baseUrl,
  });
  const backend = await startBackend(config, createLogger({ level: 'silent' }));
  const harness = await startHarness({ backendUrl: backend.url, template: twentyTagTemplate });
  const executions: string[] = [];
  const run = harness.runtime.run.bind(harness.runtime);
  harness.runtime.run = (name, args) => {
    executions.push(name);
    return run(name, args);
  };
  try {
    const state = (await run('getSidebarState', [])) as SidebarState;
    const configuration = (name: string): TagConfiguration => ({
      prompt: `Write ${name} of the report for {{client_name}}.`,
      fields: [],
      outputFormat: 'plain',
      useDocumentText: false,
      maxOutputTokens: 64,
    });
    await run('saveTemplate', [
      { baseVersion: state.template.version, tags: Object.fromEntries(tagNames.map((name) => [name, configuration(name)])) },
    ]);
    await run('saveFieldValues', [{ client_name: 'Acme Corp' }]);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(harness.url);
      const sidebar = page.frameLocator('#sidebar');
      await sidebar.locator('#fill-all:not([disabled])').waitFor({ timeout: 30_000 });
      executions.length = 0;
      const requestsBefore = harness.requestLog.length;
      await sidebar.locator('#fill-all').click();
      await sidebar.locator('#result.success, #result.warning, #result.error').waitFor({ timeout: 120_000 });
      const resultText = (await sidebar.locator('#result').textContent()) ?? '';
      if (!(await sidebar.locator('#result.success').count())) throw new Error(`the 20-tag fill did not succeed: ${resultText}`);
      const isPoll = (name: string) => name === 'getFillProgress';
      const fillRequests = harness.requestLog.slice(requestsBefore).filter((exchange) => !/[?&]waitSeconds=0(&|$)/.test(exchange.url));
      metrics.push(
        { name: 'fill_20_tags_gas_executions', value: executions.filter((name) => !isPoll(name)).length, unit: 'executions' },
        { name: 'fill_20_tags_backend_requests', value: fillRequests.length, unit: 'requests' },
        { name: 'fill_20_tags_progress_polls', value: executions.filter(isPoll).length, unit: 'executions' },
      );
    } finally {
      await browser.close();
    }

    // The sidebar's fill wrote the document; previews below need its tags back.
    harness.workspace.resetDocument();
    // Regenerate: nothing may come from the cache, so every tag waits for the provider.
    const timedFill = async (tags: string[]) => {
      const startedAt = performance.now();
      const outcome = (await run('fillDocument', [
        {
          fillId: crypto.randomUUID(),
          tags,
          fieldValues: { client_name: 'Acme Corp' },
          configurations: {},
          regenerate: true,
          mode: 'preview',
        },
      ])) as FillOutcome;
      if (outcome.status !== 'generated') throw new Error(`fill failed: ${JSON.stringify(outcome).slice(0, 300)}`);
      return performance.now() - startedAt;
    };
    await timedFill(tagNames.slice(0, 1));
    const single: number[] = [];
    const twenty: number[] = [];
    for (let roundIndex = 0; roundIndex < 3; roundIndex += 1) {
      single.push(await timedFill(tagNames.slice(0, 1)));
      twenty.push(await timedFill(tagNames));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    metrics.push(
      { name: 'fill_20_tags_addon_ratio', value: round(median(twenty) / median(single)), unit: 'ratio' },
      { name: 'fill_20_tags_addon_ms', value: round(median(twenty), 0), unit: 'ms' },
      { name: 'fill_1_tag_addon_ms', value: round(median(single), 0), unit: 'ms' },
    );
  } finally {
    await harness.close();
    await backend.close();
    await provider.close();
  }
  for (const metric of metrics) process.stdout.write(`${JSON.stringify(metric)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
