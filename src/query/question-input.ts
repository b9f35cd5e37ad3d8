/** Validation of what a user sends: empty or oversized questions get a polite French reply. */
import { z } from 'zod';

export const MAX_QUESTION_LENGTH = 2_000;

export const questionSchema = z
  .string({
    invalid_type_error: 'La question doit être un texte.',
    required_error: 'Posez-moi une question sur les contrats de ville, par exemple : « Quels dispositifs sont mobilisables pour l’objectif #18 ? »',
  })
  .transform((text) => text.replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'Posez-moi une question sur les contrats de ville, par exemple : « Quels dispositifs sont mobilisables pour l’objectif #18 ? »')
      .max(MAX_QUESTION_LENGTH, `Votre message est trop long (plus de ${MAX_QUESTION_LENGTH} caractères) : reformulez votre question en quelques phrases.`),
  );

export type QuestionCheck = { ok: true; question: string } | { ok: false; message: string };

export function checkQuestion(raw: unknown): QuestionCheck {
  const parsed = questionSchema.safeParse(raw);
  if (parsed.success) return { ok: true, question: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'Question invalide.' };
}
