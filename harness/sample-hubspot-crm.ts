import type { HubSpotCrmStore } from './hubspot-server';

/**
 * The HubSpot portal `npm start` offers beside the sample sheet: a few deals, each associated with its company,
 * whose properties map onto the sample proposal template's fields (sample-proposal-template.ts):
 * client_name ← company.name, project_name ← dealname, start_date ← closedate, consultant_name ← consultant (a
 * custom deal property, as portals add them). The stand-in accepts one private-app token, printed by `npm start`.
 */

/** Of HubSpot's shape (pat-<region>-<uuid>), fixed so the README can name it. */
export const sampleHubSpotToken = 'pat-na1-5a3b1e00-0000-4000-8000-00000000cafe';

/** The mapping a newcomer types in the Bulk panel's HubSpot source, field by field. */
export const sampleHubSpotMapping = {
  client_name: 'company.name',
  project_name: 'dealname',
  start_date: 'closedate',
  consultant_name: 'consultant',
} as const;

const deals: Array<{ company: string; domain: string; deal: string; closedate: string; consultant: string; amount: string }> = [
  {
    company: 'Acme Corp',
    domain: 'acme.example',
    deal: 'Data platform',
    closedate: '2027-01-11',
    consultant: 'Ana Silva',
    amount: '48000',
  },
  {
    company: 'Globex',
    domain: 'globex.example',
    deal: 'Customer portal',
    closedate: '2027-01-18',
    consultant: 'Ben Okafor',
    amount: '65000',
  },
  {
    company: 'Initech',
    domain: 'initech.example',
    deal: 'Billing migration',
    closedate: '2027-01-25',
    consultant: 'Chen Wei',
    amount: '30000',
  },
  { company: 'Hooli', domain: 'hooli.example', deal: 'Search relaunch', closedate: '2027-02-22', consultant: 'Chen Wei', amount: '120000' },
  {
    company: 'Pied Piper',
    domain: 'piedpiper.example',
    deal: 'Compression API',
    closedate: '2027-04-05',
    consultant: 'Ana Silva',
    amount: '52000',
  },
];

/** Puts the sample companies and deals into the stand-in's CRM; answers the deals' ids in order. */
export function seedSampleHubSpotCrm(crm: HubSpotCrmStore): string[] {
  return deals.map((entry) => {
    const company = crm.create('companies', { name: entry.company, domain: entry.domain });
    const deal = crm.create('deals', {
      dealname: entry.deal,
      closedate: entry.closedate,
      consultant: entry.consultant,
      amount: entry.amount,
      dealstage: 'appointmentscheduled',
    });
    crm.associate('deals', deal.id, 'companies', company.id, { primary: true });
    return deal.id;
  });
}
