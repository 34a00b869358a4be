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
export async function resolveTemplate(
  templates: TemplatesRepository,
  organisationId: string,
  documentId: string,
): Promise<ResolvedTemplate | undefined> {
  const own = await templates.current(organisationId, documentId);
  if (own?.content && own.version !== undefined)
    return { templateId: documentId, documentId, version: own.version, content: own.content, inherited: false };
  if (!own?.copiedFrom) return undefined;
  const source = await templates.current(organisationId, own.copiedFrom);
  return source?.content && source.version !== undefined
    ? { templateId: own.copiedFrom, documentId, version: source.version, content: source.content, inherited: true }
    : undefined;
}
