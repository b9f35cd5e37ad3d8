/**
 * End to end over the real core: a Teams activity in, the real index of corpus/ answering, the
 * rendered Teams reply out to the fake connector.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Answer, Assistant } from '../../src/core/answer.js';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { MAX_ABSTRACT_CHARS, MAX_NAME_CHARS } from '../../src/chat/teams/render-activity.js';
import { createTeamsSurface } from '../../src/chat/teams/teams-surface.js';
import { startFakeTeamsConnector } from '../helpers/fake-teams-connector.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('Teams surface over the real core', () => {
  it('answers a corpus question with Teams citations that match the answer', async () => {
    const core = await getTestAssistant();
    const answers: Answer[] = [];
    const assistant: Assistant = {
      ...core,
      ask: async (question, context) => {
        const answer = await core.ask(question, context);
        answers.push(answer);
        return answer;
      },
    };
    tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-teams-e2e-'));
    const connector = await startFakeTeamsConnector();
    const surface = createTeamsSurface({
      assistant,
      settings: loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      logger: pino({ level: 'silent' }),
      feedbackLog: new FeedbackLog(path.join(tmp, 'feedback.jsonl')),
      allowUnauthenticated: true,
      host: '127.0.0.1',
    });
    try {
      await surface.start(0);
      const response = await fetch(surface.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(30_000),
        body: JSON.stringify({
          type: 'message',
          id: 'e2e-1',
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          from: { id: '29:e2e-user', name: 'Testeur', aadObjectId: 'e2e-aad' },
          recipient: { id: '28:alinea-bot', name: 'Alinéa' },
          conversation: { id: 'a:e2e-conversation', conversationType: 'personal' },
          text: 'Quels sont les quartiers prioritaires de la CABBALR ?',
        }),
      });
      expect(response.status).toBe(200);
      const reply = (await connector.waitForMessages(1, 30_000))[0]!;
      expect(answers).toHaveLength(1);
      const answer = answers[0]!;
      const text = String(reply.body.text);
      const entity = reply.body.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
      expect(entity.additionalType).toContain('AIGeneratedContent');
      const claims: { position: number; appearance: { name: string; abstract: string } }[] = entity.citation ?? [];
      // The corpus answers this question: a refusal here is a regression of the core.
      expect(answer.refused).toBe(false);
      expect(claims.length).toBeGreaterThan(0);
      expect(claims.length).toBeLessThanOrEqual(answer.citations.length);
      const markers = new Set([...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
      expect(new Set(claims.map((claim) => claim.position))).toEqual(markers);
      const titles = new Set(core.documents.map((doc) => doc.short_title));
      for (const claim of claims) {
        const citation = answer.citations.find((c) => c.n === claim.position);
        expect(citation).toBeDefined();
        expect(claim.appearance.name.length).toBeLessThanOrEqual(MAX_NAME_CHARS);
        expect(claim.appearance.abstract.length).toBeLessThanOrEqual(MAX_ABSTRACT_CHARS);
        if (citation!.docTitle.length <= MAX_NAME_CHARS) {
          expect(claim.appearance.name).toBe(citation!.docTitle);
          expect(titles.has(claim.appearance.name)).toBe(true);
        }
      }
    } finally {
      await surface.stop();
      await connector.close();
    }
  });
});
