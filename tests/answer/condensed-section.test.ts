/**
 * A section asked whole (« que prévoit l'article 4 ? ») too long to show whole is condensed to its
 * shape (answer.condensed): each paragraph's first sentence, marked « […] » when more follows,
 * every item kept, cut to its opening words only as far as the message needs. Generated: every
 * article of a code-like text whose items overflow the message, in several phrasings.
 */
import { describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const LONG_SENTENCE = (topic: string) =>
  `Le présent article fixe les conditions dans lesquelles ${topic} est mis en œuvre par les communes et leurs groupements, dans le respect des orientations du contrat de ville et des engagements pris par l'ensemble des signataires au titre de la période considérée.`;

const ARTICLES = [
  {
    number: 4,
    topic: 'le fonds de participation des habitants',
    items: [
      'les fêtes de quartier',
      'les ateliers de jardinage',
      'les sorties culturelles',
      'les chantiers de jeunes',
      'les repas partagés',
      'les tournois sportifs',
      'les expositions de photographies',
      'les journaux de quartier',
      'les ateliers de réparation',
      'les bourses aux vêtements',
    ],
  },
  {
    number: 7,
    topic: 'le programme de médiation sociale',
    items: [
      'la présence dans les halls',
      'l’accompagnement des familles',
      'la veille auprès des écoles',
      'la gestion des conflits de voisinage',
      'l’orientation vers les services',
      'le lien avec les bailleurs',
      'les permanences du samedi',
      'les maraudes de soirée',
    ],
  },
];

const SHARED_PREFIX_ITEMS = Array.from(
  { length: 10 },
  (_, at) => `la commune transmet au comité de pilotage le bilan détaillé, certifié et signé de l'action financée pour la ligne budgétaire ${at + 1} ;`,
);

const FILES = {
  'reglement-quartiers.txt': [
    'RÈGLEMENT DES ACTIONS DE QUARTIER',
    ...ARTICLES.flatMap(({ number, topic, items }) => [
      `Article ${number} – Dispositions relatives à ${topic}`,
      `${LONG_SENTENCE(topic)} ${LONG_SENTENCE(topic)}`,
      'Sont notamment éligibles les actions suivantes :',
      ...items.map((item, at) => `${at + 1}° ${item}, ouvertes à tous les habitants du quartier prioritaire et associant au moins un partenaire local ;`),
      `${LONG_SENTENCE(topic)}`,
    ]),
    // Items that differ only past the words condensing keeps, and clauses numbered « I. – ».
    'Article 9 – Bilans des lignes budgétaires',
    `${LONG_SENTENCE('le bilan des lignes')} ${LONG_SENTENCE('le bilan des lignes')}`,
    'I. – Pour chaque ligne, le bilan est transmis dans les formes suivantes :',
    ...SHARED_PREFIX_ITEMS.map((item) => `- ${item}`),
    `II. – ${LONG_SENTENCE('le contrôle des bilans')}`,
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('condensed-section', FILES, (opened) => (assistant = opened));

const phrasings = (number: number) => [`Que prévoit l'article ${number} ?`, `c koi dans art ${number} ?`, `quel est le contenu de l'article ${number} ?`];

describe('a section asked whole, too long to show whole', () => {
  it('is condensed: every item shown, paragraphs to their first sentence', async () => {
    for (const { number, items, topic } of ARTICLES) {
      for (const question of phrasings(number)) {
        const answer = await assistant.ask(question);
        expect(answer.refused, question).toBe(false);
        expect(answer.trace?.rules, question).toContain('answer.condensed');
        for (const item of items) expect(answer.text, `${question} → ${item}\n${answer.text}`).toContain(item);
        // The paragraphs are shown by their opening, not whole.
        const paragraph = LONG_SENTENCE(topic);
        expect(answer.text, question).toContain(paragraph.slice(0, 60));
        expect(answer.text, question).not.toContain(`${paragraph} ${paragraph}`);
        expect(answer.text.length, question).toBeLessThanOrEqual(1_500);
      }
    }
  });

  it('items that differ only past their shown words are each shown, or counted as cut', async () => {
    const answer = await assistant.ask("que prévoit l'article 9 ?");
    expect(answer.trace?.rules).toContain('answer.condensed');
    const shown = answer.text.split('\n').filter((line) => line.startsWith('- la commune transmet')).length;
    const cut = Number(/… et (\d+) autres? éléments?/.exec(answer.text)?.[1] ?? 0);
    expect(shown + cut).toBeGreaterThanOrEqual(SHARED_PREFIX_ITEMS.length);
    expect(answer.text).toContain('II. –');
  });

  it('without the rule, the section is cut at its end and loses items', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['answer.condensed']) } });
    for (const { number, items } of ARTICLES) {
      const answer = await ablated.ask(phrasings(number)[0]!);
      expect(items.some((item) => !answer.text.includes(item))).toBe(true);
    }
  });

  it('a question asking something in the section is not condensed', async () => {
    const answer = await assistant.ask("l'article 4 il dit quoi sur les bourses aux vêtements ?");
    expect(answer.trace?.rules ?? []).not.toContain('answer.condensed');
  });
});
