import type { HubSpotFieldMapping, HubSpotObjectType, HubSpotWriteBack } from '../../../contracts/hubspot';

/** What a run that takes its records from HubSpot says about them: the object type, the mapping, the write-back. */
export interface HubSpotRunSource {
  objectType: HubSpotObjectType;
  mapping: HubSpotFieldMapping;
  writeBack: HubSpotWriteBack | null;
}

/**
 * The port to the runs: the HubSpot source of a run, or undefined when the organisation has no such run or it
 * does not read HubSpot. The lead points the composition at the runs' repository (backend/src/runs).
 */
export interface HubSpotRunSources {
  find(organisationId: string, runId: string): Promise<HubSpotRunSource | undefined>;
}

/** Until runs are composed in: no run has a HubSpot source, so a webhook answers 404 for every run. */
export const noHubSpotRunSources: HubSpotRunSources = { find: async () => undefined };
