import type { DocumentData, DocumentReference, Firestore, WriteBatch } from 'firebase-admin/firestore';

/** One write of a group member, kept as data so the committer can order a group's writes and see their paths. */
export type GroupWrite =
  | { kind: 'create'; reference: DocumentReference; data: DocumentData }
  | { kind: 'set'; reference: DocumentReference; data: DocumentData; merge?: boolean }
  | { kind: 'update'; reference: DocumentReference; data: DocumentData };

export interface GroupCommitOptions {
  /** Firestore takes at most 500 writes per commit. */
  maxWritesPerCommit?: number;
  /**
   * Commits under way at once. One by default: at 100 concurrent fills on the emulator, four at once made more
   * commits (about 1 per fill instead of 0.5–0.8) for no gain in latency (`npm run bench`, and a 100-caller loop).
   */
  maxCommitsInFlight?: number;
}

interface Member {
  writes: readonly GroupWrite[];
  settle(error?: unknown): void;
}

function addTo(batch: WriteBatch, write: GroupWrite): void {
  if (write.kind === 'create') batch.create(write.reference, write.data);
  else if (write.kind === 'update') batch.update(write.reference, write.data);
  else batch.set(write.reference, write.data, { merge: write.merge ?? false });
}

/**
 * Commits the writes of concurrent callers together: a caller's writes go at once while no commit is under way (or
 * fewer than `maxCommitsInFlight`), and whoever arrives meanwhile shares the next one. Under load, a hundred fills a second then
 * cost a few commits instead of a hundred (issue 18); alone, a caller waits for nothing but its own commit.
 *
 * A member is all or nothing only on its own: when a shared commit fails, every member is committed again alone,
 * so one member's refused `create` (a fill another instance already ended) fails that member and no other.
 * Within a group every `create` goes first. Real Firestore applies a failed commit not at all, but the emulator
 * applies the writes before the failing one (pinned in test/backend/platform/group-commit.test.ts): a member whose
 * own `create` landed in a failed group meets "already exists" when committed alone, and must recognise its own
 * document (see executions-repository.ts, which writes a token into it).
 *
 * A document written by two members (a template's use count) ends the group before the second: whether a commit
 * may write one document twice is not something Firestore's documentation states, so the group never asks it to.
 */
export class GroupCommitter {
  private queue: Member[] = [];
  private inFlight = 0;
  private pumpScheduled = false;
  private readonly maxWrites: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly firestore: Firestore,
    options: GroupCommitOptions = {},
  ) {
    this.maxWrites = options.maxWritesPerCommit ?? 450;
    this.maxInFlight = options.maxCommitsInFlight ?? 1;
  }

  /** Resolves once the writes are in Firestore; rejects with the error of committing them alone. */
  commit(writes: readonly GroupWrite[]): Promise<void> {
    if (writes.length > this.maxWrites) return this.commitAlone(writes);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ writes, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      this.schedulePump();
    });
  }

  /**
   * A commit starts on the next turn of the event loop, not at once: what else this turn queues shares it (a commit
   * costs the server 2–3 ms of CPU, most of it waking up for the answer; ARCHITECTURE.md).
   */
  private schedulePump(): void {
    if (this.pumpScheduled || this.inFlight >= this.maxInFlight) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Starts commits while there is room; whoever queued meanwhile shares the next one that starts. */
  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.nextGroup();
      this.inFlight += 1;
      void this.commitGroup(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private nextGroup(): Member[] {
    const group: Member[] = [];
    const paths = new Set<string>();
    let writes = 0;
    while (this.queue.length > 0) {
      const member = this.queue[0] as Member;
      const memberPaths = member.writes.map((write) => write.reference.path);
      const overlaps = memberPaths.some((path) => paths.has(path));
      if (group.length > 0 && (overlaps || writes + member.writes.length > this.maxWrites)) break;
      this.queue.shift();
      group.push(member);
      writes += member.writes.length;
      for (const path of memberPaths) paths.add(path);
    }
    return group;
  }

  private async commitGroup(group: Member[]): Promise<void> {
    try {
      // Built inside the try: data Firestore refuses while building (a bad value) fails the group, never the process.
      const batch = this.firestore.batch();
      const ordered = group.flatMap((member) => member.writes);
      for (const write of ordered.filter((candidate) => candidate.kind === 'create')) addTo(batch, write);
      for (const write of ordered.filter((candidate) => candidate.kind !== 'create')) addTo(batch, write);
      await batch.commit();
      for (const member of group) member.settle();
    } catch (error) {
      if (group.length === 1) {
        group[0]?.settle(error);
        return;
      }
      // Each member on its own, so the error lands where it belongs.
      await Promise.all(
        group.map((member) =>
          this.commitAlone(member.writes).then(
            () => member.settle(),
            (memberError: unknown) => member.settle(memberError),
          ),
        ),
      );
    }
  }

  private async commitAlone(writes: readonly GroupWrite[]): Promise<void> {
    const batch = this.firestore.batch();
    for (const write of writes.filter((candidate) => candidate.kind === 'create')) addTo(batch, write);
    for (const write of writes.filter((candidate) => candidate.kind !== 'create')) addTo(batch, write);
    await batch.commit();
  }
}
