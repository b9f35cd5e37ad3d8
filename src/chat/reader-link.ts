/**
 * Deep links into the web chat's reader, for surfaces whose users cannot open the drawer (Slack,
 * Teams, forwarded text): `<PUBLIC_URL>/?passage=<chunk id>` opens the cited document at the cited
 * node. One query parameter only: Slack's iOS app breaks links whose query holds an `&`.
 */
import type { Citation } from '../core/answer.js';

export type CitationLink = (citation: Pick<Citation, 'chunkId'>) => string;

/** The link maker for a validated PUBLIC_URL (see config.ts), or undefined when none is configured. */
export function readerLinks(publicUrl: string | undefined): CitationLink | undefined {
  if (!publicUrl) return undefined;
  // A path prefix (`https://host/alinea`) is kept: the reader is the page at its root.
  const base = new URL(publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  return (citation) => {
    const url = new URL(base);
    url.searchParams.set('passage', citation.chunkId);
    return url.href;
  };
}
