import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/all';
import type { HubSpotObjectType, HubSpotWriteBack } from '../../../contracts/hubspot';
import type { Client } from '@hubspot/api-client';
import type { HubSpotSession } from './hubspot-access';
import type { HubSpotRequestOptions } from './hubspot-client-factory';

/**
 * HUBSPOT_DEFINED association type ids from a note to the record it is about
 * (developers.hubspot.com/docs/api/crm/associations: note → contact 202, note → company 190, note → deal 214).
 */
export const noteAssociationTypeIds: Record<HubSpotObjectType, number> = { contacts: 202, companies: 190, deals: 214 };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Notes of one record looked through for an earlier write of the same link; HubSpot's page limit is 500. */
const notesLookedAt = 500;

/**
 * The note on the record that already carries `link`, if any: the record's note associations (CRM v4, read
 * from the object store, so a note made a moment ago is there, unlike in search's index), then those notes'
 * bodies. HubSpot notes have no idempotency key; this is what stands in for one.
 */
async function noteWithLink(
  client: Client,
  options: HubSpotRequestOptions,
  input: { objectType: HubSpotObjectType; recordId: string; link: string },
): Promise<string | undefined> {
  const associated = await client.crm.associations.v4.basicApi.getPage(
    input.objectType,
    input.recordId,
    'notes',
    undefined,
    notesLookedAt,
    options,
  );
  const noteIds = associated.results.map((result) => String(result.toObjectId));
  if (noteIds.length === 0) return undefined;
  const notes = await client.crm.objects.batchApi.read(
    'notes',
    { inputs: noteIds.map((id) => ({ id })), properties: ['hs_note_body'], propertiesWithHistory: [] },
    undefined,
    options,
  );
  const marks = [input.link, escapeHtml(input.link)];
  return notes.results.find((note) => marks.some((mark) => (note.properties.hs_note_body ?? '').includes(mark)))?.id;
}

/**
 * Puts a generated document's link on the HubSpot record: into the configured property (PATCH the record:
 * the same value set again changes nothing), or as a note associated with it (hs_note_body is HTML, so the
 * title and link are escaped). A note is made only when the record has none with the link yet, checked on
 * every attempt: an attempt whose answer was lost (a 5xx or a timeout after HubSpot wrote) or a writer that
 * vanished after writing leaves a note the next attempt finds instead of making a second.
 */
export async function writeBackDocumentLink(
  session: HubSpotSession,
  input: { objectType: HubSpotObjectType; recordId: string; link: string; title: string; writeBack: HubSpotWriteBack; now?: Date },
): Promise<{ kind: 'property'; property: string } | { kind: 'note'; noteId: string }> {
  if (input.writeBack.kind === 'property') {
    const property = input.writeBack.property;
    await session.call((client, options) =>
      client.crm.objects.basicApi.update(input.objectType, input.recordId, { properties: { [property]: input.link } }, undefined, options),
    );
    return { kind: 'property', property };
  }
  const body = `Document generated: <a href="${escapeHtml(input.link)}">${escapeHtml(input.title)}</a>`;
  const noteId = await session.call(async (client, options) => {
    const existing = await noteWithLink(client, options, input);
    if (existing) return existing;
    const note = await client.crm.objects.notes.basicApi.create(
      {
        properties: { hs_timestamp: (input.now ?? new Date()).toISOString(), hs_note_body: body },
        associations: [
          {
            to: { id: input.recordId },
            types: [
              {
                associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                associationTypeId: noteAssociationTypeIds[input.objectType],
              },
            ],
          },
        ],
      },
      options,
    );
    return note.id;
  });
  return { kind: 'note', noteId };
}
