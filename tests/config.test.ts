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
});
