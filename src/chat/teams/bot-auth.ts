/**
 * Who the Teams bot is and whom it trusts, in one place: the main port's surface and the intake
 * thread (INTAKE_PORT) build their Teams SDK apps from these, so an activity is authenticated the
 * same way on either port — the SDK's Bot Framework token check (JWT signed by a key of the
 * Bot Framework's OpenID document, audience the bot's client id, issuer the Bot Framework, its
 * `serviceurl` claim equal to the activity's serviceUrl).
 *
 * TEAMS_TEST_LOGIN_URL (tests only: refused unless NODE_ENV=test, by the settings and by the surface)
 * points the SDK at a stand-in on this machine for Microsoft's login endpoints: the signing keys
 * are read from it by the SDK's own validator, and the bot's outgoing token is asked of it.
 * MSAL, which the SDK uses for that token in production, cannot be pointed at a loopback
 * authority (https only, and instance discovery asks login.microsoftonline.com), so in that mode
 * the SDK's token callback does the client-credentials request itself.
 */
import { type CloudEnvironment, PUBLIC, withOverrides } from '@microsoft/teams.api';
import type { Settings } from '../../config.js';

type AuthSettings = Pick<Settings, 'TEAMS_CLIENT_ID' | 'TEAMS_CLIENT_SECRET' | 'TEAMS_TENANT_ID' | 'TEAMS_TEST_LOGIN_URL' | 'NODE_ENV'>;

/** What the SDK needs to check an inbound token; plain data, so it can be handed to the intake thread. */
export interface TeamsInboundAuth {
  clientId: string;
  tenantId?: string;
  /** Only with TEAMS_TEST_LOGIN_URL; otherwise the SDK picks its cloud itself (public, or its CLOUD variable) as it always has. */
  cloud?: CloudEnvironment;
}

/** The inbound check's settings, or undefined when no client id is configured (every request is then refused). */
export function teamsInboundAuth(settings: AuthSettings): TeamsInboundAuth | undefined {
  if (!settings.TEAMS_CLIENT_ID) return undefined;
  // Also refused by the settings and the surface; a third check where the keys' address is chosen.
  if (testLoginRefused(settings)) throw new Error('TEAMS_TEST_LOGIN_URL is accepted only with NODE_ENV=test');
  return {
    clientId: settings.TEAMS_CLIENT_ID,
    ...(settings.TEAMS_TENANT_ID ? { tenantId: settings.TEAMS_TENANT_ID } : {}),
    ...(settings.TEAMS_TEST_LOGIN_URL ? { cloud: standInCloud(settings.TEAMS_TEST_LOGIN_URL) } : {}),
  };
}

/** Microsoft's public cloud with its login endpoints replaced by the stand-in's. */
function standInCloud(loginUrl: string): CloudEnvironment {
  const base = loginUrl.replace(/\/+$/, '');
  // The SDK derives the keys' address from this one (…/openidconfiguration → …/keys).
  return withOverrides(PUBLIC, { openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`, loginEndpoint: base });
}

/** How the bot obtains its outgoing token: the client secret through MSAL, or the stand-in's token endpoint in tests. */
export type TeamsOutboundCredentials = { clientSecret?: string } | { token: (scope: string | string[], tenantId?: string) => Promise<string> };

export function teamsOutboundCredentials(settings: AuthSettings): TeamsOutboundCredentials {
  const loginUrl = settings.TEAMS_TEST_LOGIN_URL;
  const clientId = settings.TEAMS_CLIENT_ID;
  const secret = settings.TEAMS_CLIENT_SECRET;
  if (!loginUrl || !clientId || !secret) return { clientSecret: secret };
  const base = loginUrl.replace(/\/+$/, '');
  return {
    async token(scope, tenantId) {
      const response = await fetch(`${base}/${encodeURIComponent(tenantId ?? PUBLIC.loginTenant)}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: Array.isArray(scope) ? scope.join(' ') : scope }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`token refused by the login stand-in (${response.status})`);
      const { access_token: token } = (await response.json()) as { access_token?: unknown };
      if (typeof token !== 'string') throw new Error('no access_token from the login stand-in');
      return token;
    },
  };
}

/** The stand-in serves tests only (NODE_ENV=test): anywhere else it would let whoever runs it sign Teams requests. */
export function testLoginRefused(settings: AuthSettings): boolean {
  return settings.TEAMS_TEST_LOGIN_URL !== undefined && settings.NODE_ENV !== 'test';
}
