/**
 * Questions an assistant answers once at start-up and forgets (`LoadedAssistant.warmUp`), so that
 * the code a question runs — parsing, BM25 over long postings, fusion, the outline of a document,
 * composition — is compiled by V8 before the first user's question instead of during it. At 100×
 * the bench corpus, the first question ran its BM25 loop in the interpreter (40 ms instead of 2)
 * and took 160 ms of CPU against 70 once warm. One question of each common kind: a list under a
 * numbered section, an amount, a person, a definition, an eligibility. They name nothing of a
 * particular corpus; the answers are discarded.
 */
export const WARM_UP_QUESTIONS: readonly string[] = [
  "Quelles actions sont prévues pour l'objectif 1 ?",
  'Quel est le montant du budget prévu en 2024 ?',
  'Qui pilote le dispositif ?',
  "C'est quoi le contrat de ville ?",
  'Une association peut-elle être financée ?',
];
