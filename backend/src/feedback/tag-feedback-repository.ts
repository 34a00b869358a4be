import type { Firestore } from 'firebase-admin/firestore';
import type { Logger } from '../platform/logger';
import { currentRows, feedbackRollupFormat, maximumPackedRows, pack, worthPacking, type FeedbackDayDocument } from './feedback-day-rollups';
import { ratedTagKey, type SatisfactionRow, type TagFeedback, type TagRating } from './tag-feedback';

export interface FeedbackQuery {
  /** UTC days of the fills, inclusive. */
  from: string;
  to: string;
  /** The ratings of this user's fills only. */
  userId?: string | undefined;
}

export interface TagFeedbackRepository {
  /** One rating per tag of a fill; a later rating replaces the earlier. */
  put(organisationId: string, feedback: TagFeedback): Promise<void>;
  /** The ratings of the fills of a period, for the satisfaction summary: packed days where they are current. */
  satisfactionRows(organisationId: string, query: FeedbackQuery): Promise<SatisfactionRow[]>;
  /** Rating and reason by `ratedTagKey(fillId, tag)`, for the fills of a period: the usage export's extra columns. */
  ratingsByTag(organisationId: string, query: FeedbackQuery): Promise<Map<string, TagRating>>;
}

const summaryFields = ['day', 'userId', 'templateId', 'provider', 'model', 'tag', 'rating'] as const;

function toDate(value: unknown): Date | undefined {
  const timestamp = value as { toDate?: () => Date } | undefined;
  return typeof timestamp?.toDate === 'function' ? timestamp.toDate() : undefined;
}

function toDayDocument(data: FirebaseFirestore.DocumentData): FeedbackDayDocument {
  return {
    day: String(data.day),
    changedAt: toDate(data.changedAt),
    builtFrom: toDate(data.builtFrom),
    format: typeof data.format === 'number' ? data.format : undefined,
    packed: typeof data.packed === 'string' ? data.packed : undefined,
  };
}

function toRow(data: FirebaseFirestore.DocumentData): SatisfactionRow {
  return {
    day: String(data.day),
    userId: String(data.userId),
    templateId: data.templateId ?? null,
    provider: data.provider ?? null,
    model: data.model ?? null,
    tag: String(data.tag),
    rating: data.rating === 'up' ? 'up' : 'down',
  };
}

function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * `orgs/{orgId}/tagFeedback/{fillId}:{tag}`, one document per rated tag, with the fill's day, user, template,
 * provider and model copied from its execution so a period's ratings are one range query; and
 * `orgs/{orgId}/feedbackDays/{day}` (feedback-day-rollups.ts), so a summary reads a document per day.
 */
export function createTagFeedbackRepository(
  firestore: Firestore,
  options: { now?: () => Date; logger?: Logger | undefined } = {},
): TagFeedbackRepository {
  const now = options.now ?? (() => new Date());
  const organisation = (organisationId: string) => firestore.collection('orgs').doc(organisationId);
  const ratings = (organisationId: string) => organisation(organisationId).collection('tagFeedback');
  const days = (organisationId: string) => organisation(organisationId).collection('feedbackDays');

  async function readDay(organisationId: string, stored: FeedbackDayDocument): Promise<SatisfactionRow[]> {
    const readFrom = now();
    const snapshot = await ratings(organisationId)
      .where('day', '==', stored.day)
      .select(...summaryFields)
      .get();
    const rows = snapshot.docs.map((document) => toRow(document.data()));
    if (rows.length <= maximumPackedRows && worthPacking(stored, readFrom)) {
      // `merge`, so a rating landing meanwhile keeps its `changedAt`, which then outdates this packing.
      await days(organisationId)
        .doc(stored.day)
        .set({ format: feedbackRollupFormat, builtFrom: readFrom, packed: pack(rows) }, { merge: true })
        .catch((error: unknown) =>
          // The summary is right without it; the next one packs the day again.
          options.logger?.warn({ err: error, organisationId, day: stored.day }, 'a packed feedback day could not be saved'),
        );
    }
    return rows;
  }

  return {
    async put(organisationId, feedback) {
      const batch = firestore.batch();
      batch.set(ratings(organisationId).doc(ratedTagKey(feedback.fillId, feedback.tag)), feedback);
      batch.set(days(organisationId).doc(feedback.day), { day: feedback.day, changedAt: feedback.at }, { merge: true });
      await batch.commit();
    },
    async satisfactionRows(organisationId, query) {
      const snapshot = await days(organisationId).where('day', '>=', query.from).where('day', '<=', query.to).get();
      const perDay = await Promise.all(
        snapshot.docs.map((document) => {
          const stored = toDayDocument(document.data());
          const packed = currentRows(stored);
          return packed ? Promise.resolve(packed) : readDay(organisationId, stored);
        }),
      );
      const rows = perDay.flat();
      return query.userId ? rows.filter((row) => row.userId === query.userId) : rows;
    },
    async ratingsByTag(organisationId, query) {
      let selection: FirebaseFirestore.Query = ratings(organisationId);
      if (query.userId) selection = selection.where('userId', '==', query.userId);
      // A fill started just before midnight has usage records dated the next day.
      const snapshot = await selection
        .where('day', '>=', previousDay(query.from))
        .where('day', '<=', query.to)
        .select('fillId', 'tag', 'rating', 'comment')
        .get();
      return new Map(
        snapshot.docs.map((document) => {
          const data = document.data();
          return [
            ratedTagKey(String(data.fillId), String(data.tag)),
            { rating: data.rating === 'up' ? 'up' : 'down', comment: data.comment ?? null },
          ];
        }),
      );
    },
  };
}
