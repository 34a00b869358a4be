export { startHubSpotServer, type HubSpotServer, type RecordedHubSpotRequest } from './start-hubspot-server';
export { signHubSpotRequest, uriAsSigned } from './sign-hubspot-request';
export type { HubSpotCrmStore } from './hubspot-crm-store';
