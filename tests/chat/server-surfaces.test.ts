/**
 * startSurfaces mounts the configured surfaces on an already created server (via its `deliveries`
 * router, ahead of the rest) and says what started where. Only 127.0.0.1 is contacted.
 */
import { slackSignatureHeaders } from '../../src/chat/slack/request-signing.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { createLogger } from '../../src/chat/logger.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { startSurfaces, type StartedSurfaces } from '../../src/chat/start-surfaces.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';

const SIGNING_SECRET = 'test-signing-secret';

describe('startSurfaces', () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-surfaces-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  function setup(env: Record<string, string>) {
    const settings = loadSettings({ LOG_LEVEL: 'silent', FEEDBACK_LOG: path.join(tmp, 'feedback.jsonl'), ...env });
    const logger = createLogger(settings);
    const feedbackLog = new FeedbackLog(settings.FEEDBACK_LOG);
    const assistant = createScriptedAssistant();
    const server = createServer({ assistant, settings, logger, feedbackLog });
    return { settings, logger, feedbackLog, assistant, server };
  }

  it('starts nothing without credentials and says so in French', async () => {
    const { settings, logger, feedbackLog, assistant, server } = setup({});
    const surfaces = await startSurfaces({ app: server.deliveries, assistant, settings, logger, feedbackLog });
    expect(surfaces.started).toEqual([]);
    expect(surfaces.lines).toHaveLength(2);
    expect(surfaces.lines[0]).toMatch(/^Slack : non configuré/);
    expect(surfaces.lines[1]).toMatch(/^Teams : non configuré/);
    await surfaces.stop();
  });

  it('reports incomplete Slack credentials without starting it', async () => {
    const { settings, logger, feedbackLog, assistant, server } = setup({ SLACK_BOT_TOKEN: 'xoxb-test' });
    const surfaces = await startSurfaces({ app: server.deliveries, assistant, settings, logger, feedbackLog });
    expect(surfaces.started).toEqual([]);
    expect(surfaces.lines[0]).toMatch(/SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/);
    expect(surfaces.lines.join('\n')).not.toContain('xoxb-test');
  });

  describe('mounted on a running server', () => {
    let running: RunningServer;
    let surfaces: StartedSurfaces;

    beforeAll(async () => {
      const { settings, logger, feedbackLog, assistant, server } = setup({
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
      });
      running = await server.listen(0, '127.0.0.1');
      // Mounted after listen, as the CLI does once the index is loaded.
      surfaces = await startSurfaces({
        app: server.deliveries,
        assistant,
        settings,
        logger,
        feedbackLog,
        slack: { botId: 'B1', botUserId: 'U1', clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/' } },
        teamsAllowUnauthenticated: true,
      });
    });

    afterAll(async () => {
      await surfaces?.stop();
      await running?.close();
    });

    it('says what started where', () => {
      expect(surfaces.started).toEqual(['slack-http', 'teams']);
      expect(surfaces.lines[0]).toContain('/slack/events');
      expect(surfaces.lines[1]).toContain('/api/messages');
    });

    it('routes signed Slack events to Bolt (raw body intact)', async () => {
      const body = JSON.stringify({ type: 'url_verification', challenge: 'défi-123', token: 'x' });
      const signed = slackSignatureHeaders(SIGNING_SECRET, body);
      const timestamp = signed['x-slack-request-timestamp'];
      const response = await fetch(`${running.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed },
        body,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ challenge: 'défi-123' });

      const forged = await fetch(`${running.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': timestamp },
        body,
      });
      expect(forged.status).toBe(401);
    });

    it('routes /api/messages to the Teams surface instead of the 404 handler', async () => {
      const response = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'conversationUpdate' }),
      });
      const text = await response.text();
      expect(text).not.toContain('Ressource introuvable');
      expect(response.status).not.toBe(404);
    });

    it('keeps the web API and the 404 handler working', async () => {
      const ask = await fetch(`${running.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'Toujours là ?' }),
      });
      expect(ask.status).toBe(200);
      expect((await ask.json()).question).toBe('Toujours là ?');
      const missing = await fetch(`${running.url}/nulle-part`);
      expect(missing.status).toBe(404);
    });
  });
});
