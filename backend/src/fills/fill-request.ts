import type { TagConfiguration } from '../templates/template-configuration';

// The fill request is part of the add-on <-> backend contract: written once in contracts/fills.ts.
export { fillRequestSchema, maximumDocumentTextCharacters, waitSecondsSchema, type FillRequest } from '../../../contracts/fills';

/** A tag with the configuration that applies to it. */
export interface TagToFill extends TagConfiguration {
  name: string;
  regenerate: boolean;
}
