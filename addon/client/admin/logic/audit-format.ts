/** What an audit entry changed, line by line: "role: member → admin", "+ name: Team key", "− provider: openai". */
export interface AuditChange {
  field: string;
  before?: string;
  after?: string;
}

const actionNames: Record<string, string> = {
  'connection.create': 'Added a connection',
  'connection.update': 'Changed a connection',
  'connection.delete': 'Deleted a connection',
  'connection.rotate': "Rotated a connection's key",
  'settings.update': 'Changed the AI settings',
  'member.update': 'Changed a member',
  'member.remove': 'Removed a member',
};

export function actionName(action: string): string {
  return actionNames[action] ?? action;
}

/** A value as one short line; objects as compact JSON. */
export function valueText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Changed leaves, with nested objects flattened to dotted paths; unchanged fields are left out. */
export function auditChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditChange[] {
  if (before === null && after !== null)
    return Object.keys(after)
      .sort()
      .map((field) => ({ field, after: valueText(after[field]) }));
  if (after === null && before !== null)
    return Object.keys(before)
      .sort()
      .map((field) => ({ field, before: valueText(before[field]) }));
  const changes: AuditChange[] = [];
  const walk = (path: string, left: unknown, right: unknown) => {
    if (isPlainObject(left) && isPlainObject(right)) {
      const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
      for (const key of keys) walk(path ? `${path}.${key}` : key, left[key], right[key]);
      return;
    }
    if (JSON.stringify(left) === JSON.stringify(right)) return;
    const change: AuditChange = { field: path || '(value)' };
    if (left !== undefined) change.before = valueText(left);
    if (right !== undefined) change.after = valueText(right);
    changes.push(change);
  };
  walk('', before ?? undefined, after ?? undefined);
  return changes;
}

export function changeText(change: AuditChange): string {
  if (change.before === undefined) return `${change.field}: ${change.after ?? ''} (added)`;
  if (change.after === undefined) return `${change.field}: ${change.before} (removed)`;
  return `${change.field}: ${change.before} → ${change.after}`;
}
