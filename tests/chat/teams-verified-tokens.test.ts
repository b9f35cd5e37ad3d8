/**
 * The intake's memory of Teams tokens the SDK accepted (teams-door.ts): a token is taken again
 * without a second RSA check only with the serviceUrl it was checked against, and only until its
 * `exp` and for five minutes at most; the memory is bounded.
 */
import type { IToken } from '@microsoft/teams.api';
import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../../src/chat/intake/teams-door.js';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A JWT-shaped string with this `exp` (the signature is the SDK's business, checked before remembering). */
const jwt = (exp: unknown, id = 'a') => `${base64url({ alg: 'RS256' })}.${base64url({ exp, jti: id })}.c2ln`;
const token = (serviceUrl: string): IToken => ({ appId: 'bot', from: 'azure', fromId: '', serviceUrl, isExpired: () => false });
const SERVICE = 'https://smba.trafficmanager.net/emea/';

describe('VerifiedTokens', () => {
  it('gives a remembered token back for its serviceUrl only, until its exp', () => {
    const tokens = new VerifiedTokens();
    // Two minutes left: the exp, not the five-minute bound, ends the entry.
    const exp = Math.floor(Date.now() / 1000) + 120;
    const raw = jwt(exp);
    expect(tokens.get(raw, SERVICE)).toBeUndefined();
    tokens.remember(raw, SERVICE, token(SERVICE));
    expect(tokens.get(raw, SERVICE)?.serviceUrl).toBe(SERVICE);
    expect(tokens.get(raw, 'https://elsewhere.example/')).toBeUndefined();
    expect(tokens.get(jwt(exp, 'b'), SERVICE)).toBeUndefined();
    expect(tokens.get(raw, SERVICE, exp * 1000 - 1)).toBeDefined();
    expect(tokens.get(raw, SERVICE, exp * 1000)).toBeUndefined();
    // Forgotten once expired, even if asked about earlier again.
    expect(tokens.get(raw, SERVICE, exp * 1000 - 1)).toBeUndefined();
  });

  it('checks a long-lived token again after five minutes: a withdrawn signing key stops working then', () => {
    const tokens = new VerifiedTokens();
    const now = Date.now();
    const raw = jwt(Math.floor(now / 1000) + 3600);
    tokens.remember(raw, SERVICE, token(SERVICE), now);
    expect(tokens.get(raw, SERVICE, now + 5 * 60_000 - 1)).toBeDefined();
    expect(tokens.get(raw, SERVICE, now + 5 * 60_000)).toBeUndefined();
  });

  it('does not remember a token without a numeric exp', () => {
    const tokens = new VerifiedTokens();
    for (const raw of [jwt(undefined), jwt('9999999999'), 'not-a-jwt', `${base64url({})}.!!!.x`]) {
      tokens.remember(raw, SERVICE, token(SERVICE));
      expect(tokens.get(raw, SERVICE)).toBeUndefined();
    }
  });

  it('is bounded: past its size the oldest entry is forgotten', () => {
    const tokens = new VerifiedTokens(2);
    const exp = Math.floor(Date.now() / 1000) + 600;
    const [a, b, c] = [jwt(exp, 'a'), jwt(exp, 'b'), jwt(exp, 'c')];
    tokens.remember(a, SERVICE, token(SERVICE));
    tokens.remember(b, SERVICE, token(SERVICE));
    tokens.remember(c, SERVICE, token(SERVICE));
    expect(tokens.get(a, SERVICE)).toBeUndefined();
    expect(tokens.get(b, SERVICE)).toBeDefined();
    expect(tokens.get(c, SERVICE)).toBeDefined();
  });
});
