/**
 * Slack's request signature, as Slack computes it for HTTP-mode deliveries: `v0=` + hex
 * HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the app's signing secret. Bolt verifies it
 * on the way in; this module produces it for the load probe and for tests that play Slack.
 */
import { createHmac } from 'node:crypto';

export function signSlackRequest(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The two headers a signed delivery carries, for `timestamp` in Unix seconds (now by default). */
export function slackSignatureHeaders(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlackRequest(secret, timestamp, rawBody) };
}
