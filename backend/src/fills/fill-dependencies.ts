import type { BudgetStatusReader } from '../ai/budget/budget-status';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';
import type { CatalogModel } from '../ai/models/model-catalog';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import type { TagFeedbackRepository } from '../feedback/tag-feedback-repository';
import type { TemplatesRepository } from '../templates/templates-repository';
import type { ExecuteFillTagsDependencies } from './execute-fill-tags';

/** What the fill use cases (check, start, read) need; the routes hand it on whole. */
export interface FillDependencies extends ExecuteFillTagsDependencies {
  templates: TemplatesRepository;
  settings: AiSettingsRepository;
  budgetStatus: BudgetStatusReader;
  models: readonly CatalogModel[];
  /** The organisation's default connection model, which tags with no model of their own may fall back to. */
  connections: Pick<ConnectionResolver, 'defaultModel' | 'availability'>;
  /** 👍/👎 on generated tags, kept apart from executions so a period's ratings are one query. */
  feedback: TagFeedbackRepository;
  /** How long generated texts are kept (FILL_OUTPUT_RETENTION_HOURS), for the message once they are gone. */
  outputRetentionHours: number;
  /** Aborted when the server begins to shut down: long polls answer at once, so callers poll another instance. */
  stopping?: AbortSignal | undefined;
  /** A claim silent this long (3.5 heartbeats) belongs to an instance that crashed. */
  silentClaimMs?: number | undefined;
}
