/**
 * A question asking for a contact detail (a telephone number, an e-mail) is answered by a passage
 * holding one, or refused: naming the organisation does not answer it. A personal civil-status
 * procedure (a passport) is no contract's business.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { contactDetailAsked, holdsContactDetail } from '../../src/lang/fr/contact-details.js';
import { openTempCorpus, useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'reglement-fph.txt': [
    'RÈGLEMENT DU FONDS DE PARTICIPATION DES HABITANTS',
    '',
    'Article 2 – Structure gestionnaire',
    '',
    'La gestion du fonds est confiée au centre social Les Tisserands, association agréée par la caisse d’allocations familiales, qui accueille les porteurs de projets du lundi au vendredi.',
    '',
    'Article 3 – Maison du projet',
    '',
    'La maison du projet renseigne les habitants sur le renouvellement urbain ; on lui écrit par courriel à maison.projet@ville-exemple.fr.',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('contact', FILES, (opened) => {
  assistant = opened;
});

describe('contact details', () => {
  it('are read from questions and texts as data', () => {
    expect(contactDetailAsked("c'est quoi le numero de tel du centre social ?")).toBe('phone');
    expect(contactDetailAsked("l'adresse mail de la maison du projet ?")).toBe('email');
    expect(contactDetailAsked('quel est le role du centre social ?')).toBeUndefined();
    // Telephones as equipment are no number to call.
    expect(contactDetailAsked('on peut financer des tenues et des telephones pour nos mediateurs ?')).toBeUndefined();
    expect(contactDetailAsked("c'est quoi le telephone de la mission locale ?")).toBe('phone');
    expect(contactDetailAsked('vous avez les telephones des delegues du prefet ?')).toBe('phone');
    // Plurals ask the same.
    expect(contactDetailAsked("c'est qui nos deux delegues du prefet, vous avez leurs mails ?")).toBe('email');
    expect(contactDetailAsked('les numeros de telephone des referents ?')).toBe('phone');
    expect(contactDetailAsked('les adresses electroniques des referents ?')).toBe('email');
    // « par mail » says how to send, not an address asked for.
    expect(contactDetailAsked('on depose ou nos demandes ? par mail a l’agglo ?'.replace(/’/g, "'"))).toBeUndefined();
    expect(holdsContactDetail('téléphone 04 77 31 22 10', 'phone')).toBe(true);
    expect(holdsContactDetail('le centre social Les Tisserands', 'phone')).toBe(false);
  });

  it('a telephone number the passages do not hold is refused, saying so', async () => {
    const answer = await assistant.ask("c'est quoi le numero de tel du centre social les tisserands ?");
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(true);
    expect(answer.trace?.rules).toContain('gate.contact-asked');
    expect(answer.text.split('\n')[0]).toContain('téléphone');
  });

  it('an e-mail address the passages hold is answered', async () => {
    const answer = await assistant.ask('quel est le courriel de la maison du projet ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('maison.projet@ville-exemple.fr');
  });

  it('a passport renewal is refused as a personal procedure', async () => {
    const answer = await assistant.ask('comment je renouvelle mon passeport a la mairie ?');
    expect(answer.refused).toBe(true);
    expect(answer.trace?.rules).toContain('gate.off-topic');
  });
});

describe('sections left to be written', () => {
  it('a question landing on « En attente » is refused, naming the empty section', async () => {
    const placeholder = await openTempCorpus('placeholder', {
      'contributions.md': [
        '# Annexe 3 : Contributions des partenaires',
        '',
        '## Pas-de-Calais Habitat',
        '',
        'Le bailleur s’engage à mobiliser l’abattement de TFPB pour renforcer la gestion de proximité dans les quartiers prioritaires.',
        ...Array.from(
          { length: 8 },
          (_, i) => `Il présente chaque année au comité de pilotage le bilan ${i + 1} des actions de gestion urbaine et sociale de proximité conduites avec les locataires.`,
        ),
        '',
        '## ICF Habitat',
        '',
        'En attente',
        '',
        '## Soliha',
        '',
        ...Array.from({ length: 8 }, (_, i) => `L’association accompagne les propriétaires occupants modestes dans leurs travaux de rénovation, étape ${i + 1} du parcours de rénovation énergétique.`),
      ],
    });
    try {
      const answer = await placeholder.assistant.ask('quels engagements pour ICF Habitat ?');
      expect(answer.refused).toBe(true);
      expect(answer.trace?.rules).toContain('gate.placeholder');
      expect(answer.text.split('\n')[0]).toContain('« ICF Habitat »');
      const answered = await placeholder.assistant.ask('quels engagements pour Pas-de-Calais Habitat ?');
      expect(answered.refused).toBe(false);
      expect(answered.text).toContain('abattement de TFPB');
    } finally {
      await placeholder.cleanup();
    }
  });
});
