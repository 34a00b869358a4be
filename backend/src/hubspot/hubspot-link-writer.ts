import { DocumentLinkWriteFailed, type DocumentLinkWriter } from '../runs/document-link-writer';
import { HttpProblem } from '../platform/problem';
import type { HubSpotAccess } from './hubspot-access';
import { HubSpotCallError } from './hubspot-call-error';
import { writeBackDocumentLink } from './write-back-document-link';

/** `hubspot:deals/123` (read-hubspot-records.ts's sourceReferenceOf), else a record key that is an object id. */
function recordIdOf(objectType: string, recordKey: string, sourceReference: string | null): string | undefined {
  const referenced = /^hubspot:([a-z]+)\/(\d{1,20})$/.exec(sourceReference ?? '');
  if (referenced) return referenced[1] === objectType ? referenced[2] : undefined;
  return /^\d{1,20}$/.test(recordKey) ? recordKey : undefined;
}

/**
 * The runs' link writer for HubSpot runs with a write-back: the link goes into the record's property or onto a
 * note (write-back-document-link.ts), through the organisation's connection and the one retry layer (429s
 * with HubSpot's headers, 5xx, timeouts). What failed is said in words an admin can act on.
 */
export function createHubSpotLinkWriter(access: HubSpotAccess): DocumentLinkWriter {
  return {
    writesBack: (source) => source.kind === 'hubspot' && source.writeBack !== null,
    async write(organisationId, target) {
      const source = target.source;
      if (source.kind !== 'hubspot' || source.writeBack === null) throw new DocumentLinkWriteFailed('This run writes no links back.');
      const recordId = recordIdOf(source.objectType, target.recordKey, target.sourceReference);
      if (!recordId)
        throw new DocumentLinkWriteFailed(
          `The record ${target.recordKey} is not a HubSpot ${source.objectType} id, so its link has nowhere to go in HubSpot.`,
        );
      try {
        const session = await access.open(organisationId);
        const written = await writeBackDocumentLink(session, {
          objectType: source.objectType,
          recordId,
          link: target.documentUrl,
          title: target.title,
          writeBack: source.writeBack,
        });
        return written.kind === 'note' ? `note ${written.noteId}` : `property ${written.property}`;
      } catch (error) {
        if (error instanceof HubSpotCallError) throw new DocumentLinkWriteFailed(`HubSpot: ${error.message}`);
        if (error instanceof HttpProblem) throw new DocumentLinkWriteFailed(error.detail);
        throw error;
      }
    },
  };
}
