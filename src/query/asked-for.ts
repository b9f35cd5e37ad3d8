/**
 * What a question asks for, when it names it with an interrogative determiner (« Sur quel
 * territoire… », « Quels acteurs… »), and whether a section's label names that same thing.
 * Documents put such answers under labelled blocks (« TERRITOIRE CONCERNÉ », « ACTEURS À
 * MOBILISER »): a block so labelled is where to look first.
 */
import type { Chunk } from '../core/types.js';
import { analyze } from './question-text.js';
import { foldText } from './question-text.js';
import { referenceKeyOfLabel } from './query-understanding.js';

/** Words between « quels » and the noun they ask about (« les principaux acteurs »). */
const QUALIFIERS = new Set(analyze('principal principaux principales grands grandes différents différentes autres premiers premières nouveaux nouvelles'));
/** « dans quelle mesure », « de quelle manière »: idioms, not things asked for. */
const IDIOMS = new Set(analyze('mesure manière façon sorte'));

/** Stems of what the question asks for: « Sur quel territoire… » → `territoir`. */
export function askedFor(question: string): string[] {
  const folded = foldText(question).replace(/[’']/g, "'");
  const stems: string[] = [];
  // « quels acteurs », « quelles sont les priorités »; « c'est quoi les priorités de la
  // programmation ? », « que sont les instances ? » ask for those things alike.
  const asking = [
    /\bquel(?:le)?s?\s+(?:sont\s+(?:les\s+)?|est\s+(?:l'|la\s+|le\s+)?)?((?:[a-z0-9-]+\s+){0,2}[a-z0-9-]+)/g,
    /\b(?:c'?est quoi|c koi|ckoi|c quoi|que sont) les\s+((?:[a-z0-9-]+\s+){0,2}[a-z0-9-]+)/g,
  ];
  for (const pattern of asking) {
    for (const match of folded.matchAll(pattern)) {
      // « les quatre axes », « les principaux acteurs »: the noun comes after numbers and qualifiers.
      const noun = analyze(match[1]!).find((stem) => !/^\d+$/.test(stem) && !QUALIFIERS.has(stem));
      if (noun && !IDIOMS.has(noun)) stems.push(noun);
    }
  }
  return [...new Set(stems)];
}

/** Label → its stems; labels repeat from fiche to fiche, so the cache stays small. */
const labelStems = new Map<string, Set<string>>();

/**
 * Whether the chunk's own section is a labelled block naming what the question asks for.
 * Numbered headings (« Action 3 ») name an item, not a kind of content, and do not count.
 */
export function labelNamesAsked(chunk: Chunk, asked: string[]): boolean {
  const label = chunk.breadcrumb.at(-1);
  if (asked.length === 0 || !label || referenceKeyOfLabel(label) !== undefined) return false;
  let stems = labelStems.get(label);
  if (!stems) labelStems.set(label, (stems = new Set(analyze(label))));
  return asked.some((stem) => stems!.has(stem));
}
