import type { DocumentScanSummary } from '../../shared/sidebar-contract';

/**
 * The tab titles to show beside each AI tag: the tabs each tag is in, once each, in document order. Empty for
 * every tag when all tags are in one tab: in a one-tab document the tab's name says nothing.
 */
export function tagTabs(scan: DocumentScanSummary): Map<string, string[]> {
  const tabbed = new Set(scan.aiTags.flatMap((tag) => tag.locations.map((location) => location.tab))).size > 1;
  return new Map(
    scan.aiTags.map((tag) => [
      tag.name,
      tabbed ? [...new Set(tag.locations.map((location) => location.tab).filter((tab): tab is string => tab !== undefined))] : [],
    ]),
  );
}
