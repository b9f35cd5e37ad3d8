/**
 * Plain-text rendering of an answer: the text, then its numbered sources. The terminal prints it;
 * `renderShareText` is what every surface forwards (the web « Copier », Slack's « Partager dans le
 * canal », Teams' « Partager »), so an answer reads the same wherever it is pasted.
 */
import { formatCitationLine } from './citations.js';
import type { Answer, Citation } from '../core/answer.js';

export interface AnswerTextOptions {
  /** Opens with « Question : … », for a text read away from the conversation it answered. */
  withQuestion?: boolean;
  /** Each source's link to the web reader, on the line under it (PUBLIC_URL configured). */
  link?: (citation: Citation) => string;
}

export function renderAnswerText(answer: Answer, options: AnswerTextOptions = {}): string {
  const lines: string[] = [];
  if (options.withQuestion && answer.question.trim() !== '') lines.push(`Question : ${answer.question.replace(/\s+/g, ' ').trim()}`, '');
  lines.push(answer.text.replace(/\*\*(.+?)\*\*/g, '$1'));
  if (answer.citations.length > 0) {
    lines.push('', answer.refused ? 'Sections les plus proches :' : 'Sources :');
    for (const citation of answer.citations) {
      lines.push(formatCitationLine(citation));
      if (options.link) lines.push(`    ${options.link(citation)}`);
    }
  } else if (!answer.refused && answer.mode !== 'validation') {
    lines.push('', '⚠️ Aucune source n’a pu être citée : vérifiez avant d’utiliser cette réponse.');
  }
  return lines.join('\n');
}

/** The answer to forward: its question, its text and its sources (with their reader links when configured). */
export function renderShareText(answer: Answer, link?: (citation: Citation) => string): string {
  return renderAnswerText(answer, { withQuestion: answer.mode !== 'validation', link });
}
