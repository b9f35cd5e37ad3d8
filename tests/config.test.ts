import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../src/config.js';

describe('settings from the environment', () => {
  it('has working defaults and absolute folders', () => {
    const settings = loadSettings({});
    expect(settings.PORT).toBe(3000);
    expect(settings.EMBEDDING_MODEL).toBe('offline');
    expect(path.isAbsolute(settings.corpusDir)).toBe(true);
    expect(settings.indexDir.endsWith('index')).toBe(true);
    expect(settings.LLM_BASE_URL).toBeUndefined();
  });

  it('treats empty optional values as unset', () => {
    const settings = loadSettings({ LLM_BASE_URL: '  ', SLACK_BOT_TOKEN: '' });
    expect(settings.LLM_BASE_URL).toBeUndefined();
    expect(settings.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('rejects an invalid value with a French message naming the variable', () => {
    expect(() => loadSettings({ PORT: 'abc' })).toThrow(SettingsError);
    expect(() => loadSettings({ PORT: 'abc' })).toThrow(/PORT a une valeur invalide \(« abc »\)/);
    expect(() => loadSettings({ LOG_LEVEL: 'bavard' })).toThrow(/LOG_LEVEL/);
  });

  it('takes a Teams login stand-in on this machine only, and never in production', () => {
    expect(loadSettings({ TEAMS_TEST_LOGIN_URL: 'http://127.0.0.1:4100', NODE_ENV: 'test' }).TEAMS_TEST_LOGIN_URL).toBe('http://127.0.0.1:4100');
    expect(() => loadSettings({ TEAMS_TEST_LOGIN_URL: 'http://127.0.0.1:4100', NODE_ENV: 'production' })).toThrow(/TEAMS_TEST_LOGIN_URL .*NODE_ENV=test/);
    // A host whose NODE_ENV was left unset is not a test either.
    expect(() => loadSettings({ TEAMS_TEST_LOGIN_URL: 'http://127.0.0.1:4100', NODE_ENV: 'development' })).toThrow(/TEAMS_TEST_LOGIN_URL .*NODE_ENV=test/);
    expect(() => loadSettings({ TEAMS_TEST_LOGIN_URL: 'https://login.exemple.fr', NODE_ENV: 'test' })).toThrow(/TEAMS_TEST_LOGIN_URL .*127\.0\.0\.1/);
    expect(() => loadSettings({ TEAMS_TEST_LOGIN_URL: 'file:///etc/keys', NODE_ENV: 'test' })).toThrow(/TEAMS_TEST_LOGIN_URL/);
  });

  it('opens the intake port by default (PORT + 1) when Slack in HTTP mode or Teams is configured; off or set, as told', () => {
    const slackHttp = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    const teams = { TEAMS_CLIENT_ID: 'bot', TEAMS_CLIENT_SECRET: 'secret' };
    const resolved = (env: Record<string, string>) => {
      const settings = loadSettings(env);
      return { port: settings.INTAKE_PORT, byDefault: settings.intakeByDefault };
    };
    // Nothing to take in: no intake.
    expect(resolved({})).toEqual({ port: undefined, byDefault: false });
    expect(resolved({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 'secret' })).toEqual({ port: undefined, byDefault: false });
    expect(resolved({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ port: undefined, byDefault: false });
    expect(resolved({ TEAMS_CLIENT_ID: 'bot' })).toEqual({ port: undefined, byDefault: false });
    // Slack over HTTP, or Teams: PORT + 1, or an ephemeral port when PORT is one.
    expect(resolved(slackHttp)).toEqual({ port: 3001, byDefault: true });
    expect(resolved({ ...teams, PORT: '8080' })).toEqual({ port: 8081, byDefault: true });
    expect(resolved({ ...teams, PORT: '0' })).toEqual({ port: 0, byDefault: true });
    expect(resolved({ ...slackHttp, PORT: '65535' })).toEqual({ port: undefined, byDefault: false });
    // A store its thread cannot share: none.
    expect(resolved({ ...slackHttp, STORE_FILE: ':memory:' })).toEqual({ port: undefined, byDefault: false });
    expect(resolved({ ...slackHttp, STORE_FILE: ':memory:', DATABASE_URL: 'postgres://localhost/alinea' })).toEqual({ port: 3001, byDefault: true });
    // Set: as set; off: none.
    expect(resolved({ ...slackHttp, INTAKE_PORT: '4000' })).toEqual({ port: 4000, byDefault: false });
    expect(resolved({ ...slackHttp, INTAKE_PORT: 'off' })).toEqual({ port: undefined, byDefault: false });
    expect(resolved({ ...teams, INTAKE_PORT: ' OFF ' })).toEqual({ port: undefined, byDefault: false });
    expect(resolved({ INTAKE_PORT: '4000' })).toEqual({ port: 4000, byDefault: false });
    expect(() => loadSettings({ ...slackHttp, INTAKE_PORT: 'non' })).toThrow(/INTAKE_PORT a une valeur invalide/);
    expect(() => loadSettings({ ...slackHttp, INTAKE_PORT: '3000' })).toThrow(/INTAKE_PORT .*doit différer de PORT/);
  });
});
