/**
 * A stand-in, on 127.0.0.1, for the Microsoft login endpoints a Teams bot talks to (the server
 * points the Teams SDK at it with TEAMS_TEST_LOGIN_URL, accepted only with NODE_ENV=test and on
 * loopback; used by the tests, through tests/helpers/fake-bot-login.ts, and by the burst bench):
 * - the Bot Framework's OpenID document and signing keys (`/v1/.well-known/openidconfiguration`,
 *   `/v1/.well-known/keys`), which the SDK's validator reads to check the token of every activity;
 * - Entra's token endpoint (`/<tenant>/oauth2/v2.0/token`, client credentials), where the bot gets
 *   the token it posts its replies with.
 * Tokens are real RS256 JWTs signed with a key pair generated here. `connectorToken` is what the
 * Bot Connector sends with an activity; the other makers give tokens the check must refuse.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Bot Framework's token issuer (the SDK's PUBLIC cloud `tokenIssuer`). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface ConnectorClaims {
  /** The bot's client id (TEAMS_CLIENT_ID): the token's audience. */
  audience: string;
  /** The activity's serviceUrl (the connector stand-in's). */
  serviceUrl: string;
}

export interface FakeBotLogin {
  /** Base URL, for TEAMS_TEST_LOGIN_URL. */
  url: string;
  /** A token as the Bot Connector signs it. */
  connectorToken(claims: ConnectorClaims): string;
  /** The same claims and key id, signed by a key the keys document does not hold. */
  forgedToken(claims: ConnectorClaims): string;
  /** The same claims, not signed at all (`alg: none`). */
  unsignedToken(claims: ConnectorClaims): string;
  /** Signed by the right key, but expired an hour ago. */
  expiredToken(claims: ConnectorClaims): string;
  /** Tokens the token endpoint gave the bot, oldest first. */
  issued: string[];
  /** Every request received (method and path), for failure messages. */
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject | undefined): string {
  const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${signed}.${key ? sign('RSA-SHA256', Buffer.from(signed), key).toString('base64url') : ''}`;
}

export async function startFakeBotLogin(options: { clientId: string; clientSecret: string }): Promise<FakeBotLogin> {
  const kid = 'alinea-test-key';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const issued: string[] = [];
  const requests: { method: string; path: string }[] = [];
  const now = () => Math.floor(Date.now() / 1000);
  const claimsOf = ({ audience, serviceUrl }: ConnectorClaims, lifetime = 3600) => ({
    iss: BOT_FRAMEWORK_ISSUER,
    aud: audience,
    serviceurl: serviceUrl,
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + lifetime,
  });
  let url = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push({ method: req.method ?? '', path });
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
        json(200, { issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      } else if (req.method === 'GET' && path === '/v1/.well-known/keys') {
        json(200, { keys: [jwk] });
      } else if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
          json(401, { error: 'invalid_client' });
          return;
        }
        const token = jwt(
          { alg: 'RS256', typ: 'JWT', kid },
          { iss: `${url}${path.split('/oauth2')[0]}/v2.0`, aud: BOT_FRAMEWORK_ISSUER, appid: options.clientId, iat: now(), nbf: now(), exp: now() + 3600 },
          privateKey,
        );
        issued.push(token);
        json(200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
      } else {
        json(404, { error: 'not faked' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    connectorToken: (claims) => jwt({ alg: 'RS256', typ: 'JWT', kid }, claimsOf(claims), privateKey),
    forgedToken: (claims) => jwt({ alg: 'RS256', typ: 'JWT', kid }, claimsOf(claims), other),
    unsignedToken: (claims) => jwt({ alg: 'none', typ: 'JWT' }, claimsOf(claims), undefined),
    expiredToken: (claims) => jwt({ alg: 'RS256', typ: 'JWT', kid }, claimsOf(claims, -3600), privateKey),
    issued,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
