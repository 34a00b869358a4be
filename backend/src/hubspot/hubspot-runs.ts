import type { RunsContext } from '../runs/runs-context';
import type { HubSpotRunSources } from './hubspot-run-sources';

/**
 * The runs seen from the HubSpot module: a run whose records come from HubSpot, with the properties its
 * mapping names. The HubSpot record is read keyed by those properties, so a job's fields are the source's
 * own names, as for every source; the run's mapping turns them into template fields when a worker claims it.
 */
export function hubSpotRunSourcesOf(context: RunsContext): HubSpotRunSources {
  return {
    async find(organisationId, runId) {
      const run = await context.runs.get(organisationId, runId).catch(() => undefined);
      if (!run || run.source.kind !== 'hubspot') return undefined;
      const properties = [...new Set(Object.values(run.fieldMapping))];
      return {
        objectType: run.source.objectType,
        mapping: Object.fromEntries(properties.map((property) => [property, property])),
        writeBack: run.source.writeBack,
      };
    },
  };
}
