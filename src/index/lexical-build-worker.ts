/**
 * The thread that analyses chunks for the BM25 postings and mines the glossary (lexical-build.ts):
 * it receives the chunks in index order as the ingest reads the files, encodes them for
 * `chunks.bin` as they come and, when told to finish, writes the chunks (`chunks.bin`), the
 * postings (`lexical.bin`), the glossary (`glossary.bin`) and the look-ups of files, numbered
 * sections and document names (`lookups.bin`) into the index folder. The ingest's
 * thread keeps none of them: when this thread ends, all their memory is returned at once.
 */
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { analyze } from '../lang/fr/analyzer.js';
import { foldText } from '../lang/fr/normalize.js';
import { GlossaryMiner } from '../ingest/glossary.js';
import type { Chunk, DocumentMeta } from '../core/types.js';
import { IndexLookupsBuilder } from '../search/index-lookups.js';
import { ChunkFileWriter } from './chunk-file.js';
import { FILES, fileChecksum, writeLexicalFiles, writeLookupsFile, writeParts } from './index-files.js';
import { LexicalIndexBuilder } from './lexical-index.js';
import { IdList, TokenTerms } from './token-terms.js';

/** A chunk (every field, as `chunks.bin` stores it) and the text of its headings (`headingTextOf`). */
export interface AnalysedChunk extends Chunk {
  headingText: string;
}

/** `finish` writes `chunks.bin`, `lexical.bin`, `glossary.bin` and `lookups.bin` into `dir`: none of them travels back to the ingest's thread. */
export type LexicalBuildRequest = { type: 'add'; chunks: AnalysedChunk[] } | { type: 'finish'; dir: string; documents: DocumentMeta[] };
/** `checksums`: each file written, by name, and its `fileChecksum` (worked out here, off the ingest's last step). */
export type LexicalBuildReply = { type: 'added' } | { type: 'finished'; terms: number; glossary: number; checksums: [string, string][] } | { type: 'error'; message: string };

const lexical = new LexicalIndexBuilder();
const chunkFile = new ChunkFileWriter();
const glossary = new GlossaryMiner();
const lookups = new IndexLookupsBuilder();
const port = parentPort!;

/** The last heading text analysed and its terms' ids: the chunks of a section share their heading text. */
let lastHeading: { text: string; ids: number[] } | undefined;

const tokenTerms = new TokenTerms(lexical);
const bodyIds = new IdList();

/** What the ingest fed to the postings and the glossary before this thread did it. */
function analyseChunk(chunk: AnalysedChunk, into: { lexical: LexicalIndexBuilder; glossary: GlossaryMiner }): void {
  // The body is folded once, for the postings and the glossary.
  const folded = foldText(chunk.text);
  tokenTerms.bodyIds(folded, bodyIds);
  if (lastHeading?.text !== chunk.headingText) lastHeading = { text: chunk.headingText, ids: analyze(chunk.headingText).map((term) => into.lexical.termId(term)) };
  into.lexical.addIds(bodyIds.values, bodyIds.length, lastHeading.ids, lastHeading.ids.length);
  into.glossary.add(chunk, folded);
}

port.on('message', (request: LexicalBuildRequest) => {
  void (async () => {
    try {
      if (request.type === 'add') {
        for (const chunk of request.chunks) {
          analyseChunk(chunk, { lexical, glossary });
          lookups.add(chunk);
        }
        chunkFile.add(request.chunks);
        port.postMessage({ type: 'added' } satisfies LexicalBuildReply);
      } else {
        await writeParts(path.join(request.dir, FILES.chunks), chunkFile.finish());
        const index = lexical.finish();
        const entries = glossary.finish();
        await writeLexicalFiles(request.dir, index, entries);
        await writeLookupsFile(request.dir, lookups.finish(request.documents));
        const checksums: [string, string][] = [];
        for (const name of [FILES.chunks, FILES.lexical, FILES.glossary, FILES.lookups]) checksums.push([name, await fileChecksum(path.join(request.dir, name))]);
        port.postMessage({ type: 'finished', terms: index.parts().arrays.terms.length, glossary: entries.length, checksums } satisfies LexicalBuildReply);
      }
    } catch (error) {
      port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies LexicalBuildReply);
    }
  })();
});
