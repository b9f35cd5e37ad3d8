/** « Qui … ? » asks for a person; official texts name people with a civility or « Prénom NOM ». */
import { describe, expect, it } from 'vitest';
import { asksForPerson, hasPersonName, asksForName } from '../../src/lang/fr/person-names.js';

describe('asksForPerson', () => {
  it.each([
    'Qui signe la convention pour l’État ?',
    'pacte local : c qui les signataires pour la CAF ?',
    'qui dirige le site de Lillers',
    'Les dates et qui préside le comité ?',
    'Par qui est signée la convention ?',
    'À qui s’adresser pour un dossier ?',
  ])('« %s » asks who', (question) => {
    expect(asksForPerson(question)).toBe(true);
  });
  it.each(['Qui peut déposer un dossier ?', 'Le conseil citoyen, qui le compose ?', 'Quels partenaires financent le contrat ?'])('« %s » does not', (question) => {
    expect(asksForPerson(question)).toBe(false);
  });
});

describe('hasPersonName', () => {
  it.each([
    'L’État, représenté par Monsieur Georges-François LECLERC, Préfet',
    '- Le site de Lillers - Directrice : Angélique DERISBOURG',
    'Mme Carole DUBOIS, vice-présidente',
    'Directrice : Émilie DUPONT',
  ])('« %s » names someone', (text) => {
    expect(hasPersonName(text)).toBe(true);
  });
  it.each([
    'Le Département du Pas-de-Calais signe la convention',
    'La CAF et la CPAM',
    'Fait à Arras, le 12 JUIN 2023',
    'Contrat QPV et Pôle EMPLOI',
    'Cartographie PADT ANCT 12/2023',
    'Territoire ERBM : Lens-Hénin\n\nCALENDRIER',
    'France TRAVAIL',
  ])('« %s » names no one', (text) => {
    expect(hasPersonName(text)).toBe(false);
  });
});

describe('asksForName', () => {
  it.each([
    "Comment s'appelle la déléguée départementale aux droits des femmes ?",
    "comment s'appelle le delegué du prefet ? j'ai besoin de son nom",
    'Qui est le délégué du préfet référent pour le quartier ?',
    'Quel est le nom du directeur de la CAF ?',
    'le directeur de l’association, il s’appelle comment ?',
  ])('« %s » asks for a name', (question) => {
    expect(asksForName(question)).toBe(true);
  });

  it.each([
    'Qui préside le comité de pilotage ?',
    'Qui finance les adultes-relais ?',
    'Qui est concerné par le dispositif ?',
    'Comment se nomme le dispositif de médiation ?',
    'le bailleur a un dispositif pour ses locataires victimes ? ça s’appelle comment ?',
    'comment s’appelle le programme de la Région pour les quartiers ?',
    // A thing's name is no person's.
    'sur dauphin il faut mettre un code specifique dans le nom de l’action ?',
    'le nom du dispositif de la CAF pour les jeunes parents ?',
  ])('« %s » can be answered by a role or a body', (question) => {
    expect(asksForName(question)).toBe(false);
  });
});
