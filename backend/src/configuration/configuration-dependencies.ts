import type { AuditLog } from '../audit/audit-log';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import type { ConnectionsRepository } from '../keys/connections-repository';
import type { SaveSettingsDependencies } from '../settings/save-settings';
import type { TemplatesRepository } from '../templates/templates-repository';

/** What exporting and importing a configuration reads and writes; the routes and the admin CLI give the same. */
export interface ConfigurationDependencies extends SaveSettingsDependencies {
  settings: AiSettingsRepository;
  connections: ConnectionsRepository;
  /** Called after a connection changed, so the next fill sees it (the connection resolver's cache). */
  connectionsChanged(organisationId: string): void;
  templates: TemplatesRepository;
  audit: AuditLog;
}
