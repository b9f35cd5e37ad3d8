/**
 * Deep links into the web chat's reader, for surfaces whose users cannot open the drawer (Slack,
 * Teams, forwarded text): `<PUBLIC_URL>/?passage=<chunk id>#phrases=0,2` opens the cited document
 * at the cited node with the sentences the answer used highlighted. One query parameter only
 * (Slack's iOS app breaks links whose query holds an `&`); the sentences go in the fragment.
 */
import type { Citation } from '../core/answer.js';

export type CitationLink = (citation: Pick<Citation, 'chunkId' | 'sentences'>) => string;

/** The link maker for a validated PUBLIC_URL (see config.ts), or undefined when none is configured. */
export function readerLinks(publicUrl: string | undefined): CitationLink | undefined {
  if (!publicUrl) return undefined;
  // A path prefix (`https://host/alinea`) is kept: the reader is the page at its root.
  const base = new URL(publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  return (citation) => {
    const url = new URL(base);
    url.searchParams.set('passage', citation.chunkId);
    if (citation.sentences && citation.sentences.length > 0) url.hash = `phrases=${citation.sentences.join(',')}`;
    return url.href;
  };
}
