import { recordPlace } from '../../../../addon/client/sidebar/bulk-form-state';
import { hubSpotProblemPlace, hubSpotRunInputOf, type HubSpotFormValues } from '../../../../addon/client/sidebar/hubspot-source-form';

const values = (overrides: Partial<HubSpotFormValues> = {}): HubSpotFormValues => ({
  name: '',
  objectType: 'deals',
  mapping: { client_name: ' company.name ', project_name: 'dealname', notes: '  ' },
  recordChoice: 'ids',
  ids: '51000000002, 51000000004',
  query: 'Acme',
  writeBack: 'note',
  writeBackProperty: '',
  outputFolder: 'https://drive.google.com/drive/folders/abc123abc123',
  namePattern: 'Proposal – {{client_name}}',
  ...overrides,
});

describe("the Bulk panel's HubSpot source, free of the DOM", () => {
  it('builds the start request: empty mappings left out, properties trimmed, a default run name', () => {
    expect(hubSpotRunInputOf(values())).toEqual({
      name: 'HubSpot deals',
      objectType: 'deals',
      fieldMapping: { client_name: 'company.name', project_name: 'dealname' },
      records: { kind: 'ids', ids: '51000000002, 51000000004' },
      writeBack: { kind: 'note' },
      outputFolder: 'https://drive.google.com/drive/folders/abc123abc123',
      namePattern: 'Proposal – {{client_name}}',
    });
  });

  it('takes a search or a property write-back when chosen, and nowhere as null', () => {
    expect(
      hubSpotRunInputOf(values({ recordChoice: 'search', writeBack: 'property', writeBackProperty: ' proposal_link ' })),
    ).toMatchObject({
      records: { kind: 'search', query: 'Acme' },
      writeBack: { kind: 'property', property: 'proposal_link' },
    });
    expect(hubSpotRunInputOf(values({ writeBack: 'none', name: ' Q3 deals ' }))).toMatchObject({ writeBack: null, name: 'Q3 deals' });
  });

  it("puts each problem next to its input: a field's mapping, the records, the write-back; the rest above Start", () => {
    const fields = ['client_name', 'project_name'];
    expect(hubSpotProblemPlace('fieldMapping.client_name', fields)).toBe('hubspot-map-client_name');
    expect(hubSpotProblemPlace('fieldMapping.unknown', fields)).toBeUndefined();
    expect(hubSpotProblemPlace('records', fields)).toBe('hubspot-records');
    expect(hubSpotProblemPlace('source.writeBack.property', fields)).toBe('hubspot-writeBack');
    expect(hubSpotProblemPlace('namePattern', fields)).toBe('hubspot-namePattern');
    expect(hubSpotProblemPlace(undefined, fields)).toBeUndefined();
  });

  it('names a HubSpot record by its type and id, a sheet record by its row', () => {
    const record = { recordKey: 'k', state: 'done', documentUrl: null, error: null } as const;
    expect(recordPlace({ ...record, sourceReference: 'hubspot:deals/51000000002' })).toBe('Deal 51000000002');
    expect(recordPlace({ ...record, sourceReference: 'hubspot:contacts/7' })).toBe('Contact 7');
    expect(recordPlace({ ...record, sourceReference: '12' })).toBe('Row 12');
    expect(recordPlace({ ...record, sourceReference: null })).toBe('k');
  });
});
