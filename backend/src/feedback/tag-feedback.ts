/** A 👍 or 👎, with an optional reason, on one generated tag of one fill (SPEC.md: feedback). */
export type Rating = 'up' | 'down';

/** The fill and tag a rating is about, as the execution recorded them: what the satisfaction summary groups by. */
export interface RatedTag {
  fillId: string;
  tag: string;
  /** The UTC day the fill started (YYYY-MM-DD): a rating counts on the day of the text it judges, whenever it is given. */
  day: string;
  /** Who ran the fill: a member's own usage summary shows the ratings of their own fills. */
  userId: string;
  templateId: string | null;
  provider: string | null;
  model: string | null;
}

export interface TagFeedback extends RatedTag {
  rating: Rating;
  comment: string | null;
  /** Who gave the rating: the fill's user, or an admin. */
  ratedBy: string;
  at: Date;
}

/** What the satisfaction summary needs of one rating. */
export type SatisfactionRow = Pick<TagFeedback, 'day' | 'userId' | 'templateId' | 'provider' | 'model' | 'tag' | 'rating'>;

/** What the usage export carries of one rating, next to the usage records of its tag. */
export type TagRating = Pick<TagFeedback, 'rating' | 'comment'>;

/** The key of one tag of one fill, in the export's lookup. */
export function ratedTagKey(fillId: string, tag: string): string {
  return `${fillId}:${tag}`;
}
