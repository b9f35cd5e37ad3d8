/**
 * Which answer each bot message carried, by the activity id the Bot Connector gave it. Teams'
 * feedback invoke only says « 👍 on message X », and a click on « Partager » only « on message X »;
 * the feedback log wants the question, the answer and its sources, the share its text. Bounded
 * (oldest forgotten first) so a long-running bot does not grow.
 */
import type { Answer } from '../../core/answer.js';

export interface SentAnswer {
  question: string;
  answer: string;
  sources: string[];
  /** What its « Partager » button posts (renderShareText). */
  shareText: string;
}

export function describeAnswer(question: string, answer: Answer, shareText: string): SentAnswer {
  return {
    question,
    answer: answer.text,
    sources: answer.citations.map((citation) => `${citation.file} (${citation.spanLabel})`),
    shareText,
  };
}

export class SentAnswers {
  private readonly byActivityId = new Map<string, SentAnswer>();

  constructor(private readonly max = 5_000) {}

  remember(activityId: string, sent: SentAnswer): void {
    this.byActivityId.set(activityId, sent);
    while (this.byActivityId.size > this.max) {
      const oldest = this.byActivityId.keys().next().value;
      if (oldest === undefined) break;
      this.byActivityId.delete(oldest);
    }
  }

  get(activityId: string | undefined): SentAnswer | undefined {
    return activityId === undefined ? undefined : this.byActivityId.get(activityId);
  }
}
