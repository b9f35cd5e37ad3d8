import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/core/answer.js';
import { citationAbstract, MAX_ABSTRACT_CHARS, MAX_KEYWORD_CHARS, MAX_NAME_CHARS, renderActivity, renderTeamsReply, shortBreadcrumb, truncate } from '../../src/chat/teams/render-activity.js';
import { questionFromActivity } from '../../src/chat/teams/inbound.js';

function citation(n: number, overrides: Partial<Citation> = {}): Citation {
  return {
    n,
    chunkId: `contrat-${n}.pdf#${n}`,
    file: `contrat-${n}.pdf`,
    docTitle: `Contrat de ville ${n} 2024-2030`,
    breadcrumb: ['Annexe 2', `Objectif ${n}`],
    span: { lineStart: n * 10, lineEnd: n * 10 + 3, pageStart: n, pageEnd: n },
    spanLabel: `p. ${n}`,
    quote: `Passage ${n} qui soutient la réponse.`,
    ...overrides,
  };
}

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: 'Quels quartiers ?',
    text: 'Les quartiers prioritaires sont **trois** [1]. Leur population dépasse 10 000 habitants [2].',
    citations: [citation(1), citation(2)],
    refused: false,
    kind: 'list',
    mode: 'extractive',
    timings: { retrieveMs: 1, composeMs: 1, totalMs: 2 },
    ...overrides,
  };
}

const LONG_QUOTE =
  "Le contrat de ville engage l'État, les collectivités et leurs partenaires à mobiliser le droit commun en faveur des habitants des quartiers prioritaires, " +
  "avec une attention particulière à l'emploi des jeunes, à la réussite éducative, à la santé et au cadre de vie, sur toute la durée 2024-2030.";

describe('truncate', () => {
  it('keeps short text and cuts long text at a word with an ellipsis', () => {
    expect(truncate('  court  texte ', 20)).toBe('court texte');
    const cut = truncate(LONG_QUOTE, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut.endsWith('…')).toBe(true);
    expect(LONG_QUOTE.startsWith(cut.slice(0, -1))).toBe(true);
  });
});

describe('citation abstracts', () => {
  it('puts the breadcrumb then the quote, within 160 characters', () => {
    const abstract = citationAbstract(citation(1, { quote: LONG_QUOTE }));
    expect(abstract.length).toBeLessThanOrEqual(MAX_ABSTRACT_CHARS);
    expect(abstract.startsWith('Annexe 2 › Objectif 1 — « Le contrat de ville')).toBe(true);
    expect(abstract.endsWith('… »')).toBe(true);
  });

  it('shortens a deep breadcrumb from the top, keeping the deepest heading', () => {
    const deep = [
      'Partie 1 : Un contrat de ville pour les quartiers prioritaires de la politique de la ville',
      'Chapitre 3 : Les engagements des partenaires signataires',
      'Objectif 19 : Favoriser l’accès à l’emploi',
    ];
    const crumb = shortBreadcrumb(deep);
    expect(crumb.length).toBeLessThanOrEqual(70);
    expect(crumb).toContain('Objectif 19');
    expect(crumb.startsWith('… › ')).toBe(true);
    const abstract = citationAbstract(citation(1, { breadcrumb: deep, quote: LONG_QUOTE }));
    expect(abstract.length).toBeLessThanOrEqual(MAX_ABSTRACT_CHARS);
    expect(abstract).toContain('«');
  });

  it('does not repeat a heading the quote already opens with', () => {
    const abstract = citationAbstract(citation(1, { breadcrumb: ['Annexe 2', 'Les quartiers prioritaires'], quote: 'Les quartiers prioritaires sont au nombre de 23.' }));
    expect(abstract).toBe('Annexe 2 — « Les quartiers prioritaires sont au nombre de 23. »');
  });

  it('works without breadcrumb or without quote', () => {
    expect(citationAbstract(citation(1, { breadcrumb: [] }))).toBe('« Passage 1 qui soutient la réponse. »');
    expect(citationAbstract(citation(1, { quote: '  ' }))).toBe('Annexe 2 › Objectif 1');
  });
});

describe('renderTeamsReply', () => {
  it('links every [n] marker to a claim at position n, with bounded names and abstracts', () => {
    const long = answer({
      citations: [
        citation(1, { docTitle: 'Contrat de ville de la Communauté d’agglomération de Béthune-Bruay, Artois-Lys Romane 2024-2030 (signé)', quote: LONG_QUOTE }),
        citation(2, { quote: LONG_QUOTE, breadcrumb: ['Une section au titre particulièrement long pour un mot-clé'] }),
      ],
    });
    const reply = renderTeamsReply(long);
    const markers = [...reply.text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(new Set(markers)).toEqual(new Set(reply.citations.map((claim) => claim.position)));
    expect(reply.citations.map((claim) => claim.position)).toEqual([1, 2]);
    for (const claim of reply.citations) {
      expect(claim.appearance.name.length).toBeLessThanOrEqual(MAX_NAME_CHARS);
      expect(claim.appearance.abstract.length).toBeLessThanOrEqual(MAX_ABSTRACT_CHARS);
      expect(claim.appearance.keywords!.length).toBeLessThanOrEqual(3);
      for (const keyword of claim.appearance.keywords!) expect(keyword.length).toBeLessThanOrEqual(MAX_KEYWORD_CHARS);
    }
    expect(reply.citations[0]!.appearance.name.endsWith('…')).toBe(true);
    expect(reply.citations[0]!.appearance.icon).toBe('PDF');
    // Markdown bold survives: Teams renders it.
    expect(reply.text).toContain('**trois**');
  });

  it('never emits more claims than the answer has, and drops markers without a citation', () => {
    const reply = renderTeamsReply(answer({ text: 'Un fait [1], un autre [3].', citations: [citation(1), citation(2)] }));
    expect(reply.citations.map((claim) => claim.position)).toEqual([1]);
    expect(reply.text).toBe('Un fait [1], un autre.');
  });

  it('gives a refusal no claims but lists the closest sections under « À consulter »', () => {
    const reply = renderTeamsReply(answer({ refused: true, text: 'Le corpus ne permet pas de répondre [1].', citations: [citation(1), citation(2)] }));
    expect(reply.citations).toEqual([]);
    expect(reply.text).not.toMatch(/\[\d+\]/);
    expect(reply.text).toContain('À consulter');
    expect(reply.text).toContain('Contrat de ville 1 2024-2030 — Annexe 2 › Objectif 1, p. 1');
    expect(reply.text).toContain('Contrat de ville 2 2024-2030');
  });

  it('adds no « À consulter » to a refusal without suggestions', () => {
    const reply = renderTeamsReply(answer({ refused: true, text: 'Le corpus ne permet pas de répondre.', citations: [] }));
    expect(reply.text).toBe('Le corpus ne permet pas de répondre.');
  });
});

describe('renderActivity', () => {
  it('builds a message with the AI label, feedback and a schema.org Message entity', () => {
    const activity = JSON.parse(JSON.stringify(renderActivity(answer())));
    expect(activity.type).toBe('message');
    expect(activity.channelData.feedbackLoop).toEqual({ type: 'default' });
    const entities = activity.entities.filter((entity: { type: string }) => entity.type === 'https://schema.org/Message');
    expect(entities).toHaveLength(1);
    expect(entities[0]['@type']).toBe('Message');
    expect(entities[0].additionalType).toContain('AIGeneratedContent');
    expect(entities[0].citation.map((claim: { position: number }) => claim.position)).toEqual([1, 2]);
    expect(entities[0].citation[0].appearance['@type']).toBe('DigitalDocument');
  });
});

describe('questionFromActivity', () => {
  it("removes the bot's mention and keeps other people's names", () => {
    const question = questionFromActivity({
      text: '<at>Alinéa</at>&nbsp;que prévoit le contrat pour <at>Marie</at> ?',
      recipient: { id: '28:bot', name: 'Alinéa', role: 'bot' },
      entities: [
        { type: 'mention', text: '<at>Alinéa</at>', mentioned: { id: '28:bot', name: 'Alinéa' } },
        { type: 'mention', text: '<at>Marie</at>', mentioned: { id: '29:marie', name: 'Marie' } },
      ] as never,
    });
    expect(question).toBe('que prévoit le contrat pour Marie ?');
  });
});

describe('links to the web reader', () => {
  const link = (c: Pick<Citation, 'chunkId'>) => `https://alinea.exemple.fr/?passage=${encodeURIComponent(c.chunkId)}`;

  it('makes each claim’s name a link to its passage, the quote kept in the abstract', () => {
    const activity = JSON.parse(JSON.stringify(renderActivity(answer(), link)));
    const entity = activity.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message') as { citation: { appearance: { url?: string; abstract: string } }[] };
    expect(entity.citation.map((claim) => claim.appearance.url)).toEqual(['https://alinea.exemple.fr/?passage=contrat-1.pdf%231', 'https://alinea.exemple.fr/?passage=contrat-2.pdf%232']);
    expect(entity.citation[0]!.appearance.abstract).toContain('Passage 1 qui soutient la réponse.');
  });

  it('links the sections suggested under a refusal', () => {
    const reply = renderTeamsReply(answer({ refused: true, text: 'Le corpus ne permet pas de répondre [1].', citations: [citation(1, { docTitle: 'Contrat [v2]' })] }), link);
    expect(reply.text).toContain('- [Contrat  v2 ](https://alinea.exemple.fr/?passage=contrat-1.pdf%231) — Annexe 2 › Objectif 1, p. 1');
    expect(reply.citations).toEqual([]);
  });
});
