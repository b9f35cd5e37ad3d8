/**
 * The web chat in a real headless Chromium (Debian's, driven by playwright-core): ask, read the
 * answer, open a citation, follow up, give feedback, and check the page on a 375 px phone.
 * Uses the real core over corpus/ when tests/helpers/test-assistant.ts exists, else the
 * scripted double. Screenshots go to test-output/ for a human look.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer, AskContext, Assistant } from '../../src/core/answer.js';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { createLogger } from '../../src/chat/logger.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { readerLinks } from '../../src/chat/reader-link.js';
import { memoryStore } from '../../src/chat/store/open-store.js';
import { chunkSentences } from '../../src/answer/used-sentences.js';
import { PASSAGE_CHUNKS, PASSAGE_DOCUMENTS } from '../helpers/passage-fixtures.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[web-browser] ${CHROMIUM} absent : test du navigateur ignoré (apt-get install chromium).`);

const TEST_ASSISTANT = path.resolve('tests/helpers/test-assistant.ts');
const OUTPUT = path.resolve('test-output');
/** axe-core's browser build, evaluated in the page to check accessibility (WCAG rules, as RGAA uses them). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OBJECTIVE_18 = "Quels dispositifs sont mobilisables pour l'objectif #18 ?";

/** Citations of the scripted core pointed at the passage fixtures: [1] a text section, [2] a PDF's pages. */
function fixtureCitations(answer: Answer): Answer['citations'] {
  return answer.citations.map((citation) =>
    citation.n === 1
      ? // The answer used the lead-in and the first condition (sentences 1 and 2 of the passage's body).
        { ...citation, chunkId: 'doc-1.txt#1', file: 'doc-1.txt', span: { lineStart: 10, lineEnd: 15 }, spanLabel: 'l. 10-15', sentences: [1, 2] }
      : { ...citation, chunkId: 'doc-2.pdf#2', file: 'doc-2.pdf', breadcrumb: ['Titre II', 'Article 4'], span: { lineStart: 20, lineEnd: 24, pageStart: 3, pageEnd: 4 }, spanLabel: 'p. 3-4' },
  );
}

/**
 * A scripted core whose answers use every rendering feature (bold, list, [n]) and try to inject
 * markup, so escaping is checked in the browser; « météo » gives a refusal with sections to read.
 */
function createRichAssistant() {
  const base = createScriptedAssistant();
  /** Questions with « panne » fail the first time they are asked (to retry them). */
  const failedOnce = new Set<string>();
  const rich: Assistant & { calls: typeof base.calls } = {
    ...base,
    documents: PASSAGE_DOCUMENTS,
    chunks: PASSAGE_CHUNKS,
    calls: base.calls,
    async ask(question: string, context?: AskContext): Promise<Answer> {
      const answer = { ...(await base.ask(question, context)) };
      if (question.includes('panne') && !failedOnce.has(question)) {
        failedOnce.add(question);
        throw new Error('scripted failure, once');
      }
      answer.citations = fixtureCitations(answer);
      const turn = (context?.history?.length ?? 0) + 1;
      if (question.includes('météo')) {
        return {
          ...answer,
          refused: true,
          text: 'Les documents couverts ne permettent pas de répondre à cette question. Les sections ci-dessous sont les plus proches.',
        };
      }
      return {
        ...answer,
        text: [
          `**Réponse ${turn}** à « ${question} » :`,
          '- le **Plan de déplacements urbains** [1]',
          '- un <img src="x" onerror="window.__pwned = 1"> dispositif <b>non gras</b> [2]',
          'Voir aussi [9] qui ne correspond à aucune source.',
        ].join('\n'),
      };
    },
  };
  return rich;
}

async function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

async function startServer(assistant: Assistant, feedbackFile: string): Promise<RunningServer> {
  const settings = loadSettings({ LOG_LEVEL: 'silent', FEEDBACK_LOG: feedbackFile });
  const server = createServer({ assistant, settings, logger: createLogger(settings), feedbackLog: new FeedbackLog(feedbackFile) });
  return server.listen(0, '127.0.0.1');
}

/** Types a question, presses Enter and returns the JSON the page received. */
async function askInPage(page: Page, question: string): Promise<Answer & { conversationId: string }> {
  await page.locator('#question').fill(question);
  const responsePromise = page.waitForResponse((response) => response.url().endsWith('/api/ask'), { timeout: 60_000 });
  await page.locator('#question').press('Enter');
  const response = await responsePromise;
  expect(response.status()).toBe(200);
  const payload = await response.json();
  await page.locator('.message-pending').waitFor({ state: 'detached' });
  return payload;
}

/** Text with runs of white space as one space (how innerText and chunk text compare). */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function noHorizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

describe('web chat in Chromium', () => {
  // Skipped with its reason, which the run's last line repeats (tests/helpers/skip-summary-reporter.ts).
  beforeEach((context) => {
    if (!hasChromium) context.skip('Chromium absent (apt-get install chromium)');
  });

  let tmp: string;
  let browser: Browser;
  let mainServer: RunningServer;
  let richServer: RunningServer;
  let usesRealCore = false;
  let mainAssistant: Assistant;
  const rich = createRichAssistant();

  beforeAll(async () => {
    if (!hasChromium) return;
    tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-web-'));
    await mkdir(OUTPUT, { recursive: true });
    mainAssistant = rich;
    if (existsSync(TEST_ASSISTANT)) {
      const module = await import(pathToFileURL(TEST_ASSISTANT).href);
      mainAssistant = await module.getTestAssistant();
      usesRealCore = true;
    } else {
      console.warn('[web-browser] tests/helpers/test-assistant.ts absent : cœur scripté utilisé.');
    }
    mainServer = await startServer(mainAssistant, path.join(tmp, 'feedback-main.jsonl'));
    richServer = await startServer(rich, path.join(tmp, 'feedback-rich.jsonl'));
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await mainServer?.close();
    await richServer?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('asks a question, shows the answer and opens a cited passage with its breadcrumb', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(mainServer.url);
    await expect(page.title()).resolves.toContain('Alinéa');
    await page
      .locator('#documents-count')
      .filter({ hasText: /\(\d+\)/ })
      .waitFor();

    const answer = await askInPage(page, OBJECTIVE_18);
    const shown = page.locator('.message-assistant').last();
    if (usesRealCore) await expect(shown.innerText()).resolves.toContain('Plan de déplacements urbains');
    else await expect(shown.innerText()).resolves.toContain(`Réponse 1`);
    expect(answer.citations.length).toBeGreaterThan(0);

    // The [1] marker opens the whole cited node, its document and where it lies.
    const first = answer.citations.find((citation) => citation.n === 1)!;
    const marker = shown.locator('.answer-text .cite[data-n="1"]').first();
    await marker.click();
    const dialog = page.locator('#source-dialog');
    await dialog.waitFor({ state: 'visible' });
    await expect(dialog.locator('#source-title').innerText()).resolves.toBe(first.docTitle);
    const expectedLocation = first.span.pageStart !== undefined ? /^Pages? \d+/ : first.breadcrumb.length > 0 ? `Section : ${first.breadcrumb.join(' › ')}` : 'Début du document';
    if (typeof expectedLocation === 'string') await expect(dialog.locator('#source-location').innerText()).resolves.toBe(expectedLocation);
    else await expect(dialog.locator('#source-location').innerText()).resolves.toMatch(expectedLocation);
    await dialog.locator('.passage-cited .passage-cited-label').waitFor();
    await expect(dialog.locator('.passage-cited').count()).resolves.toBe(1);
    const drawerText = flat((await dialog.locator('#source-text').innerText()) ?? '');
    if (usesRealCore) {
      // Every body line of the cited chunk is in the drawer, not only the quote's first sentence.
      const chunk = (mainAssistant as Assistant).chunks.find((candidate) => candidate.id === first.chunkId)!;
      const body = chunk.text.split('\n').slice(chunk.headingLines ?? 0);
      for (const line of body) expect(drawerText).toContain(flat(line.replace(/^\s*[-•]\s+/, '')));
      expect(drawerText.length).toBeGreaterThanOrEqual(flat(first.quote).replace(/…$/, '').length);
    }
    await expect(dialog.locator('#source-lines').innerText()).resolves.toMatch(/lignes? \d+/);
    // The sources list under the answer names every citation.
    await expect(shown.locator('.sources-list > li').count()).resolves.toBe(answer.citations.length);
    await page.screenshot({ path: path.join(OUTPUT, 'web-desktop-citation.png') });

    // The reader opens the whole document at the cited chunk.
    await dialog.getByRole('button', { name: 'Lire dans le document' }).click();
    const reader = page.locator('#reader-dialog');
    await reader.locator('.passage-cited').waitFor();
    await expect(reader.locator('.reader-toc-item').count()).resolves.toBeGreaterThan(1);
    const textBox = (await reader.locator('#reader-text').boundingBox())!;
    const citedBox = (await reader.locator('.passage-cited').boundingBox())!;
    expect(citedBox.y).toBeGreaterThanOrEqual(textBox.y - 1);
    expect(citedBox.y).toBeLessThan(textBox.y + textBox.height);
    if (usesRealCore) await expect(reader.locator('.passage-cited mark.used').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUTPUT, 'web-desktop-reader-corpus.png') });
    await page.keyboard.press('Escape');
    await reader.waitFor({ state: 'hidden' });
    await marker.click();
    await dialog.waitFor({ state: 'visible' });

    // Escape closes the panel and gives focus back to the marker.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(marker.evaluate((node) => node === document.activeElement)).resolves.toBe(true);

    // A follow-up keeps the conversation id.
    const followUp = await askInPage(page, "Et pour l'objectif #19 ?");
    expect(followUp.conversationId).toBe(answer.conversationId);
    await expect(page.locator('.message-user').count()).resolves.toBe(2);

    await page.screenshot({ path: path.join(OUTPUT, 'web-desktop-thread.png') });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('renders markup safely, sends follow-up history, posts feedback and styles refusals', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(richServer.url);
    // An example chip asks its question.
    const callsBefore = rich.calls.length;
    const chipResponse = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page.locator('.chip', { hasText: 'BOP 147' }).click();
    await chipResponse;
    await page.locator('.message-pending').waitFor({ state: 'detached' });
    expect(rich.calls.at(-1)!.question).toBe("C'est quoi le BOP 147 ?");

    const shown = page.locator('.message-assistant').last();
    await expect(shown.locator('.answer-text strong').first().innerText()).resolves.toBe('Réponse 1');
    await expect(shown.locator('.answer-text li').count()).resolves.toBe(2);
    await expect(shown.locator('img, .answer-text b').count()).resolves.toBe(0);
    await expect(shown.innerText()).resolves.toContain('<img src="x"');
    await expect(shown.innerText()).resolves.toContain('[9]');
    await expect(shown.locator('.answer-text .cite').count()).resolves.toBe(2);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();

    // Shift+Enter makes a new line, Enter sends; the server passes the first turn as history.
    await page.locator('#question').fill('Et ensuite');
    await page.locator('#question').press('Shift+Enter');
    await expect(page.locator('#question').inputValue()).resolves.toBe('Et ensuite\n');
    await page.locator('#question').type('pour 2025 ?');
    await page.locator('#question').press('Enter');
    await page.locator('.message-assistant').nth(1).waitFor();
    await page.locator('.message-pending').waitFor({ state: 'detached' });
    expect(rich.calls.length).toBe(callsBefore + 2);
    expect(rich.calls.at(-1)!.question).toBe('Et ensuite\npour 2025 ?');
    expect(rich.calls.at(-1)!.context?.history?.length).toBe(1);

    // Feedback.
    const feedbackResponse = page.waitForResponse((response) => response.url().endsWith('/api/feedback'));
    await page.locator('.message-assistant').last().getByRole('button', { name: 'Réponse utile', exact: true }).click();
    expect((await feedbackResponse).status()).toBe(201);
    await page.locator('.feedback-status', { hasText: 'Merci' }).waitFor();

    // A refusal is styled apart and lists sections « À consulter ».
    await askInPage(page, 'Quelle météo demain ?');
    const refusal = page.locator('.message-assistant').last();
    await expect(refusal.getAttribute('class')).resolves.toContain('message-refused');
    await expect(refusal.locator('.sources-title').innerText()).resolves.toMatch(/à consulter/i);
    await page.screenshot({ path: path.join(OUTPUT, 'web-desktop-rich.png') });

    // « Nouvelle conversation » empties the thread and starts without history.
    await page.getByRole('button', { name: 'Nouvelle conversation' }).click();
    await expect(page.locator('#thread .message').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('question');
    await askInPage(page, 'Nouvelle question ?');
    expect(rich.calls.at(-1)!.context?.history).toEqual([]);
    await page.close();
  });

  it('shows the whole cited node in the drawer, by section for a text and by page for a PDF', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(richServer.url);
    await askInPage(page, 'Qui peut être adulte-relais ?');
    const shown = page.locator('.message-assistant').last();
    // Under the answer: the section path, and the pages for the PDF; no line numbers.
    const where = await shown.locator('.source-where').allInnerTexts();
    expect(where).toEqual(['Annexe 2 › Objectif #1', 'Titre II › Article 4 · Pages 3 à 4']);

    const dialog = page.locator('#source-dialog');
    await shown.locator('.answer-text .cite[data-n="1"]').first().click();
    await dialog.locator('.passage-cited-label').waitFor();
    await expect(dialog.locator('#source-location').innerText()).resolves.toBe('Section : Annexe 2 › Objectif #1');
    await expect(dialog.locator('#source-breadcrumb').isVisible()).resolves.toBe(false);
    const text = flat(await dialog.locator('#source-text').innerText());
    // The three conditions (not in the quote) and the rest of the shown section.
    for (const condition of ['avoir au moins 26 ans', 'être sans emploi', 'résider dans un quartier prioritaire', 'La convention est signée pour trois ans.']) {
      expect(text).toContain(condition);
    }
    await expect(dialog.locator('.passage-cited li').count()).resolves.toBe(3);
    // The sentences the answer used are highlighted, and only those.
    await expect(dialog.locator('mark.used').allInnerTexts()).resolves.toEqual(['Le poste d’adulte-relais est ouvert sous trois conditions :', 'avoir au moins 26 ans ;']);
    await expect(dialog.locator('.passage-cited').innerText()).resolves.not.toContain('La convention est signée');
    await expect(dialog.locator('#source-lines').innerText()).resolves.toBe(' · lignes 10 à 15 du texte extrait');
    await expect(dialog.locator('#source-status').innerText()).resolves.toBe('');

    // « Lire dans le document »: the reader, its table of contents, the cited chunk in view.
    const opener = shown.locator('.answer-text .cite[data-n="1"]').first();
    await dialog.getByRole('button', { name: 'Lire dans le document' }).click();
    const reader = page.locator('#reader-dialog');
    await reader.locator('.passage-cited').waitFor();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(reader.locator('#reader-title').innerText()).resolves.toBe('Document 1');
    await expect(reader.locator('.reader-toc-item').allInnerTexts()).resolves.toEqual(['Annexe 2', 'Objectif #1', 'Objectif #2']);
    await expect(reader.locator('.passage-part').count()).resolves.toBe(4);
    await expect(reader.locator('.passage-cited').innerText()).resolves.toContain('résider dans un quartier prioritaire');
    await expect(reader.locator('.passage-cited mark.used').count()).resolves.toBe(2);
    await expect(reader.locator('mark.used').count()).resolves.toBe(3); // the two, and the legend's sample
    await expect(reader.locator('#reader-legend').isVisible()).resolves.toBe(true);
    const textBox = (await reader.locator('#reader-text').boundingBox())!;
    const citedBox = (await reader.locator('.passage-cited').boundingBox())!;
    expect(citedBox.y).toBeGreaterThanOrEqual(textBox.y - 1);
    expect(citedBox.y).toBeLessThan(textBox.y + textBox.height);
    // A heading of the table of contents takes the focus to its text.
    await reader.getByRole('button', { name: 'Objectif #2' }).click();
    await expect(page.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toContain('Un autre objectif.');
    await page.screenshot({ path: path.join(OUTPUT, 'web-desktop-reader.png') });
    await page.keyboard.press('Escape');
    await reader.waitFor({ state: 'hidden' });
    await expect(opener.evaluate((node) => node === document.activeElement)).resolves.toBe(true);

    await shown.locator('.answer-text .cite[data-n="2"]').first().click();
    await dialog.locator('.passage-cited-label').waitFor();
    await expect(dialog.locator('#source-location').innerText()).resolves.toBe('Pages 3 à 4');
    await expect(dialog.locator('#source-breadcrumb').innerText()).resolves.toBe('Titre II › Article 4');
    await expect(dialog.locator('#source-text').innerText()).resolves.toContain('à la signature puis au bilan');
    await page.screenshot({ path: path.join(OUTPUT, 'web-desktop-drawer-pdf.png') });
    await page.keyboard.press('Escape');

    await page.close();

    // A passage the server cannot give: the quote stays, and the drawer says why.
    const offline = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await offline.route('**/api/passages/**', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"Passage introuvable"}' }));
    await offline.goto(richServer.url);
    await askInPage(offline, 'Qui peut être adulte-relais ?');
    await offline.locator('.message-assistant .source-button').first().click();
    await offline.locator('#source-status', { hasText: "n'a pas pu être chargé" }).waitFor();
    await expect(offline.locator('#source-text').innerText()).resolves.toBe('Passage cité numéro 1.');
    await offline.close();
  });

  it('opens the reader at the cited node from a Slack or Teams deep link (?passage=…)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 }, reducedMotion: 'reduce' });
    await page.goto(`${richServer.url}/?passage=${encodeURIComponent('doc-1.txt#3')}`);
    const reader = page.locator('#reader-dialog');
    await reader.locator('.passage-cited').waitFor();
    await expect(reader.locator('#reader-title').innerText()).resolves.toBe('Document 1');
    await expect(reader.locator('.passage-cited').innerText()).resolves.toContain('Un autre objectif.');
    const textBox = (await reader.locator('#reader-text').boundingBox())!;
    const citedBox = (await reader.locator('.passage-cited').boundingBox())!;
    expect(citedBox.y).toBeGreaterThanOrEqual(textBox.y - 1);
    expect(citedBox.y).toBeLessThan(textBox.y + textBox.height);
    // Closing the reader leaves the chat ready for a question.
    await page.keyboard.press('Escape');
    await reader.waitFor({ state: 'hidden' });
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('question');
    // An unknown passage says so instead of showing an empty reader.
    await page.goto(`${richServer.url}/?passage=${encodeURIComponent('absent.txt#1')}`);
    await page.locator('#reader-status', { hasText: "Le document n'a pas pu être chargé." }).waitFor();
    await page.close();
  });

  it('opens every citation of 20 answers in the reader at its node, the sentences the answer used highlighted', async () => {
    // The real core's answers to the dev set's first 20 questions it answers, opened as Slack and Teams link them.
    expect(usesRealCore).toBe(true);
    const core = mainAssistant as Assistant;
    const link = readerLinks(mainServer.url)!;
    const chunkById = new Map(core.chunks.map((chunk) => [chunk.id, chunk]));
    const questions = readFileSync(path.resolve('eval/dev.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { question?: string })
      .flatMap((row) => (row.question ? [row.question] : []));
    const answers: Answer[] = [];
    for (const question of questions) {
      if (answers.length === 20) break;
      const answer = await core.ask(question);
      if (!answer.refused) answers.push(answer);
    }
    expect(answers).toHaveLength(20);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    let opened = 0;
    let highlighted = 0;
    for (const [index, answer] of answers.entries()) {
      for (const citation of answer.citations) {
        const chunk = chunkById.get(citation.chunkId)!;
        // Every citation names the sentences the answer used, except under an outline answer (the
        // headings of a numbered family, listed): its text quotes no sentence of the cited chunk.
        const outline = answer.trace?.rules.some((rule) => rule === 'node.outline' || rule === 'node.family-outline') ?? false;
        if (!outline) expect(citation.sentences?.length, `${answer.question} [${citation.n}]`).toBeGreaterThan(0);
        await page.goto(link(citation));
        const reader = page.locator('#reader-dialog');
        const cited = reader.locator('.passage-cited');
        await cited.waitFor();
        // The right node: the cited chunk's body, and it is in view.
        const body = chunk.text
          .split('\n')
          .slice(chunk.headingLines ?? 0)
          .map((line) => line.trim().replace(/^[-•]\s+/, ''))
          .join(' ');
        expect(flat(await cited.innerText())).toContain(flat(body).slice(0, 60));
        const textBox = (await reader.locator('#reader-text').boundingBox())!;
        const citedBox = (await cited.boundingBox())!;
        expect(citedBox.y + citedBox.height).toBeGreaterThan(textBox.y);
        expect(citedBox.y).toBeLessThan(textBox.y + textBox.height);
        // Exactly the sentences the answer used are highlighted, inside the cited node.
        const spans = chunkSentences(chunk);
        const expected = (citation.sentences ?? []).map((n) => chunk.text.slice(spans[n]!.start, spans[n]!.end).replace(/^[-•]\s+/, ''));
        await expect(reader.locator('#reader-text mark.used').count()).resolves.toBe(await cited.locator('mark.used').count());
        expect(flat((await cited.locator('mark.used').allInnerTexts()).join(' '))).toBe(flat(expected.join(' ')));
        if (expected.length > 0) {
          highlighted += 1;
          const firstMark = (await cited.locator('mark.used').first().boundingBox())!;
          expect(firstMark.y).toBeGreaterThanOrEqual(textBox.y - 1);
          expect(firstMark.y).toBeLessThan(textBox.y + textBox.height);
        }
        if (citation.n === 1) await page.screenshot({ path: path.join(OUTPUT, `reader-highlight-${String(index + 1).padStart(2, '0')}.png`) });
        opened += 1;
      }
    }
    expect(opened).toBeGreaterThanOrEqual(20);
    // Outline answers are the exception, not the rule.
    expect(highlighted).toBeGreaterThanOrEqual(opened - 2);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('copies an answer and its sources as plain text (« Copier »)', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce', permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(richServer.url);
    await askInPage(page, 'Qui peut être adulte-relais ?');
    const shown = page.locator('.message-assistant').last();
    await shown.getByRole('button', { name: 'Copier la réponse et ses sources' }).click();
    await shown.locator('.feedback-status', { hasText: 'Réponse et sources copiées.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(
      [
        'Question : Qui peut être adulte-relais ?',
        '',
        'Réponse 1 à « Qui peut être adulte-relais ? » :',
        '- le Plan de déplacements urbains [1]',
        '- un <img src="x" onerror="window.__pwned = 1"> dispositif <b>non gras</b> [2]',
        'Voir aussi [9] qui ne correspond à aucune source.',
        '',
        'Sources :',
        '[1] Document 1 › Annexe 2 › Objectif #1 — l. 10-15',
        '[2] Document 2 › Titre II › Article 4 — p. 3-4',
      ].join('\n'),
    );
    await context.close();
  });

  it('retries a failed answer in place, and restores the conversation after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(richServer.url);
    const callsBefore = rich.calls.length;
    // The core fails once on this question: a French error, with « Réessayer ».
    await page.locator('#question').fill('Question en panne ?');
    const failed = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page.locator('#question').press('Enter');
    expect((await failed).status()).toBe(500);
    const error = page.locator('.message-error');
    await error.waitFor();
    await expect(error.getAttribute('role')).resolves.toBe('alert');
    await expect(error.innerText()).resolves.toContain('Une erreur interne a empêché de répondre');
    const retry = error.getByRole('button', { name: /^Réessayer/ });
    await retry.focus();
    const retried = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page.keyboard.press('Enter');
    expect((await retried).status()).toBe(200);
    await page.locator('.message-pending').waitFor({ state: 'detached' });
    // The same question was sent again; the thread holds it once, with its answer in place of the error.
    expect(rich.calls.slice(callsBefore).map((call) => call.question)).toEqual(['Question en panne ?', 'Question en panne ?']);
    await expect(page.locator('.message-error').count()).resolves.toBe(0);
    await expect(page.locator('.message-user').count()).resolves.toBe(1);
    await expect(page.locator('.message-assistant').last().innerText()).resolves.toContain('Réponse 1 à « Question en panne ? »');
    // The focus went to the new answer's first action, not lost to the page.
    await expect(page.evaluate(() => document.activeElement?.closest('.message-assistant') !== null)).resolves.toBe(true);

    // A second question fails (server unreachable), then the page is reloaded.
    await page.route('**/api/ask', (route) => route.abort());
    await page.locator('#question').fill('Et la suite ?');
    await page.locator('#question').press('Enter');
    await page.locator('.message-error', { hasText: 'injoignable' }).waitFor();
    await page.unroute('**/api/ask');
    const before = await page.locator('#thread').innerText();
    await page.reload();
    await page.locator('#thread .message-user').nth(1).waitFor();
    await expect(page.locator('#thread .message-user').count()).resolves.toBe(2);
    await expect(page.locator('#thread').innerText()).resolves.toBe(before);
    await expect(page.locator('#welcome').getAttribute('class')).resolves.toContain('welcome-compact');
    // Restored citations still open their passage.
    await page.locator('.message-assistant .answer-text .cite[data-n="1"]').first().click();
    await page.locator('#source-dialog .passage-cited-label').waitFor();
    await page.keyboard.press('Escape');
    // The restored error can be retried: same conversation, so the server passes the first turn as history.
    const again = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page
      .locator('.message-error')
      .getByRole('button', { name: /^Réessayer/ })
      .click();
    expect((await again).status()).toBe(200);
    await page.locator('.message-pending').waitFor({ state: 'detached' });
    expect(rich.calls.at(-1)!.question).toBe('Et la suite ?');
    expect(rich.calls.at(-1)!.context?.history?.length).toBe(1);
    await expect(page.locator('.message-error').count()).resolves.toBe(0);

    // « Nouvelle conversation » forgets the thread, also across a reload.
    await page.getByRole('button', { name: 'Nouvelle conversation' }).click();
    await page.reload();
    await page
      .locator('#documents-count')
      .filter({ hasText: /\(\d+\)/ })
      .waitFor();
    await expect(page.locator('#thread .message').count()).resolves.toBe(0);
    await expect(page.evaluate(() => sessionStorage.length)).resolves.toBe(0);
    await page.close();
  });

  it('has no serious or critical axe-core violation with an answer, an error, the drawer and the reader', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 812 },
    ]) {
      const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
      await page.goto(richServer.url);
      await page
        .locator('#documents-count')
        .filter({ hasText: /\(\d+\)/ })
        .waitFor();
      await askInPage(page, 'Qui peut être adulte-relais ?');
      await page.route('**/api/ask', (route) => route.abort());
      await page.locator('#question').fill('Et la suite ?');
      await page.locator('#question').press('Enter');
      await page.locator('.message-error').waitFor();
      await page.unroute('**/api/ask');
      await page.locator('.message-assistant .answer-text .cite[data-n="1"]').first().click();
      await page.locator('#source-dialog .passage-cited-label').waitFor();
      // Injected through the DevTools protocol, not a <script>: the page's CSP stays as served.
      await page.evaluate(AXE_SOURCE);
      const runAxe = () =>
        page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } })
            .axe;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations
            .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
            .map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => JSON.stringify(node.target)) }));
        });
      expect(await runAxe(), `${viewport.width} px, drawer`).toEqual([]);
      await page.getByRole('button', { name: 'Lire dans le document' }).click();
      await page.locator('#reader-dialog .passage-cited').waitFor();
      expect(await runAxe(), `${viewport.width} px, reader`).toEqual([]);
      if (viewport.width < 400) await page.screenshot({ path: path.join(OUTPUT, 'web-mobile-reader.png') });
      // The check can fail: a button without a name in the reader is reported.
      await page.evaluate(() => document.getElementById('reader-text')?.appendChild(document.createElement('button')));
      await expect(runAxe().then((found) => found.map((violation) => violation.id))).resolves.toContain('button-name');
      await page.close();
    }
  });

  it('shows the staff page, in French, behind the admin token, with no serious or critical axe-core violation', async () => {
    const adminToken = 'jeton-equipe-navigateur-0123456789';
    const settings = loadSettings({ LOG_LEVEL: 'silent', ADMIN_TOKEN: adminToken, REVIEW_RETENTION_DAYS: '14' });
    const store = memoryStore();
    await store.review.record({
      kind: 'refusal',
      surface: 'slack',
      question: 'Qui est le maire de Lens ?',
      answer: 'Le corpus ne permet pas de répondre à cette question.',
      sources: ['[1] Contrat › Gouvernance — l. 3-5'],
    });
    await store.review.record({ kind: 'thumbs-down', surface: 'web', question: 'Quels dispositifs pour l’objectif #18 ? <img src=x onerror="window.__pwned=1">', answer: 'Le PDU [1].', sources: [] });
    const staffServer = await createServer({ assistant: rich, settings, logger: createLogger(settings), feedbackLog: { append: async () => undefined }, store }).listen(0, '127.0.0.1');
    try {
      for (const viewport of [
        { width: 1280, height: 900 },
        { width: 375, height: 812 },
      ]) {
        const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
        await page.goto(`${staffServer.url}/equipe`);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
        await page.evaluate(AXE_SOURCE);
        const runAxe = () =>
          page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
            const result = await axe.run(document, { resultTypes: ['violations'] });
            return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);
          });
        expect(await runAxe(), `${viewport.width} px, token form`).toEqual([]);
        // A wrong token: said in French, nothing shown.
        await page.getByLabel("Jeton d'administration").fill('mauvais-jeton');
        await page.keyboard.press('Enter');
        await page.locator('#staff-status', { hasText: "Jeton d'administration absent ou incorrect." }).waitFor();
        await expect(page.locator('#staff-results').isVisible()).resolves.toBe(false);
        // The right token, by keyboard: the list, newest first.
        await page.getByLabel("Jeton d'administration").fill(adminToken);
        await page.keyboard.press('Enter');
        await page.locator('#staff-status', { hasText: 'Liste à jour.' }).waitFor();
        await expect(page.locator('#staff-summary').innerText()).resolves.toBe('1 refus et 1 avis « pas utile », du plus récent au plus ancien (conservés 14 jours).');
        const rows = page.locator('#staff-rows tr');
        await expect(rows.count()).resolves.toBe(2);
        await expect(rows.nth(0).innerText()).resolves.toContain('Pas utile');
        await expect(rows.nth(1).innerText()).resolves.toContain('Qui est le maire de Lens ?');
        await expect(rows.nth(1).innerText()).resolves.toContain('Slack');
        await expect(page.locator('#staff-rows img').count()).resolves.toBe(0);
        await rows.nth(1).locator('summary').click();
        await expect(rows.nth(1).locator('.staff-sources').innerText()).resolves.toBe('[1] Contrat › Gouvernance — l. 3-5');
        expect(await runAxe(), `${viewport.width} px, list`).toEqual([]);
        await page.screenshot({ path: path.join(OUTPUT, `staff-page-${viewport.width}.png`), fullPage: true });
        await page.close();
      }
    } finally {
      await staffServer.close();
    }
  });

  it('is usable by keyboard alone: composer, send, citations, copy, retry', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(richServer.url);
    await page
      .locator('#documents-count')
      .filter({ hasText: /\(\d+\)/ })
      .waitFor();
    // Tab to the composer, type, tab to « Envoyer » and press it.
    const reached = async (selector: string, limit = 40) => {
      for (let i = 0; i < limit; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return true;
      }
      return false;
    };
    await expect(reached('#question')).resolves.toBe(true);
    await page.keyboard.type('Qui peut être adulte-relais ?');
    await expect(reached('#send', 2)).resolves.toBe(true);
    const sent = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page.keyboard.press('Enter');
    await sent;
    await page.locator('.message-pending').waitFor({ state: 'detached' });
    await page.route('**/api/ask', (route) => route.abort());
    await page.locator('#question').focus();
    await page.keyboard.type('Et la suite ?');
    await page.keyboard.press('Enter');
    await page.locator('.message-error').waitFor();
    await page.unroute('**/api/ask');

    // Every control of the thread is in the tab order, from the top of the page.
    await page.locator('.skip-link').focus();
    const seen = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        if (!active || active === document.body) return '';
        return active.id ? `#${active.id}` : `.${[...active.classList].join('.')}`;
      });
      seen.add(name);
    }
    for (const wanted of ['#question', '#send', '.cite', '.source-button', '.copy-button', '.feedback-button', '.button.button-secondary.retry-button']) {
      expect([...seen], wanted).toContain(wanted);
    }

    // A citation opens with Enter, Escape closes it and gives the focus back.
    const cite = page.locator('.answer-text .cite[data-n="2"]').first();
    await cite.focus();
    await page.keyboard.press('Enter');
    await page.locator('#source-dialog .passage-cited-label').waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('source-close');
    await page.keyboard.press('Escape');
    await expect(cite.evaluate((node) => node === document.activeElement)).resolves.toBe(true);

    // Retry with the keyboard.
    await page.locator('.retry-button').focus();
    const retried = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page.keyboard.press('Enter');
    expect((await retried).status()).toBe(200);
    await page.locator('.message-pending').waitFor({ state: 'detached' });
    await expect(page.locator('.message-error').count()).resolves.toBe(0);
    await page.close();
  });

  it('fits a 375 px phone screen without horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    await page.goto(mainServer.url);
    let size = await noHorizontalOverflow(page);
    expect(size.scrollWidth).toBeLessThanOrEqual(size.clientWidth);
    await page.screenshot({ path: path.join(OUTPUT, 'web-mobile-welcome.png') });

    await askInPage(page, OBJECTIVE_18);
    // The answer has the room: the composer (and no keyboard hint) takes at most 12 % of the height.
    const composer = await page.locator('#composer').boundingBox();
    expect(composer!.height).toBeLessThanOrEqual(812 * 0.12);
    await expect(page.locator('#composer-hint').isVisible()).resolves.toBe(false);
    // Sticky at the bottom once the thread is longer than the screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    const sticky = await page.locator('#composer').boundingBox();
    expect(sticky!.y + sticky!.height).toBeLessThanOrEqual(812 + 1);
    expect(sticky!.y).toBeGreaterThanOrEqual(812 * 0.88 - 1);
    await page.locator('#documents summary').click();
    size = await noHorizontalOverflow(page);
    expect(size.clientWidth).toBe(375);
    expect(size.scrollWidth).toBeLessThanOrEqual(size.clientWidth);
    await page.screenshot({ path: path.join(OUTPUT, 'web-mobile-answer.png') });

    await page.locator('.message-assistant .answer-text .cite').first().click();
    await page.locator('#source-dialog').waitFor({ state: 'visible' });
    const box = await page.locator('#source-dialog').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(OUTPUT, 'web-mobile-citation.png') });
    await page.close();
  });
});
