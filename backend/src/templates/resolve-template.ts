import type { TemplateContent } from './template-configuration';
import type { TemplatesRepository } from './templates-repository';

export interface ResolvedTemplate {
  /** The document whose configuration applies: the document itself, or the template it was copied from. */
  templateId: string;
  documentId: string;
  version: number;
  content: TemplateContent;
  inherited: boolean;
}

/**
 * A copy made through the add-on has no configuration of its own until someone edits it: it uses its
 * template's, so fixing a prompt in the template fixes every copy filled afterwards.
 */
export async function resolveTemplate(templates: TemplatesRepository, organisationId: string, documentId: string): Promise<ResolvedTemplate | undefined> {
  const own = await templates.latest(organisationId, documentId);
  if (own) return { templateId: documentId, documentId, version: own.version, content: own.content, inherited: false };
  const link = await templates.linkOf(organisationId, documentId);
  if (!link) return undefined;
  const source = await templates.latest(organisationId, link);
  return source && { templateId: link, documentId, version: source.version, content: source.content, inherited: true };
}
