import type { Firestore } from '../platform/firestore/connect-firestore';
import type { Route } from '../platform/http/define-route';
import type { TemplatesRepository } from '../templates/templates-repository';
import type { DocumentLinkWriter } from './document-link-writer';
import type { ExecutionReader } from './execution-metrics';
import { createRunJobsRepository } from './run-jobs-repository';
import { createRunJobQueue, type RunJobQueue } from './run-job-queue';
import { createRunRoutes } from './run-routes';
import type { RunsContext } from './runs-context';
import { createRunsRepository } from './runs-repository';

export interface ComposedRuns {
  context: RunsContext;
  /** For other modules (the HubSpot webhook): enqueue a record into a run. */
  queue: RunJobQueue;
  routes(): Route[];
}

export function composeRuns(dependencies: {
  firestore: Firestore;
  templates: TemplatesRepository;
  readExecution: ExecutionReader;
  now?: (() => number) | undefined;
  linkWriter?: DocumentLinkWriter | undefined;
}): ComposedRuns {
  const context: RunsContext = {
    runs: createRunsRepository(dependencies.firestore),
    jobs: createRunJobsRepository(dependencies.firestore),
    templates: dependencies.templates,
    readExecution: dependencies.readExecution,
    now: dependencies.now ?? Date.now,
    linkWriter: dependencies.linkWriter,
  };
  return { context, queue: createRunJobQueue(context), routes: () => createRunRoutes(context) };
}
