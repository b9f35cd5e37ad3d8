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
});
