import { createHash } from 'node:crypto';
import type { TagToFill } from './fill-request';

/**
 * What a tag's answer depends on: its configuration, the field values and (when it reads it) the document text.
 * A resumed fill keeps an earlier answer only when this is the same, so an edited prompt or a changed field
 * is generated afresh.
 */
export function tagFingerprint(tag: TagToFill, fieldValues: Record<string, string>, documentText: string | undefined): string {
  // How long an answer may be cached does not change what it says.
  const { regenerate: _regenerate, cacheTtlSeconds: _cacheTtlSeconds, ...configuration } = tag;
  const ordered = (value: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(value).sort(([left], [right]) => left.localeCompare(right)));
  return createHash('sha256')
    .update(JSON.stringify([ordered(configuration), ordered(fieldValues), tag.useDocumentText ? (documentText ?? '') : null]))
    .digest('base64url')
    .slice(0, 22);
}
