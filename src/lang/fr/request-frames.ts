/**
 * Phrases that frame a chat message as a request or as something heard of (« j'ai entendu parler
 * d'un appel à projets… », « pouvez-vous me dire si… », « je voudrais savoir… »). They say nothing
 * of what the question is about, yet their words are rare in documents: left in, they weigh in the
 * search and in how much of the question a passage covers, and an answerable question is refused.
 */
const APOSTROPHE = "['’]";
const REQUEST_FRAMES = [
  `j${APOSTROPHE}ai (?:entendu parler|vu passer|vu|lu)`,
  `on m${APOSTROPHE}a (?:dit|parl[ée])`,
  'il para[iî]t',
  `je (?:voudrais|voulais|souhaiterais|souhaite|aimerais) (?:savoir|conna[iî]tre|comprendre)`,
  '(?:pouvez|pourriez|peux|pourrais)[- ](?:vous|tu) me (?:dire|expliquer|pr[ée]ciser)',
  '(?:vous|tu) (?:pouvez|pourriez|peux|pourrais) me (?:dire|expliquer|pr[ée]ciser)',
  '(?:savez[- ]vous|tu sais|vous savez)',
  'je me demandais',
  '(?:dites|dis)[- ]moi',
  '(?:petite )?question',
  // A newcomer saying so (« je viens d'arriver, c'est quoi les QPV ? ») frames the question too.
  `je (?:viens d${APOSTROPHE}arriver|d[ée]barque|suis (?:nouveau|nouvelle|nouvellement arriv[ée]e?|arriv[ée]e? r[ée]cemment)|prends mon poste|viens de prendre mon poste)`,
];
const REQUEST_FRAME = new RegExp(`(?<![\\p{L}\\d])(?:${REQUEST_FRAMES.join('|')})(?![\\p{L}\\d])`, 'giu');

/** The question without the phrases that only frame it as a request. */
export function withoutRequestFrames(question: string): string {
  const stripped = question
    .replace(REQUEST_FRAME, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  // A message that is nothing but a frame (« petite question ») keeps its words.
  return /[\p{L}\d]/u.test(stripped) ? stripped : question;
}
