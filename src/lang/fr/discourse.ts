/**
 * Words that make an extract unreadable out of its context: an opening connector refers to what
 * came before (« Par ailleurs, … »), an opening pronoun to an antecedent the reader has not seen.
 * Patterns read the folded sentence start.
 */

/** Connectors dropped from the start of an extract (the sentence stands without them). */
export const OPENING_CONNECTOR =
  /^(par ailleurs|en outre|de plus|egalement|aussi|en effet|ainsi|enfin|d'autre part|de meme|a ce titre|dans ce cadre|pour cela|a cet effet|de surcroit|neanmoins|toutefois|cependant|en revanche)\s*,?\s+/;

/** Pronouns and demonstratives whose antecedent lies in the sentence before. */
export const OPENING_ANAPHORA =
  /^(il|elle|ils|elles|celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette derniere|ces derniers|ce dispositif|cette instance|ce comite|cette demarche|ces actions|cela|ceci)\b/;
