/**
 * Compound questions: one message asking two things (« le FPH c'était combien en 2025 et il en
 * reste combien ? », « Pour le bailleur : montant de l'abattement en 2024 et délai d'intervention ? »,
 * « Quel est son rôle ? Combien reçoit-elle ? »). Each clause is answered from its own passage, often
 * in another document, and a single extract rarely holds both. A clause starts after a question
 * mark, or at « et » / « ; » followed by a question word or a pronoun subject; a short topic before
 * « : » belongs to every clause.
 */
import { foldText } from './normalize.js';

/** Words that open an interrogative clause (folded, apostrophes straight). */
const CLAUSE_OPENING =
  "(?:combien|cb|quand|quel|quelle|quels|quelles|qui|ou|comment|pourquoi|pk|lequel|laquelle|lesquels|lesquelles|est-ce|c'est|qu'est|que|qu'|a quel|a quelle|de quel|de quelle|en quel|en quelle|dans quel|dans quelle|pour quel|pour quelle|sur quel|sur quelle|il|elle|ils|elles|on|ca|cela|leur|leurs|son|sa|ses)\\b";

/**
 * A question word later in a clause that opens with its own subject (« …, et le conseil citoyen a
 * demandé quoi ? », « …, et y a combien pour … ? »), up to the clause's end. « qui » and « ou » are
 * left out: inside a clause they are as often a relative pronoun and « or ».
 */
const LATER_QUESTION_WORD = '(?=[^,;?.]*\\b(?:combien|cb|quand|quel|quelle|quels|quelles|quoi|koi|comment|pourquoi|pk|lequel|laquelle|lesquels|lesquelles)\\b)';

/**
 * « et » or « ; » before an interrogative clause, or the space after a question mark (the mark
 * stays with the clause it ends); the lookahead keeps the opening word in the clause. After a
 * comma, « et » opens a clause whatever its first word when the clause asks on its own: without
 * the comma, « l'État et la Région mettent combien ? » joins two subjects.
 */
const CLAUSE_BREAK = new RegExp(`(?:\\s*,)?\\s+et\\s+(?=${CLAUSE_OPENING})|\\s*,\\s*et\\s+${LATER_QUESTION_WORD}|\\s*;\\s*(?=${CLAUSE_OPENING})|(?<=\\?)\\s+(?=[^\\s?])`, 'g');

/** A question word somewhere in a clause: without one, « et » joins two nouns, not two questions. */
const ASKING_WORD = /\b(combien|cb|quand|quel|quelle|quels|quelles|qui|ou|comment|pourquoi|pk|lequel|laquelle|lesquels|lesquelles|est-ce|quoi|koi|c'est|qu'est|peut|peuvent|doit|doivent)\b/;

/** Words a clause needs besides its question words to ask something on its own. */
const MIN_CLAUSE_WORDS = 2;
/**
 * Words a clause asking only by its question mark needs (« le plafond du FPH a changé ? »): a
 * greeting (« bonjour, j'ai une question ? ») or a bare topic (« le contrat de ville ? ») is shorter.
 */
const MIN_YES_NO_WORDS = 5;
/** The longest topic before « : » shared by every clause (« Pour Mauvière Habitat : »). */
const MAX_TOPIC_WORDS = 8;

function words(folded: string): string[] {
  return folded.split(/[^a-z0-9']+/).filter((word) => word.length > 0);
}

/**
 * The clauses of a compound question, or [] when the question asks one thing. A later clause carries
 * the shared topic, or else opens with « et » so that it is read as a follow-up of the clause before. Offsets are found on the folded text, which keeps
 * the original's length (`foldText` maps characters one to one here), and cut from the original.
 */
export function questionClauses(question: string): string[] {
  const original = question.replace(/’/g, "'").trim();
  const folded = foldText(original);
  if (folded.length !== original.length) return [];
  const cuts: { start: number; end: number }[] = [];
  for (const match of folded.matchAll(CLAUSE_BREAK)) cuts.push({ start: match.index, end: match.index + match[0].length });
  if (cuts.length === 0) return [];
  let topic = '';
  const firstColon = folded.indexOf(' : ') >= 0 ? folded.indexOf(' : ') : folded.indexOf(': ');
  if (firstColon > 0 && firstColon < cuts[0]!.start) {
    const before = folded.slice(0, firstColon);
    if (words(before).length <= MAX_TOPIC_WORDS && !ASKING_WORD.test(before)) topic = original.slice(0, firstColon).trim();
  }
  const clauses: string[] = [];
  let start = 0;
  for (const cut of [...cuts, { start: original.length, end: original.length }]) {
    const piece = original.slice(start, cut.start).trim();
    start = cut.end;
    if (piece.length > 0) clauses.push(piece);
  }
  if (clauses.length < 2) return [];
  const foldedClauses = clauses.map((clause) => foldText(clause));
  // Every clause asks something and says something: « quels acteurs et quelles actions ? » is one question.
  const asksOnItsOwn = (clause: string, last: boolean) => ASKING_WORD.test(clause) || (clause.endsWith('?') && (last || words(clause).length >= MIN_YES_NO_WORDS));
  if (!foldedClauses.every((clause, at) => asksOnItsOwn(clause, at === foldedClauses.length - 1))) return [];
  if (!foldedClauses.every((clause) => words(clause).filter((word) => !ASKING_WORD.test(word)).length >= MIN_CLAUSE_WORDS)) return [];
  // A later clause without the shared topic is read as a follow-up of the one before it
  // (« … et il en reste combien ? »): « et » makes it one, whatever its first word.
  const asked = clauses.map((clause, index) => {
    if (index === 0) return clause;
    if (topic) return `${topic} : ${clause}`;
    return /^et\b/i.test(clause) ? clause : `et ${clause}`;
  });
  return asked.map((clause) => (/[?]$/.test(clause) ? clause : `${clause} ?`));
}
