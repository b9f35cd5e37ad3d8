/** Which sentences of a cited passage an answer used: what the reader highlights. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { chunkSentences, markUsedSentences } from '../../src/answer/used-sentences.js';
import { DEFAULT_TUNING } from '../../src/answer/compose/tuning.js';
import type { Citation } from '../../src/core/answer.js';
import type { Chunk } from '../../src/core/types.js';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { sentenceSpans } from '../../src/lang/fr/sentences.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const texts = (text: string) => sentenceSpans(text).map((span) => text.slice(span.start, span.end));

const chunk = (text: string, headingLines = 0): Chunk => ({
  id: 'c.txt#1',
  file: 'c.txt',
  breadcrumb: ['Objectif #1'],
  headings: ['Objectif #1'],
  sectionId: 'c.txt::1',
  kind: 'text',
  text,
  headingLines,
  lineStart: 1,
  lineEnd: 4,
});

const citation: Citation = { n: 1, chunkId: 'c.txt#1', file: 'c.txt', docTitle: 'Contrat', breadcrumb: ['Objectif #1'], span: { lineStart: 1, lineEnd: 4 }, spanLabel: 'l. 1-4', quote: '' };

describe('sentenceSpans', () => {
  it('cuts after . ! ? … but not after an abbreviation or a list number, and each line apart', () => {
    expect(texts('M. le Préfet signe l’art. 3 du contrat. Il entre en vigueur ! Et ensuite ?\n1. Premier point\n- un élément ;\n\n  Fin…')).toEqual([
      'M. le Préfet signe l’art. 3 du contrat.',
      'Il entre en vigueur !',
      'Et ensuite ?',
      '1. Premier point',
      '- un élément ;',
      'Fin…',
    ]);
  });

  it('keeps citation markers with their sentence', () => {
    expect(texts('Le FIPD finance [1]. La Région aussi [2] [3].')).toEqual(['Le FIPD finance [1].', 'La Région aussi [2] [3].']);
  });
});

describe('chunkSentences', () => {
  it('leaves the heading lines out: the body’s sentences only', () => {
    const passage = chunk('Objectif #1\nLever les freins\nLe PDU organise les transports. Le Pass’Mobil aide les jeunes.', 2);
    expect(chunkSentences(passage).map((span) => passage.text.slice(span.start, span.end))).toEqual(['Le PDU organise les transports.', 'Le Pass’Mobil aide les jeunes.']);
    expect(chunkSentences(chunk('Objectif #1', 1))).toEqual([]);
  });
});

describe('markUsedSentences', () => {
  const passage = chunk('Objectif #1\nLe plan de déplacements urbains organise les transports collectifs. Le Pass’Mobil’Agglo aide les jeunes à passer le permis. La convention dure trois ans.', 1);
  const byId = new Map([[passage.id, passage]]);

  it('marks the sentences whose words the answer holds, quoted or closely paraphrased', () => {
    const [marked] = markUsedSentences(
      { text: 'Les transports collectifs sont organisés par le plan de déplacements urbains [1]. Le Pass’Mobil’Agglo aide les jeunes à passer le permis [1].', refused: false, citations: [citation] },
      byId,
      DEFAULT_TUNING.usedSentenceShare,
    );
    expect(marked!.sentences).toEqual([0, 1]);
  });

  it('marks nothing under a refusal: its sources are suggestions, not claims', () => {
    const [marked] = markUsedSentences({ text: 'La convention dure trois ans.', refused: true, citations: [citation] }, byId, DEFAULT_TUNING.usedSentenceShare);
    expect(marked!.sentences).toBeUndefined();
  });
});

describe('answers of the real core', () => {
  let assistant: LoadedAssistant;
  beforeAll(async () => {
    assistant = await getTestAssistant();
  });

  it('name, for every citation of an answer, sentences of its passage that the answer holds', async () => {
    const byId = new Map(assistant.chunks.map((candidate) => [candidate.id, candidate]));
    for (const question of [
      "Quels dispositifs sont mobilisables pour l'objectif #18 ?",
      'Mon association peut-elle recruter un adulte-relais ?',
      'Combien d’habitants vivent dans les QPV de la CABBALR ?',
    ]) {
      const answer = await assistant.ask(question);
      expect(answer.refused).toBe(false);
      const answerTerms = new Set(analyze(answer.text));
      for (const cited of answer.citations) {
        const spans = chunkSentences(byId.get(cited.chunkId)!);
        expect(cited.sentences?.length, `${question} [${cited.n}]`).toBeGreaterThan(0);
        for (const index of cited.sentences!) {
          const terms = analyze(byId.get(cited.chunkId)!.text.slice(spans[index]!.start, spans[index]!.end));
          expect(terms.filter((term) => answerTerms.has(term)).length / terms.length).toBeGreaterThanOrEqual(DEFAULT_TUNING.usedSentenceShare);
        }
      }
    }
  });
});
