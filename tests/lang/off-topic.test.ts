/** Requests no public-policy document answers are recognised; the corpus's own senses of the same words are not. */
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/lang/fr/normalize.js';
import { OFF_TOPIC_CUES, offTopicCueOf } from '../../src/lang/fr/off-topic.js';

const cueOf = (question: string) => offTopicCueOf(foldText(question).replace(/[’']/g, "'"))?.id;

describe('off-topic requests', () => {
  it.each([
    ['Quel temps va-t-il faire à Béthune ce week-end ?', 'off-topic.weather'],
    ['c koi la meteo demain a lens', 'off-topic.weather'],
    ['il va pleuvoir samedi ?', 'off-topic.weather'],
    ['donne moi une recette de crêpes', 'off-topic.recipe'],
    ['Quelle est la recette de la tarte au maroilles ?', 'off-topic.recipe'],
    ['quels ingrédients pour une carbonnade flamande ?', 'off-topic.recipe'],
    ['qui a gagné le match de foot hier soir ?', 'off-topic.sports'],
    ['raconte-moi une blague', 'off-topic.entertainment'],
    ['fera-t-il froid à Arras dimanche ?', 'off-topic.weather'],
    ['tu crois qu’il va faire chaud ce week-end pour la fête des voisins ?', 'off-topic.weather'],
    ['t’aurais une bonne recette de waterzoï pour 40 personnes ?', 'off-topic.recipe'],
    ['tu peux me donner ta recette de gaufres fourrées ?', 'off-topic.recipe'],
    ['c’est quoi le mot de passe du wifi invités ?', 'off-topic.computing'],
    ['mon imprimante ne marche plus, je fais comment ?', 'off-topic.computing'],
    ['comment je mets un message d’absence sur outlook ?', 'off-topic.computing'],
    ['tu peux me rédiger une lettre de motivation pour un poste de comptable ?', 'off-topic.writing'],
    ['écris-moi un poème pour le départ de Martine', 'off-topic.writing'],
    ['tu connais un bon resto à Arras pour ce midi ?', 'off-topic.advice'],
    ['quel smartphone acheter pour moins de 300 € ?', 'off-topic.advice'],
    ['les horaires des trains pour Lille demain matin ?', 'off-topic.advice'],
    ['comment je pose des RTT pour vendredi ?', 'off-topic.hr'],
    ['ma fiche de paie de novembre est où ?', 'off-topic.hr'],
    ['tu me recommandes un bon plombier sur Liévin ?', 'off-topic.recommendation'],
    ['pouvez-vous me conseiller un bouquin sur l’histoire du bassin minier ?', 'off-topic.recommendation'],
    ['t’as un bon coiffeur pas cher à Lens ?', 'off-topic.recommendation'],
    ['la patinoire ouvre à quelle heure le dimanche ?', 'off-topic.hours'],
    ['tu peux m’indiquer un mécanicien pas cher ?', 'off-topic.recommendation'],
    ['tu me conseilles un bon livre pour l’été ?', 'off-topic.recommendation'],
    ['heures d’ouverture du musée du Louvre-Lens ?', 'off-topic.hours'],
    ['tu peux convertir 80 livres sterling en euros ?', 'off-topic.currency'],
    ['c’est quoi le taux de change du dollar aujourd’hui ?', 'off-topic.currency'],
    ['peux-tu nous réserver une table pour le repas de l’équipe ?', 'off-topic.booking'],
  ])('« %s » → %s', (question, id) => {
    expect(cueOf(question)).toBe(id);
  });

  it.each([
    "La recette visée à l'article 2 est affectée à quel budget ?",
    'Quelles recettes de fonctionnement pour le contrat de ville ?',
    'Combien de temps dure la convention ?',
    "Le dispositif s'adresse-t-il aux personnes travaillant à temps partiel ?",
    'Quel est le calendrier de l’appel à projets ?',
    'Les équipements sportifs de proximité sont-ils financés ?',
    'Quelle est la recette fiscale attendue de la taxe foncière ?',
    'il fait quoi le délégué du préfet en soirée ?',
    'Les habitants disent qu’il fait froid dans les logements, le bailleur doit faire quoi ?',
    'il fait chaud dans les écoles l’été, quels financements pour végétaliser les cours ?',
    'Que se passe-t-il s’il fait mauvais usage de l’abattement TFPB ?',
    'tu as une recette pour mobiliser les habitants des QPV ?',
    'tu as la recette fiscale attendue de la TFPB ?',
    'Que fait la ville quand un bailleur fait mauvais usage de l’abattement ?',
    'faut-il joindre une lettre de motivation pour le poste d’adulte-relais ?',
    'les ateliers pour rédiger son CV sont financés par qui ?',
    'la restauration scolaire est-elle gratuite pour les enfants des QPV ?',
    'le déploiement du wifi public dans les quartiers est prévu où ?',
    'le restaurant solidaire du quartier peut-il demander le FPH ?',
    'un adulte-relais a droit à combien de jours de congés ?',
    'les adultes-relais peuvent poser des congés pendant la formation ?',
    'le projet prévoit une imprimante 3D au fablab ?',
    'les ateliers numériques windows pour les seniors sont financés ?',
    'le billet de train est remboursé pour les bénévoles ?',
    'les horaires du poste d’adulte-relais ?',
    'quels sont les horaires du poste de médiateur ?',
    'tu as des applications de la clause d’insertion ?',
    'tu connais une appli pour déposer sa demande de subvention ?',
    'tu as une application mobile pour les habitants ?',
    'tu connais un garage solidaire dans le quartier ?',
    'tu as des podcasts réalisés par les jeunes ?',
    'tu connais des jeux vidéo éducatifs financés par le contrat ?',
    'le contrat prévoit d’élargir les horaires de la médiathèque ?',
    'les horaires d’ouverture de la médiathèque sont-ils étendus par le contrat ?',
    'les horaires de la piscine pendant les vacances apprenantes ?',
    'quand ouvre la médiathèque du quartier ?',
    'tu peux réserver la salle du centre social pour une réunion publique ?',
    'le taux de change appliqué aux dépenses en francs suisses ?',
  ])('« %s » is about the documents', (question) => {
    expect(cueOf(question)).toBeUndefined();
  });

  it('every cue has an id and says what the question is about', () => {
    for (const cue of OFF_TOPIC_CUES) {
      expect(cue.id).toMatch(/^off-topic\.[a-z]+$/);
      expect(cue.topic.length).toBeGreaterThan(3);
    }
  });
});
