/** "1 tag", "2 tags": a count with its word, for the sidebar and the menu's messages. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
