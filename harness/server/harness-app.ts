import express, { type Express } from 'express';
import path from 'node:path';
import { z } from 'zod';
import type { AppsScriptRuntime } from '../apps-script-runtime';
import { documentBodyToMarkdown } from '../documents/document-body-to-markdown';
import { docxToDocumentBody } from '../documents/docx-to-document-body';
import { markdownToDocumentBody } from '../documents/markdown-to-document-body';
import { documentPlainText, documentToSpec, renderDocumentHtml, type RecordedMenu } from '../fakes/document-service';
import { hasSampleSheet, resetSampleSheet, sampleSheetView } from '../sample-sheet-view';
import type { HarnessWorkspace, ShownPage } from './harness-workspace';
import { failureReply, runRequest, type RunReply } from './run-request';
import { withGoogleScript } from './script-page';

const harnessPage = path.resolve(__dirname, '..', 'page', 'harness.html');

const openDocumentRequest = z.object({
  name: z.string().trim().min(1).max(200),
  format: z.enum(['markdown', 'docx']),
  /** Markdown as text; a .docx as base64. */
  content: z.string().max(20_000_000),
});

export interface HarnessAppOptions {
  runtime: Pick<AppsScriptRuntime, 'run'>;
  workspace: HarnessWorkspace;
  googleScriptShim: string;
}

interface MenuButton {
  menu: string;
  caption: string;
  functionName: string;
}

function menuButtons(menus: readonly RecordedMenu[]): MenuButton[] {
  const buttons: MenuButton[] = [];
  const walk = (menu: RecordedMenu, title: string) => {
    for (const item of menu.items) {
      if ('functionName' in item) buttons.push({ menu: title, caption: item.caption, functionName: item.functionName });
      else if ('subMenu' in item) walk(item.subMenu, `${title} › ${item.subMenu.title}`);
    }
  };
  for (const menu of menus) walk(menu, menu.title);
  return buttons;
}

/** What the page needs to show a sidebar or dialog: its title, the size the add-on asked for, and its version. */
function describePage(page: ShownPage | undefined): { title: string; width: number | null; height: number | null; version: number } | null {
  return page ? { title: page.title, width: page.width, height: page.height, version: page.version } : null;
}

/** The harness page and the endpoints it and the add-on pages call; only ever bound to loopback. */
export function createHarnessApp(options: HarnessAppOptions): Express {
  const { runtime, workspace, googleScriptShim } = options;
  const app = express();
  app.disable('x-powered-by');
  // A Word file arrives base64-encoded in JSON: larger than any other request, so parsed here before the 1 MB limit.
  app.post('/harness/document/open', express.json({ limit: '20mb' }), async (request, response) => {
    const parsed = openDocumentRequest.safeParse(request.body);
    if (!parsed.success) {
      response
        .status(400)
        .type('text/plain')
        .send(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      return;
    }
    const { name, format, content } = parsed.data;
    try {
      const { body, warnings } =
        format === 'docx'
          ? await docxToDocumentBody(Buffer.from(content, 'base64'))
          : { body: markdownToDocumentBody(content), warnings: [] as string[] };
      workspace.openDocument({ name, body });
      response.json({ name, warnings });
    } catch (error) {
      response
        .status(400)
        .type('text/plain')
        .send(`Cannot read ${name} as ${format}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  app.use(express.json({ limit: '1mb' }));

  app.get('/', (_request, response) => {
    response.sendFile(harnessPage);
  });

  // ?id= shows a copy the add-on made; without it, the open document.
  app.get('/harness/document', (request, response) => {
    const id = typeof request.query.id === 'string' ? request.query.id : undefined;
    const document = id === undefined ? workspace.document : workspace.findDocument(id);
    if (!document) {
      response.status(404).type('text/plain').send(`There is no document ${id} in the harness.`);
      return;
    }
    response.json({
      id: document.getId(),
      name: document.getName(),
      version: workspace.documentVersion,
      text: documentPlainText(document),
      html: renderDocumentHtml(document),
    });
  });

  // The sample spreadsheet of the bulk run (its rows, the link column as the run fills it) and its output folder.
  app.get('/harness/sample-sheet', (_request, response) => {
    const view = sampleSheetView(workspace);
    if (!view) {
      response.status(404).type('text/plain').send('This harness offers no sample sheet (npm start does).');
      return;
    }
    response.json(view);
  });

  app.get('/harness/document/markdown', (_request, response) => {
    response.json({ markdown: documentBodyToMarkdown(documentToSpec(workspace.document).body) });
  });

  app.put('/harness/document/body', (request, response) => {
    const markdown = (request.body as { markdown?: unknown } | undefined)?.markdown;
    if (typeof markdown !== 'string') {
      response.status(400).type('text/plain').send('Send { "markdown": "…" }: the new body of the open document.');
      return;
    }
    workspace.replaceBody(markdownToDocumentBody(markdown));
    response.status(204).end();
  });

  app.get('/harness/ui', (_request, response) => {
    response.json({
      copies: workspace.copies.map((copy) => ({ id: copy.getId(), name: copy.getName() })),
      menuItems: menuButtons(workspace.menus),
      sidebar: describePage(workspace.sidebar),
      dialog: describePage(workspace.dialog),
      alerts: workspace.alerts.length,
      lastAlert: workspace.alerts.at(-1) ?? null,
      authorizationPrompts: workspace.authorizationPrompts.length,
      sampleSheet: hasSampleSheet(workspace),
    });
  });

  const servePage =
    (page: () => ShownPage | undefined, what: string): express.RequestHandler =>
    (_request, response) => {
      const shown = page();
      if (!shown) {
        response.status(404).type('text/plain').send(`The add-on has not shown a ${what}; use its menu first.`);
        return;
      }
      response.type('html').send(withGoogleScript(shown.html, googleScriptShim));
    };
  app.get(
    '/harness/sidebar',
    servePage(() => workspace.sidebar, 'sidebar'),
  );
  app.get(
    '/harness/dialog',
    servePage(() => workspace.dialog, 'dialog'),
  );
  app.post('/harness/dialog/close', (_request, response) => {
    workspace.closeDialog();
    response.status(204).end();
  });

  app.post('/harness/run', async (request, response) => {
    const parsed = runRequest.safeParse(request.body);
    if (!parsed.success) {
      response.status(400).json(failureReply(new TypeError(parsed.error.issues.map((issue) => issue.message).join('; '))));
      return;
    }
    let reply: RunReply;
    try {
      reply = { ok: true, value: await runtime.run(parsed.data.functionName, parsed.data.args) };
    } catch (error) {
      // A script error is an answer google.script.run hands to the failure handler, not a harness fault.
      reply = failureReply(error);
    } finally {
      workspace.markDocumentTouched();
    }
    response.json(reply);
  });

  app.post('/harness/reset', (_request, response) => {
    workspace.resetDocument();
    // The sample sheet again without links, and its folder empty: the copies were just cleared.
    resetSampleSheet(workspace);
    response.status(204).end();
  });

  return app;
}
