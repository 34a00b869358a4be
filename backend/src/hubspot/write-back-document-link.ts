import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/all';
import type { HubSpotObjectType, HubSpotWriteBack } from '../../../contracts/hubspot';
import type { HubSpotSession } from './hubspot-access';

/**
 * HUBSPOT_DEFINED association type ids from a note to the record it is about
 * (developers.hubspot.com/docs/api/crm/associations: note → contact 202, note → company 190, note → deal 214).
 */
export const noteAssociationTypeIds: Record<HubSpotObjectType, number> = { contacts: 202, companies: 190, deals: 214 };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Puts a generated document's link on the HubSpot record: into the configured property (PATCH the record),
 * or as a note associated with it (hs_note_body is HTML, so the title and link are escaped).
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
  const note = await session.call((client, options) =>
    client.crm.objects.notes.basicApi.create(
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
    ),
  );
  return { kind: 'note', noteId: note.id };
}
