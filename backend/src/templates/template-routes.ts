import {
  documentParams,
  templateCopy,
  templateListResponse,
  templateSave,
  templateVersionsQuery,
  templateVersionsResponse,
  templateView,
} from '../../../contracts/templates';
import { knownProviderId, unknownProviderMessage } from '../ai/providers/provider-lookup';
import { VersionConflictError } from '../platform/firestore/versioned-documents';
import { pageQuery } from '../platform/http/common-schemas';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { badRequest, conflict, notFound, versionConflict } from '../platform/problem';
import { resolveTemplate } from './resolve-template';
import { tagConnectionProblems } from './tag-connection-problems';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';
import type { CatalogModel } from '../ai/models/model-catalog';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import type { TemplatesRepository } from './templates-repository';

export interface TemplateRoutesDependencies {
  templates: TemplatesRepository;
  /** What a tag's chosen connection is checked against on save. */
  settings: AiSettingsRepository;
  models: readonly CatalogModel[];
  connections: Pick<ConnectionResolver, 'availability' | 'defaultModel'>;
  now?: () => Date;
}

/** Tag configurations per template document (SPEC.md section 4): versioned, never overwritten blindly. */
export function createTemplateRoutes(dependencies: TemplateRoutesDependencies): Route[] {
  const now = dependencies.now ?? (() => new Date());
  const { templates } = dependencies;
  // The versions are the truth (latest() repairs a stale copy); a copy without its own reads its template's.
  const view = async (organisationId: string, documentId: string) => {
    const own = await templates.latest(organisationId, documentId);
    const source = own ? undefined : (await templates.current(organisationId, documentId))?.copiedFrom;
    const stored = own ?? (source ? await templates.latest(organisationId, source) : undefined);
    if (!stored) throw notFound(`The document ${documentId} has no AI tag configuration yet.`);
    return {
      documentId,
      templateId: own ? documentId : (source as string),
      inherited: !own,
      version: stored.version,
      name: stored.content.name,
      tags: stored.content.tags,
      cacheTtlSeconds: stored.content.cacheTtlSeconds,
      usageCount: stored.usageCount,
      lastUsedAt: stored.lastUsedAt?.toISOString() ?? null,
      updatedAt: stored.updatedAt.toISOString(),
      updatedBy: stored.updatedBy.email,
    };
  };

  return [
    defineRoute({
      method: 'get',
      path: '/v1/templates',
      operationId: 'listTemplates',
      summary: 'Configured templates of the organisation, by document id, a page at a time',
      tag: 'templates',
      access: 'member',
      query: pageQuery,
      response: {
        status: 200,
        description: 'One page of templates',
        schema: templateListResponse,
      },
      async handle({ caller, query }) {
        const page = await templates.list(caller.organisationId, query);
        return json({
          ...page,
          templates: page.templates.map((template) => ({
            ...template,
            lastUsedAt: template.lastUsedAt?.toISOString() ?? null,
            updatedAt: template.updatedAt?.toISOString() ?? null,
          })),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/templates/{documentId}',
      operationId: 'getTemplate',
      summary: "A document's tag configuration (its template's, for a copy made through the add-on)",
      tag: 'templates',
      access: 'member',
      params: documentParams,
      response: { status: 200, description: 'The configuration and its version', schema: templateView },
      async handle({ caller, params }) {
        return json(await view(caller.organisationId, params.documentId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/templates/{documentId}',
      operationId: 'saveTemplate',
      summary: "Save a document's tag configuration as a new version; 409 if someone saved meanwhile",
      tag: 'templates',
      access: 'member',
      params: documentParams,
      body: templateSave,
      response: { status: 200, description: 'The saved configuration', schema: templateView },
      async handle({ caller, params, body }) {
        for (const [name, configuration] of Object.entries(body.template.tags)) {
          if (configuration.provider !== undefined && knownProviderId(configuration.provider) === undefined)
            throw badRequest(`ai:${name}: ${unknownProviderMessage(configuration.provider)}`);
        }
        if (Object.values(body.template.tags).some((configuration) => configuration.connectionId !== undefined)) {
          const [settings, available, connectionDefault] = await Promise.all([
            dependencies.settings.get(caller.organisationId),
            dependencies.connections.availability(caller.organisationId),
            dependencies.connections.defaultModel(caller.organisationId).catch(() => undefined),
          ]);
          const problems = tagConnectionProblems(body.template, {
            settings,
            models: dependencies.models,
            connections: available.connections,
            connectionDefault,
          });
          if (problems.length > 0) throw badRequest(problems.join(' '));
        }
        try {
          await templates.save(caller.organisationId, params.documentId, {
            baseVersion: body.baseVersion,
            content: body.template,
            updatedBy: { userId: caller.userId, email: caller.email },
            at: now(),
          });
        } catch (error) {
          if (error instanceof VersionConflictError) throw versionConflict('tag configuration', error.latestVersion);
          throw error;
        }
        return json(await view(caller.organisationId, params.documentId));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/templates/{documentId}/versions',
      operationId: 'listTemplateVersions',
      summary: "Earlier versions of a document's tag configuration, newest first",
      tag: 'templates',
      access: 'member',
      params: documentParams,
      query: templateVersionsQuery,
      response: { status: 200, description: 'Versions', schema: templateVersionsResponse },
      async handle({ caller, params, query }) {
        const versions = await templates.history(caller.organisationId, params.documentId, {
          limit: query.limit,
          beforeVersion: query.before,
        });
        if (versions.length === 0 && !(await templates.latest(caller.organisationId, params.documentId))) {
          throw notFound(`The document ${params.documentId} has no saved AI tag configuration.`);
        }
        return json({
          versions: versions.map((version) => ({
            version: version.version,
            updatedAt: version.updatedAt.toISOString(),
            updatedBy: version.updatedBy.email,
            ...version.content,
          })),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/templates/{documentId}/copies',
      operationId: 'linkTemplateCopy',
      summary: 'Record that a document was copied from this template, so the copy uses its configuration',
      tag: 'templates',
      access: 'member',
      params: documentParams,
      body: templateCopy,
      response: { status: 201, description: "The copy's configuration (its template's)", schema: templateView },
      async handle({ caller, params, body }) {
        if (body.copyDocumentId === params.documentId) {
          throw badRequest('A document cannot be a copy of itself.');
        }
        const source = await resolveTemplate(templates, caller.organisationId, params.documentId);
        if (!source) throw notFound(`The document ${params.documentId} has no AI tag configuration to copy.`);
        const linked = await templates.linkCopy(caller.organisationId, body.copyDocumentId, source.templateId);
        if (!linked) {
          throw conflict(`The document ${body.copyDocumentId} already has a configuration of its own.`);
        }
        return json(await view(caller.organisationId, body.copyDocumentId), 201);
      },
    }),
  ];
}
