/**
 * Builds the two chat messages sent to the model from the French templates in `prompts/`.
 * Everything that comes from documents or users (passages, question, history) is inserted as a
 * value in one pass, never parsed as template text, and wrapped in delimiters it cannot close.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DocumentMeta } from '../../core/types.js';
import type { SearchHit } from '../../search/types.js';
import type { ConversationTurn, QuestionKind } from '../../core/answer.js';

/** `prompts/` at the repository root, whatever the working directory. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));

export const MAX_PASSAGES = 6;
/** Total characters of passage text sent; keeps small local models within their context. */
export const PASSAGE_BUDGET = 7_000;
const PASSAGE_LIMIT = 1_800;
const HISTORY_TURNS = 3;
const HISTORY_ANSWER_LIMIT = 300;

export interface PromptTemplates {
  system: string;
  user: string;
  kinds: Record<QuestionKind, string>;
}

const KINDS: QuestionKind[] = ['list', 'figure', 'definition', 'eligibility', 'lookup'];

/** Reads the templates; throws with the missing file's path when the install is incomplete. */
export function loadPromptTemplates(dir: string = PROMPTS_DIR): PromptTemplates {
  const read = (name: string) => readFileSync(`${dir.replace(/\/$/, '')}/${name}`, 'utf8').trim();
  const kindsText = read('kinds.md').replace(/<!--[\s\S]*?-->/g, '');
  const kinds = {} as Record<QuestionKind, string>;
  for (const section of kindsText.split(/^##\s+/m).slice(1)) {
    const newline = section.indexOf('\n');
    const name = section.slice(0, newline).trim() as QuestionKind;
    if (KINDS.includes(name)) kinds[name] = section.slice(newline + 1).trim();
  }
  for (const kind of KINDS) {
    if (!kinds[kind]) throw new Error(`prompts/kinds.md: section "## ${kind}" missing`);
  }
  return { system: read('system.md'), user: read('user.md'), kinds };
}

/** Replaces `{name}` placeholders in one pass: inserted values are never scanned again. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** Makes text unable to open or close one of our delimiters (`<passage>`, `<question>`, `<historique>`). */
export function neutraliseDelimiters(text: string): string {
  return text.replace(/<(\s*\/?\s*)(passages?|question|historique)\b/gi, '‹$1$2');
}

function attribute(text: string): string {
  return neutraliseDelimiters(text)
    .replace(/["<>]/g, (c) => (c === '"' ? '«' : c === '<' ? '‹' : '›'))
    .replace(/\s+/g, ' ');
}

function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > limit * 0.7 ? space : cut.length)}…`;
}

/** Best hits first, one per chunk, within MAX_PASSAGES and the character budget (at least one). */
export function selectPassages(hits: SearchHit[]): SearchHit[] {
  const chosen: SearchHit[] = [];
  const seen = new Set<string>();
  let used = 0;
  for (const hit of hits) {
    if (chosen.length >= MAX_PASSAGES) break;
    if (seen.has(hit.chunk.id)) continue;
    const size = Math.min(hit.chunk.text.length, PASSAGE_LIMIT);
    if (chosen.length > 0 && used + size > PASSAGE_BUDGET) continue;
    seen.add(hit.chunk.id);
    chosen.push(hit);
    used += size;
  }
  return chosen;
}

export function formatPassages(passages: SearchHit[], metaByFile: Map<string, DocumentMeta>): string {
  return passages
    .map((hit, index) => {
      const { chunk } = hit;
      const title = metaByFile.get(chunk.file)?.short_title ?? chunk.file;
      const source = attribute([title, ...chunk.breadcrumb].join(' › '));
      const text = neutraliseDelimiters(shorten(chunk.text.trim(), PASSAGE_LIMIT));
      return `<passage n="${index + 1}" source="${source}">\n${text}\n</passage>`;
    })
    .join('\n\n');
}

/** Last turns as plain text; earlier [n] markers are dropped since they referred to other passages. */
export function formatHistory(history: ConversationTurn[] | undefined): string {
  const turns = (history ?? []).slice(-HISTORY_TURNS);
  if (turns.length === 0) return '(aucun)';
  return turns
    .map((turn) => {
      const question = `Utilisateur : ${neutraliseDelimiters(turn.question.trim())}`;
      if (!turn.answer) return question;
      const answer = turn.answer.text.replace(/\s*\[\d+(?:\s*[,;]\s*\d+)*\]/g, '').trim();
      return `${question}\nAlinéa : ${neutraliseDelimiters(shorten(answer, HISTORY_ANSWER_LIMIT))}`;
    })
    .join('\n');
}

export interface BuiltPrompt {
  system: string;
  user: string;
}

export function buildPrompt(
  templates: PromptTemplates,
  input: { question: string; kind: QuestionKind; passages: SearchHit[]; metaByFile: Map<string, DocumentMeta>; history?: ConversationTurn[] },
): BuiltPrompt {
  return {
    system: templates.system,
    user: fillTemplate(templates.user, {
      history: formatHistory(input.history),
      passages: formatPassages(input.passages, input.metaByFile),
      kind_instructions: templates.kinds[input.kind] ?? templates.kinds.lookup,
      question: neutraliseDelimiters(input.question.trim()),
    }),
  };
}
