/**
 * The thread that analyses chunks for the BM25 postings and mines the glossary (lexical-build.ts):
 * it receives the chunks in index order as the ingest reads the files and, when told to finish,
 * writes the postings (`lexical.bin`) and the glossary (`glossary.json`) into the index folder.
 */
import { parentPort } from 'node:worker_threads';
import { analyze, analyzeFolded, familyTerms } from '../lang/fr/analyzer.js';
import { foldText } from '../lang/fr/normalize.js';
import { GlossaryMiner } from '../ingest/glossary.js';
import { writeLexicalFiles } from './index-files.js';
import { LexicalIndexBuilder } from './lexical-index.js';

/** A chunk as the analysis needs it: its id, its text and the text of its headings (`headingTextOf`). */
export interface AnalysedChunk {
  id: string;
  text: string;
  headingText: string;
}

/** `finish` writes `lexical.bin` and `glossary.json` into `dir`: the postings never travel to the ingest's thread. */
export type LexicalBuildRequest = { type: 'add'; chunks: AnalysedChunk[] } | { type: 'finish'; dir: string };
export type LexicalBuildReply = { type: 'added' } | { type: 'finished'; terms: number; glossary: number } | { type: 'error'; message: string };

const lexical = new LexicalIndexBuilder();
const glossary = new GlossaryMiner();
const port = parentPort!;

/** The last heading text analysed and its terms: the chunks of a section share their heading text. */
let lastHeading: { text: string; terms: string[] } | undefined;

/** What the ingest fed to the postings and the glossary before this thread did it. */
function analyseChunk(chunk: AnalysedChunk, into: { lexical: LexicalIndexBuilder; glossary: GlossaryMiner }): void {
  // The body is folded once, for the postings and the glossary.
  const folded = foldText(chunk.text);
  const bodyTerms = analyzeFolded(folded);
  if (lastHeading?.text !== chunk.headingText) lastHeading = { text: chunk.headingText, terms: analyze(chunk.headingText) };
  into.lexical.add({ bodyTerms: [...bodyTerms, ...familyTerms(bodyTerms)], headingTerms: lastHeading.terms });
  into.glossary.add(chunk, folded);
}

port.on('message', (request: LexicalBuildRequest) => {
  void (async () => {
    try {
      if (request.type === 'add') {
        for (const chunk of request.chunks) analyseChunk(chunk, { lexical, glossary });
        port.postMessage({ type: 'added' } satisfies LexicalBuildReply);
      } else {
        const index = lexical.finish();
        const entries = glossary.finish();
        await writeLexicalFiles(request.dir, index, entries);
        port.postMessage({ type: 'finished', terms: index.parts().arrays.terms.length, glossary: entries.length } satisfies LexicalBuildReply);
      }
    } catch (error) {
      port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies LexicalBuildReply);
    }
  })();
});
