import type { DocumentSpec } from './fakes/document-service';

/**
 * The document `npm start` opens: a consulting proposal with AI tags and fields in every place Docs lets a
 * person type — a heading, body paragraphs, a list, a table, the header, the footer and a footnote.
 */
export function sampleTemplate(): DocumentSpec {
  return {
    id: 'sample-proposal',
    name: 'Proposal template',
    header: [{ type: 'paragraph', runs: [{ text: 'Confidential — <<client_name>>', fontSize: 9 }] }],
    body: [
      { type: 'paragraph', heading: 'TITLE', runs: [{ text: 'Proposal for <<client_name>>' }] },
      { type: 'paragraph', heading: 'HEADING1', runs: [{ text: 'Introduction' }] },
      { type: 'paragraph', runs: [{ text: '<<ai:intro>>', italic: true, foregroundColor: '#1a73e8' }] },
      {
        type: 'paragraph',
        runs: [
          { text: 'This proposal describes how we will help ' },
          { text: '<<client_name>>', bold: true },
          { text: ' deliver its next project.' },
          { footnote: [{ type: 'paragraph', runs: [{ text: 'Prepared at the request of <<client_name>>.' }] }] },
        ],
      },
      { type: 'paragraph', heading: 'HEADING1', runs: [{ text: 'Scope' }] },
      { type: 'listItem', runs: [{ text: 'Discovery workshops with your team' }] },
      { type: 'listItem', runs: [{ text: 'Delivery of <<project_name>>' }] },
      { type: 'listItem', runs: [{ text: 'Handover and training' }] },
      {
        type: 'table',
        rows: [
          [[{ type: 'paragraph', runs: [{ text: 'Client', bold: true }] }], [{ type: 'paragraph', runs: [{ text: '<<client_name>>' }] }]],
          [
            [{ type: 'paragraph', runs: [{ text: 'Start date', bold: true }] }],
            [{ type: 'paragraph', runs: [{ text: '<<start_date>>' }] }],
          ],
        ],
      },
      { type: 'paragraph', heading: 'HEADING1', runs: [{ text: 'Next steps' }] },
      { type: 'paragraph', runs: [{ text: '<<ai:next_steps>>' }] },
    ],
    footer: [{ type: 'paragraph', runs: [{ text: 'Prepared by <<consultant_name>>', fontSize: 9 }] }],
  };
}
