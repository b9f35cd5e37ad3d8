/**
 * One instance for several territories: `scopes.json` binds Slack channels and Teams teams to a
 * territory or a set of documents of the catalogue, as Onyx binds channels to document sets. A
 * question asked there is searched in its scope first (the core widens to the whole corpus when
 * the scope has nothing, and says which it searched). Checked against the catalogue at start-up:
 * a mistyped document, a territory without documents or a channel bound twice stops the server
 * with a French message naming it.
 *
 * ```json
 * { "scopes": [
 *   { "name": "CABBALR", "territory": "CABBALR", "slack": { "channels": ["C0123ABCD"] } },
 *   { "name": "Hénin-Carvin", "documents": ["henin-carvin-contributions-partenaires-2024.txt"],
 *     "teams": { "teams": ["19:abc…@thread.tacv2"] } }
 * ] }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AskScope } from '../core/answer.js';
import type { DocumentMeta } from '../core/types.js';
import { foldText } from '../lang/fr/normalize.js';

const scopeSchema = z
  .object({
    /** What the answer says it searched: « Recherche limitée à : <name> ». */
    name: z.string().trim().min(1).max(80),
    /** Every document of the catalogue with this territory (case and accents ignored). */
    territory: z.string().trim().min(1).optional(),
    /** Catalogue file names. */
    documents: z.array(z.string().trim().min(1)).min(1).optional(),
    slack: z
      .object({ channels: z.array(z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'identifiant de canal Slack attendu (C… ou G…)')).min(1) })
      .strict()
      .optional(),
    /** Teams team ids (`channelData.team.id` of the team's messages). */
    teams: z
      .object({ teams: z.array(z.string().trim().min(1)).min(1) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((scope) => scope.territory !== undefined || scope.documents !== undefined, 'un territoire (« territory ») ou des documents (« documents ») sont nécessaires')
  .refine((scope) => scope.slack !== undefined || scope.teams !== undefined, 'au moins un canal Slack ou une équipe Teams est nécessaire');

const scopesFileSchema = z.object({ scopes: z.array(scopeSchema) }).strict();

export type ScopeConfig = z.infer<typeof scopesFileSchema>;

export class ScopesError extends Error {}

export interface Scopes {
  /** The scopes, resolved to catalogue files, for the start-up report. */
  readonly all: readonly AskScope[];
  forSlackChannel(channel: string | undefined): AskScope | undefined;
  forTeamsTeam(teamId: string | undefined): AskScope | undefined;
}

/** No scope anywhere: every question searches the whole corpus. */
export const NO_SCOPES: Scopes = { all: [], forSlackChannel: () => undefined, forTeamsTeam: () => undefined };

/** Resolves a parsed configuration against the catalogue. */
export function resolveScopes(config: unknown, documents: readonly DocumentMeta[], source = 'scopes.json'): Scopes {
  const parsed = scopesFileSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScopesError(`${source} : ${issue.path.length > 0 ? `« ${issue.path.join('.')} » ` : ''}${issue.message}.`);
  }
  const byFile = new Set(documents.map((document) => document.file));
  const bySlack = new Map<string, AskScope>();
  const byTeams = new Map<string, AskScope>();
  const all: AskScope[] = [];
  const bind = (map: Map<string, AskScope>, key: string, scope: AskScope, what: string) => {
    const other = map.get(key);
    if (other) throw new ScopesError(`${source} : ${what} « ${key} » est lié à deux périmètres (« ${other.label} » et « ${scope.label} »).`);
    map.set(key, scope);
  };
  for (const entry of parsed.data.scopes) {
    const files = new Set<string>();
    for (const file of entry.documents ?? []) {
      if (!byFile.has(file)) throw new ScopesError(`${source} : le périmètre « ${entry.name} » cite « ${file} », qui n'est pas dans le catalogue des documents indexés.`);
      files.add(file);
    }
    if (entry.territory !== undefined) {
      const wanted = foldText(entry.territory);
      const found = documents.filter((document) => document.territory !== null && foldText(document.territory) === wanted);
      if (found.length === 0) throw new ScopesError(`${source} : aucun document indexé n'a le territoire « ${entry.territory} » (périmètre « ${entry.name} »).`);
      for (const document of found) files.add(document.file);
    }
    const scope: AskScope = { label: entry.name, files: [...files] };
    all.push(scope);
    for (const channel of entry.slack?.channels ?? []) bind(bySlack, channel, scope, 'le canal Slack');
    for (const team of entry.teams?.teams ?? []) bind(byTeams, team, scope, "l'équipe Teams");
  }
  return {
    all,
    forSlackChannel: (channel) => (channel === undefined ? undefined : bySlack.get(channel)),
    forTeamsTeam: (teamId) => (teamId === undefined ? undefined : byTeams.get(teamId)),
  };
}

/** Reads SCOPES_FILE; a missing file is no scope unless `required` (the file was named explicitly). */
export async function loadScopes(file: string, documents: readonly DocumentMeta[], required: boolean): Promise<Scopes> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return NO_SCOPES;
    throw new ScopesError(`${file} : lecture impossible (${(error as Error).message}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScopesError(`${file} : JSON mal formé (${(error as Error).message}).`);
  }
  return resolveScopes(json, documents, file);
}
