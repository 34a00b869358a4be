import { createBackendClient, type BackendClient } from '../backend/backend-client';
import { backendUrl } from './settings';
import { urlFetchHttpClient } from './url-fetch-http-client';

export function activeDocument(): GoogleAppsScript.Document.Document {
  return DocumentApp.getActiveDocument();
}

export function backendClient(): BackendClient {
  return createBackendClient(backendClientOptions());
}

export function backendClientOptions() {
  return {
    baseUrl: backendUrl(),
    http: urlFetchHttpClient,
    identityToken: () => ScriptApp.getIdentityToken(),
  };
}
