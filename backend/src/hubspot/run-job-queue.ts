/**
 * The port through which a HubSpot request for a document becomes a job of a run: the runs' own queue
 * (idempotent per record key; 404 for an unknown run, 409 for a cancelled one).
 */
export type { RunJobQueue } from '../runs/run-job-queue';
