import { composeHubSpot } from '../../../backend/src/hubspot/compose-hubspot';
import { writeBackDocumentLink } from '../../../backend/src/hubspot/write-back-document-link';
import { createLogger } from '../../../backend/src/platform/logger';
import { createOutboundGuard } from '../../../backend/src/platform/outbound/outbound-guard';
import { connectHubSpot, organisationId, signInOrganisation, startHubSpotBench, type HubSpotBench } from './hubspot-test-support';

/** A generated document's link goes back to the HubSpot record: visible in the stand-in's CRM afterwards. */
describe('writing a document link back to HubSpot', () => {
  let bench: HubSpotBench;
  let hubspot: ReturnType<typeof composeHubSpot>;
  const link = 'https://docs.google.com/document/d/1AbCdEf/edit';

  beforeAll(async () => {
    bench = await startHubSpotBench();
    await signInOrganisation(bench);
    expect((await connectHubSpot(bench, { accessToken: bench.token })).status).toBe(200);
    // The same composition the server uses, over the same Firestore and key ring: what a run's job calls.
    hubspot = composeHubSpot({
      firestore: bench.backend.firestore.firestore,
      ring: bench.ring,
      guard: createOutboundGuard({ production: false, allowed: [] }),
      logger: createLogger({ level: 'silent' }),
      baseUrl: bench.hubspot.baseUrl,
      sleep: async () => undefined,
    });
  });
  afterAll(() => bench?.close());

  it('sets the configured property of the record', async () => {
    const deal = bench.hubspot.crm.create('deals', { dealname: 'Rocket fleet' });
    const session = await hubspot.access.open(organisationId);
    const result = await writeBackDocumentLink(session, {
      objectType: 'deals',
      recordId: deal.id,
      link,
      title: 'Proposal – Acme',
      writeBack: { kind: 'property', property: 'proposal_link' },
    });
    expect(result).toEqual({ kind: 'property', property: 'proposal_link' });
    expect(bench.hubspot.crm.get('deals', deal.id)!.properties.proposal_link).toBe(link);
    const patch = bench.hubspot.requests.at(-1)!;
    expect([patch.method, patch.path, patch.body]).toEqual([
      'PATCH',
      `/crm/v3/objects/deals/${deal.id}`,
      { properties: { proposal_link: link } },
    ]);
  });

  it('creates a note associated with the record, its title escaped', async () => {
    const contact = bench.hubspot.crm.create('contacts', { firstname: 'Ada' });
    const session = await hubspot.access.open(organisationId);
    const result = await writeBackDocumentLink(session, {
      objectType: 'contacts',
      recordId: contact.id,
      link,
      title: 'Offer <Ada & co>',
      writeBack: { kind: 'note' },
      now: new Date('2026-12-06T12:00:00Z'),
    });
    expect(result.kind).toBe('note');
    const noteId = (result as { noteId: string }).noteId;
    const note = bench.hubspot.crm.get('notes', noteId)!;
    expect(note.properties).toMatchObject({
      hs_timestamp: '2026-12-06T12:00:00.000Z',
      hs_note_body: `Document generated: <a href="${link}">Offer &#60;Ada &#38; co&#62;</a>`,
    });
    // Associated as HubSpot's note → contact association type (202), so it shows on the contact's timeline.
    expect(bench.hubspot.crm.associationsOf('notes', noteId, 'contacts')).toEqual([
      expect.objectContaining({ toId: contact.id, typeId: 202 }),
    ]);
    expect(bench.hubspot.crm.associationsOf('contacts', contact.id, 'notes')).toEqual([expect.objectContaining({ toId: noteId })]);
  });

  it('finds the note it wrote before instead of writing a second', async () => {
    const deal = bench.hubspot.crm.create('deals', { dealname: 'Twice asked' });
    const session = await hubspot.access.open(organisationId);
    const input = { objectType: 'deals' as const, recordId: deal.id, link, title: 'Proposal', writeBack: { kind: 'note' as const } };
    const first = await writeBackDocumentLink(session, input);
    const again = await writeBackDocumentLink(session, input);
    expect(again).toEqual(first);
    expect(bench.hubspot.crm.associationsOf('deals', deal.id, 'notes')).toHaveLength(1);
    // Another document's link on the same record is a note of its own.
    const other = await writeBackDocumentLink(session, { ...input, link: 'https://docs.google.com/document/d/2Other/edit' });
    expect(other).not.toEqual(first);
    expect(bench.hubspot.crm.associationsOf('deals', deal.id, 'notes')).toHaveLength(2);
  });

  it('retries a rate-limited write-back and writes once', async () => {
    const deal = bench.hubspot.crm.create('deals', { dealname: 'Spare fins' });
    bench.hubspot.rateLimitNext(1, { intervalMs: 20 });
    const session = await hubspot.access.open(organisationId);
    const before = bench.hubspot.requests.length;
    await writeBackDocumentLink(session, { objectType: 'deals', recordId: deal.id, link, title: 'x', writeBack: { kind: 'note' } });
    // Each attempt first looks for a note with the link (none), then makes one.
    expect(bench.hubspot.requests.slice(before).map((call) => [call.method, call.path, call.status])).toEqual([
      ['GET', `/crm/v4/objects/deals/${deal.id}/associations/notes`, 429],
      ['GET', `/crm/v4/objects/deals/${deal.id}/associations/notes`, 200],
      ['POST', '/crm/v3/objects/notes', 201],
    ]);
    expect(bench.hubspot.crm.associationsOf('deals', deal.id, 'notes')).toHaveLength(1);
  });
});
