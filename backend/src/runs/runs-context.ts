import type { TemplatesRepository } from '../templates/templates-repository';
import type { DocumentLinkWriter } from './document-link-writer';
import type { ExecutionReader } from './execution-metrics';
import type { RunJobsRepository } from './run-jobs-repository';
import type { RunsRepository } from './runs-repository';

/** What the runs use cases work with; compose-runs.ts builds it. */
export interface RunsContext {
  runs: RunsRepository;
  jobs: RunJobsRepository;
  templates: TemplatesRepository;
  readExecution: ExecutionReader;
  now: () => number;
  /** Where done jobs' links go back to (HubSpot); none: no run writes links back. */
  linkWriter?: DocumentLinkWriter | undefined;
}
