/**
 * What a Slack button carries so a later click (👍/👎, « Partager ») finds its answer again.
 * Slack caps a button value at 2,000 characters: the value always holds a short id into a bounded
 * in-memory map (the full Answer, needed to re-render when sharing), and also the question, answer
 * text and sources inline when they fit, so feedback is still logged after a restart.
 */
import { randomBytes } from 'node:crypto';
import type { Answer } from '../../core/answer.js';
import { BUTTON_VALUE_LIMIT, formatCitation } from './blocks.js';

export interface FeedbackSubject {
  question: string;
  answer: string;
  sources: string[];
}

interface EncodedRef {
  id: string;
  q?: string;
  a?: string;
  s?: string[];
}

export class AnswerRefs {
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly maxAnswers = 2_000) {}

  /** Stores the answer and returns the button value (at most `limit` characters) that points back to it. */
  put(answer: Answer, limit = BUTTON_VALUE_LIMIT): string {
    const id = randomBytes(6).toString('base64url');
    this.answers.set(id, answer);
    while (this.answers.size > this.maxAnswers) {
      const oldest = this.answers.keys().next().value;
      if (oldest === undefined) break;
      this.answers.delete(oldest);
    }
    const inline: EncodedRef = { id, q: answer.question, a: answer.text, s: answer.citations.map(formatCitation) };
    const full = JSON.stringify(inline);
    return full.length <= limit ? full : JSON.stringify({ id });
  }

  /** The full answer, while it is still in memory. */
  answer(value: string): Answer | undefined {
    const ref = decode(value);
    return ref ? this.answers.get(ref.id) : undefined;
  }

  /** What the feedback log needs: from memory first, else from the value itself. */
  subject(value: string): FeedbackSubject | undefined {
    const ref = decode(value);
    if (!ref) return undefined;
    const answer = this.answers.get(ref.id);
    if (answer) return { question: answer.question, answer: answer.text, sources: answer.citations.map(formatCitation) };
    if (typeof ref.q === 'string' && typeof ref.a === 'string') {
      return { question: ref.q, answer: ref.a, sources: Array.isArray(ref.s) ? ref.s.filter((s) => typeof s === 'string') : [] };
    }
    return undefined;
  }
}

function decode(value: string): EncodedRef | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && typeof (parsed as EncodedRef).id === 'string') return parsed as EncodedRef;
  } catch {
    // A value we did not write (old message, tampered payload): treated as unknown.
  }
  return undefined;
}
