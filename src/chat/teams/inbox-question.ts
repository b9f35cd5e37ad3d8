/**
 * What the inbox keeps of a Teams question, and under which key: one definition for the main
 * port's surface and the intake thread, so that an activity delivered to both (a retry of the Bot
 * Connector after a failover of the reverse proxy, say) is the same inbox item, answered once.
 */
import type { ConversationReference, IMessageActivity } from '@microsoft/teams.api';
import type { InboxItem } from '../store/types.js';
import { questionFromActivity } from './inbound.js';
import { isShareAction } from './render-activity.js';

/** Enough to answer a Teams question from any replica. */
export interface TeamsQuestion {
  question: string;
  conversationId: string;
  conversationType?: string;
  /** The team of a channel message, for its scope. */
  teamId?: string;
  /** Where and as whom to reply (service URL, bot, conversation). */
  ref: ConversationReference;
}

/**
 * Whether an inbound activity is a question for the inbox: a message that is not a click on an
 * answer's « Partager » (which the replica that sent the answer posts at once, from its memory).
 * Read on the parsed body too, before the SDK has seen it.
 */
export function isInboxQuestion(activity: { type?: unknown; value?: unknown }): boolean {
  return activity.type === 'message' && !isShareAction(activity.value);
}

type QuestionActivity = Pick<IMessageActivity, 'id' | 'conversation' | 'channelData' | 'timestamp' | 'text' | 'entities' | 'recipient'>;

/** The inbox item of a message activity, keyed by its activity id (the Bot Connector's retries carry the same). */
export function teamsInboxItem(activity: QuestionActivity, ref: ConversationReference): InboxItem {
  const question: TeamsQuestion = {
    question: questionFromActivity(activity),
    conversationId: activity.conversation.id,
    conversationType: activity.conversation.conversationType as string | undefined,
    teamId: (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id,
    ref,
  };
  const key = `teams:${activity.id ?? `${activity.conversation.id}:${activity.timestamp ?? Date.now()}`}`;
  return { key, surface: 'teams', payload: question as unknown as Record<string, unknown> };
}
