/**
 * Socket Mode, acknowledged once stored. Bolt 5 acknowledges an Events API envelope before its
 * listeners run (`App.processEvent` calls `ack()` first for events; Socket Mode has no
 * `processBeforeResponse`), and Slack never redelivers an acknowledged envelope: a crash between
 * that acknowledgement and the inbox write lost the question.
 *
 * This receiver is Bolt's SocketModeReceiver (connection, reconnection, OAuth routes) with its
 * envelope listener replaced: for Events API envelopes, Bolt gets an `ack` that only records the
 * response, and the envelope is acknowledged once `processEvent` has returned, that is once the
 * listener has written the question to the inbox. When processing throws (the store is down), the
 * envelope stays unacknowledged and Slack delivers it again. Commands and interactive payloads
 * keep the real `ack`: their listeners call it themselves, after storing what must be stored.
 */
import { type App, defaultProcessEventErrorHandler, type ReceiverEvent, SocketModeReceiver, type SocketModeReceiverOptions } from '@slack/bolt';

/** What @slack/socket-mode emits as `slack_event` for every envelope. */
interface SocketEnvelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  envelope_id: string;
  type: string;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

export class StoreFirstSocketModeReceiver extends SocketModeReceiver {
  private bolt: App | undefined;
  private readonly log: NonNullable<SocketModeReceiverOptions['logger']>;

  constructor(options: SocketModeReceiverOptions & { logger: NonNullable<SocketModeReceiverOptions['logger']> }) {
    super(options);
    this.log = options.logger;
    // SocketModeReceiver's own listener acknowledges events before their listeners have run.
    this.client.removeAllListeners('slack_event');
    this.client.on('slack_event', (envelope: SocketEnvelope) => void this.deliver(envelope));
  }

  override init(app: App): void {
    super.init(app);
    this.bolt = app;
  }

  private async deliver(envelope: SocketEnvelope): Promise<void> {
    const app = this.bolt;
    if (!app) return;
    const afterProcessing = envelope.type === 'events_api';
    let acknowledged = false;
    let response: Record<string, unknown> | undefined;
    const event: ReceiverEvent = {
      body: envelope.body,
      retryNum: envelope.retry_num,
      retryReason: envelope.retry_reason,
      customProperties: {},
      ack: async (body?: unknown) => {
        if (acknowledged) return;
        acknowledged = true;
        const payload = typeof body === 'string' ? { text: body } : (body as Record<string, unknown> | undefined);
        if (afterProcessing) response = payload;
        else await envelope.ack(payload);
      },
    };
    try {
      await app.processEvent(event);
    } catch (error) {
      // Unacknowledged: Slack sends the envelope again (unless Bolt says a retry cannot help).
      const ackAnyway = await defaultProcessEventErrorHandler({ error: error as Error, logger: this.log, event });
      if (ackAnyway && !acknowledged) await envelope.ack().catch(() => undefined);
      return;
    }
    if (afterProcessing && acknowledged) {
      await envelope.ack(response).catch((error: unknown) => this.log.warn(`socket mode: envelope not acknowledged (${error instanceof Error ? error.message : String(error)})`));
    }
  }
}
