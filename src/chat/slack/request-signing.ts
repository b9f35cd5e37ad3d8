/**
 * Slack's request signature, as Slack computes it for HTTP-mode deliveries: `v0=` + hex
 * HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the app's signing secret. The server checks
 * it on the way in (`checkSlackSignature`); `signSlackRequest` produces it for the load probe and
 * for tests that play Slack.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signSlackRequest(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The two headers a signed delivery carries, for `timestamp` in Unix seconds (now by default). */
export function slackSignatureHeaders(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlackRequest(secret, timestamp, rawBody) };
}

/** Slack's replay window: a delivery signed further than this from now is refused. */
export const SLACK_SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

/** `v0=` and 64 hex digits: the only signature Slack sends. */
const SIGNATURE_PATTERN = /^v0=([0-9a-f]{64})$/;

/**
 * Why a delivery's signature does not hold, or undefined when it does: the same rules as Bolt's
 * `verifySlackRequest` (version v0, HMAC of the bytes as sent, timestamp within five minutes), with
 * one HMAC and `timingSafeEqual`. Bolt compares through tsscmp, which draws 32 random bytes and
 * computes two more HMACs per call: during a burst, two thirds of the check's cost, paid on the
 * main thread before each acknowledgement. A timestamp too far in the future is refused too, as
 * Slack advises (Bolt only refuses old ones).
 */
export function checkSlackSignature(
  signingSecret: string,
  rawBody: Buffer | string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  nowMs: number = Date.now(),
): string | undefined {
  if (!signingSecret) return 'no signing secret configured';
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) return 'x-slack-request-timestamp missing or not a number';
  const timestamp = Number(timestampHeader);
  if (Math.abs(Math.floor(nowMs / 1000) - timestamp) > SLACK_SIGNATURE_MAX_AGE_SECONDS) return 'x-slack-request-timestamp more than five minutes from now (stale or replayed)';
  const given = SIGNATURE_PATTERN.exec(signatureHeader ?? '')?.[1];
  if (!given) return 'x-slack-signature missing or not a v0 signature';
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestampHeader}:`).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected) ? undefined : 'signature mismatch';
}
