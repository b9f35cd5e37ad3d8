/**
 * Checks the index artifact a replica is about to load read-only: present, built by this release
 * in this format, and every file matching the checksum its manifest recorded. The answer is one
 * French line saying what is wrong and what to run, or undefined when the index can be used.
 */
import path from 'node:path';
import { FILES, fileChecksum, readManifest } from './index-files.js';
import { incompatibility } from './load-index.js';

export async function verifyIndex(indexDir: string): Promise<string | undefined> {
  const manifest = await readManifest(indexDir);
  const rebuild = 'reconstruisez-le avec « npm run ingest »';
  if (!manifest) return `Aucun index dans ${indexDir} : construisez-le avec « npm run ingest » (ce serveur ne le construit pas lui-même).`;
  const problem = incompatibility(manifest);
  if (problem) return `L'index de ${indexDir} vient d'une autre version d'Alinéa (${problem}) : ${rebuild}.`;
  if (!manifest.checksums?.[FILES.chunks]) return `L'index de ${indexDir} n'a pas de sommes de contrôle : ${rebuild}.`;
  for (const [name, expected] of Object.entries(manifest.checksums)) {
    let actual: string;
    try {
      actual = await fileChecksum(path.join(indexDir, name));
    } catch {
      return `L'index de ${indexDir} est incomplet (${name} manque) : ${rebuild}.`;
    }
    if (actual !== expected) return `L'index de ${indexDir} est altéré (${name} ne correspond pas à sa somme de contrôle) : ${rebuild}.`;
  }
  return undefined;
}
