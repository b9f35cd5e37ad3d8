/**
 * Feeds the staff page: refusals and 👎 are written to the store's review list on their way
 * through, whatever the surface (web, API, Slack, Teams), in the one place every answer and every
 * feedback passes (the runtime's `ask` and feedback sink). Nothing else is recorded. A failed
 * write is reported and never holds back the answer or the feedback.
 */
import { formatCitationLine } from '../../answer/citations.js';
import type { Ask } from '../../core/answer.js';
import type { FeedbackSink } from '../feedback-sink.js';
import type { StaffReview } from '../store/staff-review.js';

export function recordRefusals(ask: Ask, review: StaffReview, onError: (error: unknown) => void): Ask {
  return async (question, context) => {
    const answer = await ask(question, context);
    // A validation message (empty or too long question) is not a gap in the corpus.
    if (answer.refused && answer.mode !== 'validation') {
      await review.record({ kind: 'refusal', surface: context?.surface ?? 'api', question: answer.question, answer: answer.text, sources: answer.citations.map(formatCitationLine) }).catch(onError);
    }
    return answer;
  };
}

export function recordThumbsDown(sink: FeedbackSink, review: StaffReview, onError: (error: unknown) => void): FeedbackSink {
  return {
    async append(entry) {
      const result = await sink.append(entry);
      if (entry.verdict === 'down') {
        await review.record({ kind: 'thumbs-down', surface: entry.surface, question: entry.question, answer: entry.answer, sources: entry.sources }).catch(onError);
      }
      return result;
    },
  };
}
