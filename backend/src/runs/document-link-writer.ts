import type { RunSource } from '../../../contracts/runs';

/** What a writer is told of a done job: where its record came from and the document made of it. */
export interface DocumentLinkTarget {
  source: RunSource;
  recordKey: string;
  sourceReference: string | null;
  documentUrl: string;
  /** The document's name, for a note's text. */
  title: string;
}

/**
 * The port through which a done job's document link goes back to the record it was made from (HubSpot today;
 * sheet runs write their own links from the add-on). `write` answers what it wrote (`note 123`), or throws an
 * error whose message a person can act on, after its own retries. It may be called again for the same job
 * after a failure or a writer that vanished mid-call, so it must not write a second time what an earlier call
 * wrote: a note is looked for before one is made.
 */
export interface DocumentLinkWriter {
  /** Whether links of runs from this source go back at all (a HubSpot run with a write-back configured). */
  writesBack(source: RunSource): boolean;
  write(organisationId: string, target: DocumentLinkTarget): Promise<string>;
}

/** What a writer throws when the link could not be written: its message says why, for the job view. */
export class DocumentLinkWriteFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentLinkWriteFailed';
  }
}
