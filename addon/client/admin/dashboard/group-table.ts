import { element } from '../../common/dom';

/** One group of a breakdown (a model, a template…): the "others" row folds the long tail together. */
export interface GroupRow {
  key: string;
  label: string;
  others?: boolean;
}

export interface GroupColumn<Row> {
  heading: string;
  /** What the heading means, when its word alone does not say. */
  title?: string;
  cell(row: Row): string;
}

/** A table of groups: the name first, then one cell per column; rows carry their key for tests and links. */
export function groupTable<Row extends GroupRow>(rows: readonly Row[], columns: readonly GroupColumn<Row>[]): HTMLElement {
  return element(
    'table',
    {},
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'Name'),
        ...columns.map((column) => element('th', column.title ? { title: column.title } : {}, column.heading)),
      ),
    ),
    element(
      'tbody',
      {},
      ...rows.map((row) =>
        element(
          'tr',
          { class: row.others ? 'ud-others' : undefined, 'data-key': row.key },
          element('td', { title: row.label }, row.label),
          ...columns.map((column) => element('td', {}, column.cell(row))),
        ),
      ),
    ),
  );
}
