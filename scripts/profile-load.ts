/**
 * Where an index load's time goes: `npx tsx scripts/profile-load.ts <indexDir> [--runs 3]` times
 * each step of opening the index (wall and this thread's CPU), each in a fresh process so the page
 * cache is warm but nothing is already decoded or compiled. Prints one JSON line per run.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const [indexDir, ...rest] = process.argv.slice(2);
if (!indexDir) {
  process.stderr.write('usage: profile-load.ts <indexDir> [--runs n]\n');
  process.exit(2);
}

if (process.env.PROFILE_LOAD_CHILD !== '1') {
  const runs = Number(rest[rest.indexOf('--runs') + 1] ?? 3) || 3;
  for (let run = 0; run < runs; run += 1) {
    const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), indexDir], {
      env: { ...process.env, PROFILE_LOAD_CHILD: '1', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    process.stdout.write(output);
  }
  process.exit(0);
}

const steps: Record<string, number> = {};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function step<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const w = performance.now();
  const c = cpu();
  const result = await work();
  steps[`${name}.wall`] = Math.round(performance.now() - w);
  steps[`${name}.cpu`] = Math.round(cpu() - c);
  return result;
}

const { loadSettings } = await step('import.config', () => import('../src/config.js'));
const settings = loadSettings({ ...process.env, INDEX_DIR: path.resolve(indexDir) });
const files = await step('import.index-files', () => import('../src/index/index-files.js'));
const chunkFile = await import('../src/index/chunk-file.js');
const { LexicalIndex } = await import('../src/index/lexical-index.js');
const { decodeGlossary } = await import('../src/index/glossary-file.js');
const { decodeLookups } = await import('../src/index/lookup-file.js');
const { VectorStore } = await step('import.vector-store', () => import('../src/index/vector-store.js'));
const { assistantModule } = { assistantModule: await step('import.assistant', () => import('../src/app/assistant.js')) };
const { createEmbedder } = await step('import.embedder', () => import('../src/index/embeddings/select-embedder.js'));
const { HybridRetriever } = await import('../src/search/hybrid-retriever.js');

const dir = settings.indexDir;
const manifest = await step('manifest', () => files.readManifest(dir));
const chunks = await step('chunks.open', () => chunkFile.openChunkFile(path.join(dir, files.FILES.chunks)));
const lexBytes = await step('lexical.read', () => readFile(path.join(dir, files.FILES.lexical)));
const lexical = await step('lexical.decode', () => LexicalIndex.decode(lexBytes));
const documents = await step('documents', async () => JSON.parse(await readFile(path.join(dir, files.FILES.documents), 'utf8')));
const glossary = await step('glossary', async () => decodeGlossary(await readFile(path.join(dir, files.FILES.glossary))));
const lookups = await step('lookups', async () => decodeLookups(await readFile(path.join(dir, files.FILES.lookups)), chunks.length, documents.length));
const embedderState = await step('embedder.json', async () => JSON.parse(await readFile(path.join(dir, files.FILES.embedder), 'utf8')));
const embedder = await step('embedder.create', () => createEmbedder(settings, undefined, { offlineState: embedderState }));
const store = await step('vectors.read', async () => (await VectorStore.read(dir, manifest!.embedder.dimension)).named({ length: chunks.length, at: (label: number) => chunks[label]?.id }));
const index = { manifest: manifest!, chunks, documents, lexical, glossary, lookups, vectors: store, embeddings: embedder.embeddings, loadMs: 0 };
await step('retriever', () => new HybridRetriever(index));
const assistant = await step('createAssistant', () => assistantModule.createAssistant(index));
await step('warmUp', () => assistant.warmUp());
await step('firstAsk', () => assistant.ask('Quels dispositifs sont mobilisables pour l’objectif #18 ?'));
(globalThis as { gc?: () => void }).gc?.();
const memory = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ ...steps, rssMb: Math.round(memory.rss / 1e6), heapMb: Math.round(memory.heapUsed / 1e6), loadavg: (await readFile('/proc/loadavg', 'utf8')).split(' ')[0] })}\n`,
);
process.exit(0);
