/**
 * The server's own check of Slack's request signature holds to Bolt's rules (and refuses what
 * Bolt refuses), with one HMAC per delivery.
 */
import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { checkSlackSignature, signSlackRequest } from '../../src/chat/slack/request-signing.js';

const SECRET = 'signing-secret-for-tests';
const BODY = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention', text: 'Élan « guillemets » 🙂' } });
const NOW = 1_700_000_000_000;
const NOW_S = NOW / 1000;

/** What Bolt says of the same delivery: undefined when it accepts it. */
function bolt(body: string, timestamp: string, signature: string): string | undefined {
  try {
    verifySlackRequest({ signingSecret: SECRET, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) }, nowMilliseconds: NOW });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('checkSlackSignature', () => {
  it('accepts what Slack signs, over the bytes as sent, like Bolt', () => {
    const signature = signSlackRequest(SECRET, NOW_S, BODY);
    expect(checkSlackSignature(SECRET, Buffer.from(BODY), String(NOW_S), signature, NOW)).toBeUndefined();
    expect(checkSlackSignature(SECRET, BODY, String(NOW_S), signature, NOW)).toBeUndefined();
    expect(bolt(BODY, String(NOW_S), signature)).toBeUndefined();
  });

  it('refuses every delivery Bolt refuses', () => {
    const good = signSlackRequest(SECRET, NOW_S, BODY);
    const stale = NOW_S - 6 * 60;
    const cases: [string, string, string][] = [
      ['wrong secret', String(NOW_S), signSlackRequest('another-secret', NOW_S, BODY)],
      ['body changed', String(NOW_S), signSlackRequest(SECRET, NOW_S, `${BODY} `)],
      ['timestamp changed', String(NOW_S - 1), good],
      ['stale', String(stale), signSlackRequest(SECRET, stale, BODY)],
      ['unknown version', String(NOW_S), good.replace(/^v0=/, 'v1=')],
      ['no signature', String(NOW_S), ''],
      ['truncated', String(NOW_S), good.slice(0, -2)],
      ['not hex', String(NOW_S), `v0=${'z'.repeat(64)}`],
      ['no timestamp', '', good],
    ];
    for (const [what, timestamp, signature] of cases) {
      expect(checkSlackSignature(SECRET, Buffer.from(BODY), timestamp, signature, NOW), what).toBeTypeOf('string');
      if (timestamp !== '') expect(bolt(BODY, timestamp, signature), what).toBeTypeOf('string');
    }
  });

  it('also refuses a timestamp more than five minutes ahead, and any delivery without a secret', () => {
    const ahead = NOW_S + 6 * 60;
    expect(checkSlackSignature(SECRET, BODY, String(ahead), signSlackRequest(SECRET, ahead, BODY), NOW)).toMatch(/five minutes/);
    const within = NOW_S + 4 * 60;
    expect(checkSlackSignature(SECRET, BODY, String(within), signSlackRequest(SECRET, within, BODY), NOW)).toBeUndefined();
    expect(checkSlackSignature('', BODY, String(NOW_S), signSlackRequest('', NOW_S, BODY), NOW)).toMatch(/secret/);
  });
});
