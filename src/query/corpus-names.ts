/**
 * Names a question types in lower case (« logevia a combien de logements au clos barbier ? »):
 * chat messages drop capitals, so a word is known to be a name by how the corpus writes it — always
 * with a capital inside a sentence (« Logévia », « Clos Barbier »), never as a common noun.
 */
import { askingSentences } from '../lang/fr/sentences.js';
import { analyze, isStopWord } from '../lang/fr/analyzer.js';
import { actorsNamed, withoutActors } from '../lang/fr/actors.js';
import { foldText } from '../lang/fr/normalize.js';
import { withoutSelfPresentation } from '../lang/fr/self-presentation.js';

/**
 * A word in more than this share of the passages (and more than `MIN_CAP` of them) is the corpus's
 * common vocabulary: not a name a figure must be held to. A share, not a count, so that a name
 * stays one when the corpus grows (« Bruay » is in 55 of 852 passages, about 6 %).
 */
const MAX_PASSAGE_SHARE = 0.1;
const MIN_CAP = 400;
/**
 * Passages read to decide how the corpus writes a word, taken evenly over all that hold it: the
 * first ones would all be one document's way of writing it.
 */
const PASSAGES_READ = 64;
/**
 * Share of a word's occurrences inside sentences that may be in lower case: « Cité » names many
 * things in one corpus, but « la commune est citée » or « une cité » make it a common word.
 */
const LOWER_CASE_SHARE = 0.05;

/** Determiners a proper name does not take (« un Logévia » is not said). */
const INDEFINITE_DETERMINERS = new Set([
  'un',
  'une',
  'chaque',
  'plusieurs',
  'aucun',
  'aucune',
  'quelques',
  'quel',
  'quels',
  'quelle',
  'quelles',
  'certains',
  'certaines',
  'tout',
  'toute',
  'nouveau',
  'nouvelle',
]);

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Whether the corpus writes this folded word as a name: among its occurrences that do not open a
 * sentence, a line or a list item, nearly all capitalised. A word written in capitals (a heading's
 * « PATRIMOINE », an acronym) is not counted: acronyms name concepts (« QPV », « TFPB ») as often
 * as bodies, and the bodies a corpus may lack are known otherwise (`absentActorsOf`).
 */
export function writtenAsNameIn(folded: string, texts: Iterable<string>): boolean {
  return nameSpellingIn(folded, texts) !== undefined;
}

/** How the corpus writes this folded word when it writes it as a name (its commonest spelling), else undefined. */
export function nameSpellingIn(folded: string, texts: Iterable<string>): string | undefined {
  let capitalised = 0;
  let lower = 0;
  const spellings = new Map<string, number>();
  for (const text of texts) {
    // Most passages hold the word in another form (« barbiers », « logeviatique »): skipped whole.
    if (!foldText(text).includes(folded)) continue;
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      if (word.length < folded.length - 2 || word.length > folded.length + 2 || foldText(word) !== folded) continue;
      const first = word[0]!;
      if (first === first.toLowerCase()) {
        lower += 1;
        continue;
      }
      if (word === word.toUpperCase() && word.length > 1) continue;
      // What precedes on the line: nothing, or a sentence's or an item's end, makes the capital a rule of writing.
      // (« Saint-Obrin »'s second word follows a hyphen, not an item's dash.)
      const before = text.slice(Math.max(0, match.index - 4), match.index);
      if (match.index === 0 || /(?:^|[.!?:;«"“\t\n]\s*|[•·\-–—*#>|]\s+)$/u.test(before)) continue;
      capitalised += 1;
      spellings.set(word, (spellings.get(word) ?? 0) + 1);
    }
  }
  if (capitalised === 0 || lower > LOWER_CASE_SHARE * (capitalised + lower)) return undefined;
  return [...spellings].sort((a, b) => b[1] - a[1])[0]![0];
}

export interface NameLookupParts {
  /** Passages in the index. */
  passageCount(): number;
  /** How many passages hold the term. */
  documentFrequency(term: string): number;
  /** Passages holding every term, by position. */
  documentsWithAll(terms: string[]): number[];
  /** A passage's body, without its heading lines (headings capitalise common nouns). */
  textAt(position: number): string | undefined;
}

/**
 * A memoised « how does the corpus write this folded word as a name? » over an index: its commonest
 * spelling (« Logévia »), or undefined when the corpus writes it as a common word or not at all.
 */
export function nameLookup(parts: NameLookupParts, kept = 4096): (folded: string) => string | undefined {
  const known = new Map<string, string | null>();
  return (folded) => {
    const remembered = known.get(folded);
    if (remembered !== undefined) return remembered ?? undefined;
    const terms = analyze(folded);
    let answer: string | undefined;
    const frequency = terms.length === 1 ? parts.documentFrequency(terms[0]!) : 0;
    if (frequency > 0 && frequency <= Math.max(MIN_CAP, MAX_PASSAGE_SHARE * parts.passageCount())) {
      const positions = parts.documentsWithAll(terms);
      const stride = Math.max(1, positions.length / PASSAGES_READ);
      const texts: string[] = [];
      for (let at = 0; at < positions.length; at += stride) {
        const text = parts.textAt(positions[Math.floor(at)]!);
        if (text !== undefined) texts.push(text);
      }
      answer = nameSpellingIn(folded, texts);
    }
    if (known.size >= kept) known.delete(known.keys().next().value!);
    known.set(folded, answer ?? null);
    return answer;
  };
}

/**
 * The names a question holds, each a run of its words the corpus writes as names (folded):
 * « logevia … au clos barbier a vernolles » → « logevia », « clos barbier », « vernolles ».
 */
export function corpusNamesIn(question: string, writtenAsName: (folded: string) => boolean): string[] {
  // Only the sentences that ask, without the asker's own presentation (« on est une asso à
  // Brécourt, … »): where the asker is from does not restrict what is asked. Public actors
  // (« l'etat », « l'agglo ») are no such names: whose figure it is, is another check.
  const scope = askingSentences(question);
  const folded = foldText(scope).replace(/’/g, "'");
  const text = withoutSelfPresentation(foldText(withoutActors(scope, actorsNamed(folded))).replace(/’/g, "'"));
  const names: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length > 0 && !names.includes(run.join(' '))) names.push(run.join(' '));
    run = [];
  };
  // A run of name words is one name (« clos barbier », « croix-maillard »); other punctuation ends
  // it (« tilleuls / croix »).
  let previous = '';
  for (const match of text.matchAll(/[a-z0-9]+|[^a-z0-9\s'-]/g)) {
    const word = match[0];
    // « un mediateur », « chaque centre »: a word after an indefinite determiner is a common noun.
    const common = run.length === 0 && INDEFINITE_DETERMINERS.has(previous);
    const candidate = !common && /^[a-z0-9]{3,}$/.test(word) && !/^\d+$/.test(word) && !isStopWord(word) && writtenAsName(word);
    if (candidate) run.push(word);
    else close();
    previous = word;
  }
  close();
  return names;
}

/** A name found by `corpusNamesIn`, written as the corpus writes its words (« clos barbier » → « Clos Barbier »). */
export function spelledName(name: string, spelling: (folded: string) => string | undefined): string {
  return name
    .split(' ')
    .map((word) => spelling(word) ?? word)
    .join(' ');
}
