import { configurationExportResponse, configurationImportRequest, configurationImportResponse } from '../../../contracts/configuration';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { badRequest } from '../platform/problem';
import type { ConfigurationDependencies } from './configuration-dependencies';
import { configurationFileName, configurationYaml, exportConfiguration } from './export-configuration';
import { importConfiguration } from './import-configuration';

/** Configuration as code for admins: the organisation's configuration as a YAML file, out and back in. */
export function createConfigurationRoutes(dependencies: ConfigurationDependencies): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/configuration',
      operationId: 'exportConfiguration',
      summary: "The organisation's settings, connections (without keys) and templates' tag configurations as a YAML file",
      tag: 'settings',
      access: 'admin',
      response: { status: 200, description: 'The file and a name to save it under', schema: configurationExportResponse },
      async handle({ caller }) {
        const exportedAt = dependencies.now();
        const file = await exportConfiguration(dependencies, caller.organisationId);
        return json({ fileName: configurationFileName(caller.organisationId, exportedAt), yaml: configurationYaml(file, exportedAt) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/configuration/import',
      operationId: 'importConfiguration',
      summary: 'Compare a configuration file with the organisation (dry run, the default) or import it; keys are never imported',
      tag: 'settings',
      access: 'admin',
      body: configurationImportRequest,
      response: { status: 200, description: 'What differs, and whether it was written', schema: configurationImportResponse },
      async handle({ caller, body }) {
        const outcome = await importConfiguration(dependencies, caller, body);
        // A dry run answers its problems for review; an import with problems is a bad request and wrote nothing.
        if (!body.dryRun && outcome.problems.length > 0)
          throw badRequest(`Nothing was imported. Fix the file first: ${outcome.problems.join(' ')}`, { problems: outcome.problems });
        return json(outcome);
      },
    }),
  ];
}
