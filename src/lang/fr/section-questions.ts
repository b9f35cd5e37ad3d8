/**
 * Words that ask what a named section says rather than something about it: « que dit l'article
 * 3 ? », « l'axe 4, il porte sur quoi ? », « de quoi parle l'objectif 19 déjà ? », « en quoi
 * consiste l'action 2.4 ? ». A question made only of these, the section's own heading and its
 * document asks for the section itself.
 */
import { analyze } from './analyzer.js';

export const SECTION_CONTENT_ASKING_STEMS: ReadonlySet<string> = new Set(
  analyze('dit dire disent parle parlent porte portent consiste consistent concerne concernent contient contenu resume resumer sujet explique prevoit prevoient deja quoi'),
);

/** Numbered families whose word is feminine (« la priorité 3 », « elle porte sur quoi ? »). */
const FEMININE_FAMILIES = new Set(['action', 'sous-action', 'fiche', 'fiche-action', 'annexe', 'ambition', 'mesure', 'priorite', 'orientation', 'partie', 'section', 'sous-section']);

/** « le », « la » or « l' » before a section's label, and the pronoun standing for it. */
export function sectionArticle(label: string): { article: string; pronoun: 'il' | 'elle' } {
  const word = label.split(/\s+/)[0]!.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const pronoun = FEMININE_FAMILIES.has(word) ? 'elle' : 'il';
  if (/^[aeiouyh]/.test(word)) return { article: "l'", pronoun };
  return { article: pronoun === 'elle' ? 'la ' : 'le ', pronoun };
}
