/**
 * The suggested prompts of Slack's assistant container, drawn from the loaded corpus rather than
 * written by hand: the headings that hold the most passages (labelled ones such as « Objectif #18 :
 * Lever les freins à la mobilité » give their title), spread over the documents, each asked about
 * in the document it comes from. Pure functions: the runtime computes the topics once from the
 * index's chunks, the surface turns them into prompts.
 */
import type { Chunk, DocumentMeta } from '../../core/types.js';

export interface SuggestedPrompt {
  /** The button's label. */
  title: string;
  /** The question sent when the prompt is clicked. */
  message: string;
}

/** A frequent heading of the corpus and the document it belongs to. */
export interface CorpusTopic {
  title: string;
  file: string;
  labelled?: boolean;
  /** How many passages sit under this heading. */
  passages: number;
}

/** Slack shows at most four suggested prompts. */
export const MAX_PROMPTS = 4;
const TITLE_MAX = 60;
const TOPIC_MIN_CHARS = 12;
const TOPIC_MAX_CHARS = 90;
/** A topic holding more than this share of its document's passages is a container, not a subject. */
const MAX_TOPIC_SHARE = 0.25;

/** « Objectif #18 : Lever les freins à la mobilité » → « Lever les freins à la mobilité ». */
const LABELLED = /^\s*[\p{L}'’ ]{2,30}\s*(?:#|n°|no\.?)?\s*[\dIVXivx]+(?:[.-]\d+)*\s*[:.–—-]\s*(.+)$/u;

/** « 3. L'hébergement » → « L'hébergement ». */
const NUMBERED = /^\s*(?:\d+(?:\.\d+)*|[IVX]+|[a-z])[.)]\s+(.+)$/u;
/** Section names every document has: they make poor questions (« Que prévoit … sur « Perspectives » ? »). */
const GENERIC =
  /^(?:l[ae]s?\s+|l')?(?:état des lieux|perspectives?|[ée]ditorial|introduction|préambule|avant-propos|sommaire|annexes?|conclusions?|contexte|synthèse|diagnostic|glossaire|sigles|lexique|méthodologie|bilan|présentation|signataires|sources|définitions?|objet|article)\b/iu;

export interface HeadingTopic {
  title: string;
  /** A labelled or numbered block (« Objectif #18 : … », « Axe 2 – … », « 3. … »): named by the document itself. */
  labelled: boolean;
}

/** A heading's readable topic, or undefined when it is no topic (too short, shouting, generic, a table-of-contents line). */
export function topicOf(heading: string): string | undefined {
  return headingTopic(heading)?.title;
}

export function headingTopic(heading: string): HeadingTopic | undefined {
  const match = LABELLED.exec(heading) ?? NUMBERED.exec(heading);
  let text = (match?.[1] ?? heading)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:.;,]+$/, '');
  // « L'hébergement et logement : L'hébergement et logement »: a title repeated after its label.
  const halves = text.split(/\s+:\s+/);
  if (halves.length === 2 && halves[0]?.toLocaleLowerCase('fr') === halves[1]?.toLocaleLowerCase('fr')) text = halves[0] as string;
  if (GENERIC.test(text)) return undefined;
  if (text.length < TOPIC_MIN_CHARS || text.length > TOPIC_MAX_CHARS) return undefined;
  const letters = text.replace(/[^\p{L}]/gu, '');
  // Headings in capitals are mostly page furniture (« ETAIENT PRESENTS », « SOMMAIRE »).
  if (letters.length < 8 || letters === letters.toUpperCase()) return undefined;
  // Table-of-contents lines and leaders: « BPI FRANCE..... 171 ».
  if (/\.{3,}|\t/.test(text)) return undefined;
  // Extraction debris: « ------- h et aussi », a title cut after « et ».
  if (!/^\p{L}/u.test(text) || /^(?:et|ou|de|des|du|à)\s/iu.test(text) || letters.length < 0.7 * text.replace(/\s/g, '').length) return undefined;
  return { title: text, labelled: match !== null };
}

/**
 * The headings that hold the most passages, at most `limit`, taken in turn from each document
 * (largest first) so that one long contract does not fill every slot.
 */
export function corpusTopics(chunks: Pick<Chunk, 'file' | 'headings'>[], limit = 12): CorpusTopic[] {
  const byKey = new Map<string, CorpusTopic>();
  for (const chunk of chunks) {
    const seen = new Set<string>();
    for (const heading of chunk.headings) {
      const found = headingTopic(heading);
      if (!found) continue;
      const key = `${chunk.file}\u0000${found.title.toLocaleLowerCase('fr')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const topic = byKey.get(key) ?? { title: found.title, file: chunk.file, labelled: found.labelled, passages: 0 };
      topic.passages += 1;
      byKey.set(key, topic);
    }
  }
  // A heading over a large part of its document (its title, an annex) says nothing specific.
  const perFile = new Map<string, number>();
  for (const chunk of chunks) perFile.set(chunk.file, (perFile.get(chunk.file) ?? 0) + 1);
  const byFile = new Map<string, CorpusTopic[]>();
  for (const topic of byKey.values()) {
    if (topic.passages < 2 || topic.passages > (perFile.get(topic.file) ?? 0) * MAX_TOPIC_SHARE) continue;
    const list = byFile.get(topic.file) ?? [];
    list.push(topic);
    byFile.set(topic.file, list);
  }
  // Labelled blocks first (the objectives and axes a document names), then by size.
  const order = (a: CorpusTopic, b: CorpusTopic) => Number(b.labelled === true) - Number(a.labelled === true) || b.passages - a.passages || a.title.localeCompare(b.title, 'fr');
  const queues = [...byFile.values()].map((list) => list.sort(order)).sort((a, b) => order(a[0] as CorpusTopic, b[0] as CorpusTopic));
  const out: CorpusTopic[] = [];
  while (out.length < limit && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && out.length < limit) out.push(next);
    }
  }
  return out;
}

/** Up to four prompts: the corpus's topics asked in their document, else what each document covers. */
export function suggestPrompts(documents: Pick<DocumentMeta, 'file' | 'title' | 'short_title'>[], topics: CorpusTopic[]): SuggestedPrompt[] {
  const titleOf = new Map(documents.map((document) => [document.file, document.short_title || document.title || document.file]));
  const prompts: SuggestedPrompt[] = [];
  const used = new Set<string>();
  for (const topic of topics) {
    if (prompts.length >= MAX_PROMPTS) break;
    const key = topic.title.toLocaleLowerCase('fr');
    if (used.has(key)) continue;
    used.add(key);
    const document = titleOf.get(topic.file);
    prompts.push({
      title: cut(topic.title, TITLE_MAX),
      // The wording the core answers best from the topic's own section (measured on the bundled corpus).
      message: document ? `Que dit ${document} à propos de « ${topic.title} » ?` : `Que disent les documents à propos de « ${topic.title} » ?`,
    });
  }
  for (const document of documents) {
    if (prompts.length >= MAX_PROMPTS) break;
    const title = titleOf.get(document.file) as string;
    if (prompts.some((prompt) => prompt.message.startsWith(`Que dit ${title} à propos`))) continue;
    prompts.push({ title: cut(title, TITLE_MAX), message: `Quels sont les principaux engagements de ${title} ?` });
  }
  return prompts;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
