import { stringify } from 'yaml';
import { defaultAiSettings } from '../ai/settings/ai-settings';
import type { TemplateContent } from '../templates/template-configuration';
import type { ConfigurationFile, ConnectionEntry } from './configuration-file';
import type { ConfigurationDependencies } from './configuration-dependencies';

/** Every configured template of the organisation, page by page (the list is keyset-paged). */
async function allTemplates(dependencies: ConfigurationDependencies, organisationId: string): Promise<Record<string, TemplateContent>> {
  const templates: Record<string, TemplateContent> = {};
  let after: string | undefined;
  do {
    const page = await dependencies.templates.list(organisationId, { limit: 200, after });
    for (const summary of page.templates) {
      const latest = await dependencies.templates.latest(organisationId, summary.documentId);
      if (latest) templates[summary.documentId] = latest.content;
    }
    after = page.next;
  } while (after !== undefined);
  return templates;
}

/** The organisation's configuration as the file holds it; keys are never part of it. */
export async function exportConfiguration(dependencies: ConfigurationDependencies, organisationId: string): Promise<ConfigurationFile> {
  const [settings, connections, templates] = await Promise.all([
    dependencies.settings.latest(organisationId),
    dependencies.connections.list(organisationId),
    allTemplates(dependencies, organisationId),
  ]);
  return {
    version: 1,
    organisation: organisationId,
    settings: settings?.content ?? defaultAiSettings,
    connections: connections.map((connection): ConnectionEntry => ({
      id: connection.id,
      provider: connection.provider,
      name: connection.name,
      baseUrl: connection.baseUrl,
      defaultModel: connection.defaultModel,
      enabled: connection.enabled,
      requestsPerMinute: connection.requestsPerMinute,
      tokensPerMinute: connection.tokensPerMinute,
    })),
    templates,
  };
}

/** The file as a person reads and edits it, with a header that says what it holds and how to import it. */
export function configurationYaml(file: ConfigurationFile, exportedAt: Date): string {
  const header = [
    `# Configuration of ${file.organisation ?? 'an organisation'}, exported ${exportedAt.toISOString()}.`,
    '# Settings, connections (without their keys) and the tag configurations of templates.',
    '# Import it in Admin settings → Configuration, or: npm run admin -- import-configuration --organisation <id> --in <file> --dry-run',
    '# A section left out of the file is left as it is; nothing is ever deleted by an import.',
  ];
  return `${header.join('\n')}\n${stringify(file, { lineWidth: 0 })}`;
}

/** `example.com-configuration-2026-12-06.yaml` for `domain:example.com`. */
export function configurationFileName(organisationId: string, exportedAt: Date): string {
  const name = organisationId.replace(/^(domain|user):/, '').replace(/[^A-Za-z0-9.-]+/g, '-');
  return `${name}-configuration-${exportedAt.toISOString().slice(0, 10)}.yaml`;
}
