/**
 * Placeholders drafts leave where content will go: « En attente », « À compléter », « Néant ».
 * A section holding only one says nothing, and a question about it is not answered by it.
 * Folded text, whole line.
 */
const PLACEHOLDER =
  /^\W*(en attente|a completer|a venir|a definir|a preciser|neant|non communique|non renseigne|sans objet|en cours de redaction|texte a venir|contribution a venir|tbd|xxx+|\.{3,}|…)\W*$/;

/** Whether a folded line is a placeholder and nothing else. */
export function isPlaceholderLine(foldedLine: string): boolean {
  return PLACEHOLDER.test(foldedLine.trim());
}
