/**
 * Conversation history per thread (Slack thread, Teams conversation, web session), so that
 * follow-ups such as « et pour l'objectif 19 ? » reach the core with their previous turn.
 * Bounded in threads and turns: a long-running bot must not grow without limit.
 */
import type { Answer, ConversationTurn } from '../core/answer.js';

export class ConversationStore {
  private readonly threads = new Map<string, ConversationTurn[]>();

  constructor(
    private readonly maxThreads = 5_000,
    private readonly maxTurns = 6,
  ) {}

  history(threadId: string): ConversationTurn[] {
    return [...(this.threads.get(threadId) ?? [])];
  }

  record(threadId: string, question: string, answer: Answer): void {
    const turns = this.threads.get(threadId) ?? [];
    turns.push({ question, answer });
    while (turns.length > this.maxTurns) turns.shift();
    // Re-insert so Map order is least-recently-used first.
    this.threads.delete(threadId);
    this.threads.set(threadId, turns);
    while (this.threads.size > this.maxThreads) {
      const oldest = this.threads.keys().next().value;
      if (oldest === undefined) break;
      this.threads.delete(oldest);
    }
  }
}
