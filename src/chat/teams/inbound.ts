/**
 * What the assistant should read from an inbound Teams message. In channels and group chats
 * Teams only delivers messages that @mention the bot, and the text then carries
 * `<at>Alinéa</at>`: the bot's own mention is removed, other people's keep their name.
 */
import type { IMessageActivity } from '@microsoft/teams.api';

type InboundMessage = Pick<IMessageActivity, 'text' | 'entities' | 'recipient'>;

interface MentionLike {
  type: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

export function questionFromActivity(activity: InboundMessage): string {
  let text = activity.text ?? '';
  const mentions = (activity.entities ?? []).filter((entity) => entity.type === 'mention') as MentionLike[];
  for (const mention of mentions) {
    const tag = mention.text ?? (mention.mentioned?.name ? `<at>${mention.mentioned.name}</at>` : undefined);
    if (!tag) continue;
    const isBot = mention.mentioned?.id !== undefined && mention.mentioned.id === activity.recipient?.id;
    text = text.split(tag).join(isBot ? ' ' : tag.replace(/<\/?at>/g, ''));
  }
  // Mentions the entities did not describe (or a client that sent none) still must not reach the core.
  text = text.replace(/<at>[^<]*<\/at>/g, ' ');
  // Teams sends HTML entities and non-breaking spaces around mentions.
  text = text.replace(/&nbsp;/g, ' ').replace(/\u00a0/g, ' ');
  return text.replace(/\s+/g, ' ').trim();
}
