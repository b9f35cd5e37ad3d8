/** Plain-text rendering of an answer for the terminal: the text, then its numbered sources. */
import { formatCitationLine } from './citations.js';
import type { Answer } from '../core/answer.js';

export function renderAnswerText(answer: Answer): string {
  const lines = [answer.text.replace(/\*\*(.+?)\*\*/g, '$1')];
  if (answer.citations.length > 0) {
    lines.push('', answer.refused ? 'Sections les plus proches :' : 'Sources :');
    for (const citation of answer.citations) lines.push(`  ${formatCitationLine(citation)}`);
  } else if (!answer.refused && answer.mode !== 'validation') {
    lines.push('', '⚠️ Aucune source n’a pu être citée : vérifiez avant d’utiliser cette réponse.');
  }
  return lines.join('\n');
}
