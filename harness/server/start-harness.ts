import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AppsScriptRuntime } from '../apps-script-runtime';
import type { DocumentSpec } from '../fakes/document-service';
import type { RecordedHttpExchange } from '../fakes/url-fetch-app';
import { sampleTemplate } from '../sample-proposal-template';
import { createHarnessApp } from './harness-app';
import { HarnessWorkspace, type HarnessUser } from './harness-workspace';
import { createServices } from './create-services';
import { buildGoogleScriptShim } from './script-page';

export interface HarnessOptions {
  /** Where the add-on sends its requests: written to the BACKEND_URL script property, as a deployer would. */
  backendUrl: string;
  /** The build output (Code.js and the pages); `npm run build` writes dist/addon. */
  addonDirectory?: string;
  port?: number;
  host?: string;
  user?: HarnessUser;
  template?: () => DocumentSpec;
  onScriptLog?: (message: string) => void;
  /** 'versioned' runs the add-on as the Marketplace would install it (urlFetchWhitelist required); default 'test'. */
  deployment?: 'test' | 'versioned';
  /**
   * Apps Script stops an execution after 6 minutes ("Exceeded maximum execution time"); tests may stop it
   * sooner, to see what a stopped execution leaves behind without waiting 6 minutes.
   */
  executionTimeoutMs?: number;
}

export interface RunningHarness {
  url: string;
  workspace: HarnessWorkspace;
  runtime: AppsScriptRuntime;
  /** Requests the add-on sent through UrlFetchApp. */
  requestLog: RecordedHttpExchange[];
  /**
   * Fires every installed time-driven trigger once, each as its own execution with a time-driven event
   * (https://developers.google.com/apps-script/guides/triggers/events#time-driven_events), as Apps Script does
   * when its hour comes; answers what each execution returned or threw.
   */
  fireTimeDrivenTriggers(): Promise<PromiseSettledResult<unknown>[]>;
  close(): Promise<void>;
}

export const defaultHarnessUser: HarnessUser = { sub: 'harness-user-1', email: 'ana@example.com', hd: 'example.com' };

/**
 * Serves the harness page and runs the real add-on bundle against the fakes. Opening the document runs
 * onOpen and the add-on's "Open sidebar" item, as a user would on first use.
 */
export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const addonDirectory = options.addonDirectory ?? path.resolve(__dirname, '..', '..', 'dist', 'addon');
  const workspace = new HarnessWorkspace({ template: options.template ?? sampleTemplate, user: options.user ?? defaultHarnessUser });
  workspace.propertyStores.script.set('BACKEND_URL', options.backendUrl);
  const requestLog: RecordedHttpExchange[] = [];
  const runtime = new AppsScriptRuntime({
    bundlePath: path.join(addonDirectory, 'Code.js'),
    createServices: (execution) =>
      createServices({
        workspace,
        htmlDirectory: addonDirectory,
        requestLog,
        onLog: options.onScriptLog,
        execution,
        deployment: options.deployment,
      }),
    ...(options.executionTimeoutMs === undefined ? {} : { executionTimeoutMs: options.executionTimeoutMs }),
  });
  try {
    // First open: the add-on is installed but not used in this document yet, so onOpen runs in AuthMode.NONE.
    await runtime.run('onOpen', [{ authMode: 'NONE' }]);
    await runtime.run('showSidebar');
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const app = createHarnessApp({ runtime, workspace, googleScriptShim: await buildGoogleScriptShim() });
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    workspace,
    runtime,
    requestLog,
    fireTimeDrivenTriggers() {
      return Promise.allSettled(
        workspace.triggers.forUser(workspace.user.email).map((trigger) => {
          const at = new Date();
          return runtime.run(trigger.handlerFunction, [
            {
              authMode: 'FULL',
              triggerUid: trigger.uniqueId,
              year: at.getUTCFullYear(),
              month: at.getUTCMonth() + 1,
              'day-of-month': at.getUTCDate(),
              hour: at.getUTCHours(),
              minute: at.getUTCMinutes(),
              second: at.getUTCSeconds(),
              timezone: 'UTC',
            },
          ]);
        }),
      );
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.close();
    },
  };
}
