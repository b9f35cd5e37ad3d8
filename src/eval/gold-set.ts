/**
 * Gold question sets (eval/SCORING.md): one JSON object per line. The loader accepts any file of
 * that format and names the line of every problem, because these files are edited by hand.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../config.js';
import { z } from 'zod';

export const QUESTION_TYPES = ['lookup', 'list', 'numeric', 'eligibility', 'cross_doc', 'unanswerable'] as const;
export type GoldQuestionType = (typeof QUESTION_TYPES)[number];

export const goldSourceSchema = z
  .object({
    doc: z.string().min(1),
    quote: z.string().min(1),
  })
  .strict();

export const goldQuestionSchema = z
  .object({
    id: z.string().min(1),
    persona: z.enum(['porteur', 'staff', 'onboarding']),
    type: z.enum(QUESTION_TYPES),
    question: z.string().min(1),
    must_include: z.array(z.string().min(1)),
    sources: z.array(goldSourceSchema),
    notes: z.string().default(''),
  })
  .strict()
  .superRefine((item, ctx) => {
    // An unanswerable question has nothing to include or cite; an answerable one needs both,
    // else it silently drops out of hit@k or must_include coverage.
    if (item.type === 'unanswerable') {
      if (item.must_include.length > 0) ctx.addIssue({ code: 'custom', path: ['must_include'], message: 'doit être vide pour une question « unanswerable »' });
      if (item.sources.length > 0) ctx.addIssue({ code: 'custom', path: ['sources'], message: 'doit être vide pour une question « unanswerable »' });
    }
  });

/** One turn of a conversation: a question that may only make sense after the earlier ones. */
const goldTurnSchema = z
  .object({
    question: z.string().min(1),
    type: z.enum(QUESTION_TYPES).optional(),
    must_include: z.array(z.string().min(1)),
    sources: z.array(goldSourceSchema),
    /** Where this turn's answer sits, for a human reader (as a question's `notes`). */
    notes: z.string().optional(),
  })
  .strict();

export const goldConversationSchema = z
  .object({
    id: z.string().min(1),
    persona: z.enum(['porteur', 'staff', 'onboarding']),
    turns: z.array(goldTurnSchema).min(2),
    notes: z.string().default(''),
  })
  .strict();

export type GoldSource = z.infer<typeof goldSourceSchema>;
/**
 * A scored question. Turns of a conversation are flattened into questions `«id»#«turn»` that
 * carry the conversation's id and their position, so the runner can pass the earlier turns as history.
 */
export type GoldQuestion = z.infer<typeof goldQuestionSchema> & { conversation?: { id: string; turn: number } };

/** The turns of a conversation as questions: a turn with nothing to include is unanswerable. */
function flattenConversation(conversation: z.infer<typeof goldConversationSchema>): GoldQuestion[] {
  return conversation.turns.map((turn, index) => ({
    id: `${conversation.id}#${index + 1}`,
    persona: conversation.persona,
    type: turn.type ?? (turn.must_include.length === 0 ? 'unanswerable' : 'lookup'),
    question: turn.question,
    must_include: turn.must_include,
    sources: turn.sources,
    notes: conversation.notes,
    conversation: { id: conversation.id, turn: index },
  }));
}

export class GoldSetError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} : ${problems.length} problème(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'GoldSetError';
  }
}

/** Parses the text of a gold set; blank lines are skipped, every other line must be a question. */
export function parseGoldSet(text: string, file = '<jeu de questions>'): GoldQuestion[] {
  const problems: string[] = [];
  const items: GoldQuestion[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      problems.push(`ligne ${lineNo} : JSON invalide (${(error as Error).message})`);
      return;
    }
    const isConversation = typeof json === 'object' && json !== null && 'turns' in json;
    const parsed = isConversation ? goldConversationSchema.safeParse(json) : goldQuestionSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length > 0 ? issue.path.join('.') : '(objet)';
        problems.push(`ligne ${lineNo} : ${where} : ${issue.message}`);
      }
      return;
    }
    const previous = seen.get(parsed.data.id);
    if (previous !== undefined) {
      problems.push(`ligne ${lineNo} : id « ${parsed.data.id} » déjà utilisé ligne ${previous}`);
      return;
    }
    seen.set(parsed.data.id, lineNo);
    if ('turns' in parsed.data) items.push(...flattenConversation(parsed.data));
    else items.push(parsed.data);
  });
  if (problems.length > 0) throw new GoldSetError(file, problems);
  if (items.length === 0) throw new GoldSetError(file, ['aucune question']);
  return items;
}

export async function loadGoldSet(file: string): Promise<GoldQuestion[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new GoldSetError(file, [`lecture impossible (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  return parseGoldSet(text, file);
}

/**
 * The settings a gold set is scored with: a set written for documents of its own
 * (eval/corpora/<set name>/) gets them and an index of its own (index.<set name>/); any other set,
 * the bundled corpus.
 */
export function settingsForGoldSet(set: string, settings: Settings): Settings {
  const name = path.basename(set, '.jsonl');
  const own = path.resolve('eval/corpora', name);
  return existsSync(own) ? { ...settings, corpusDir: own, indexDir: path.resolve(`index.${name}`) } : settings;
}
