import { hubSpotRecordsRequest, hubSpotRecordsResponse } from '../../../contracts/hubspot';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import type { HubSpotAccess } from './hubspot-access';
import { problemOfHubSpotFailure } from './hubspot-problem';
import { readHubSpotRecordsById, readHubSpotRecordsBySearch } from './read-hubspot-records';

/** What a template author maps and picks: the records a run would make documents from, with their fields. */
export function createHubSpotRecordRoutes(dependencies: { access: HubSpotAccess }): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/hubspot/records',
      operationId: 'readHubSpotRecords',
      summary: 'HubSpot records picked by id or by a search, with the fields a mapping gives them (one level of associations)',
      tag: 'hubspot',
      access: 'member',
      body: hubSpotRecordsRequest,
      response: { status: 200, description: 'The records; 409 when HubSpot is not connected', schema: hubSpotRecordsResponse },
      async handle({ caller, body }) {
        try {
          const session = await dependencies.access.open(caller.organisationId);
          if ('ids' in body.select) {
            const read = await readHubSpotRecordsById(session, {
              objectType: body.objectType,
              mapping: body.mapping,
              ids: body.select.ids,
            });
            return json({ ...read, next: null, total: null });
          }
          const page = await readHubSpotRecordsBySearch(session, {
            objectType: body.objectType,
            mapping: body.mapping,
            search: body.select.search,
            limit: body.limit,
            after: body.after,
          });
          return json({ records: page.records, missing: [], next: page.next, total: page.total });
        } catch (error) {
          throw problemOfHubSpotFailure(error);
        }
      },
    }),
  ];
}
