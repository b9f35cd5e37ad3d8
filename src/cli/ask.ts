/** `npm run ask -- "question" [--json]`: one question, its answer and sources (or the raw ranking). */
import { Command } from 'commander';
import { renderAnswerText } from '../answer/render-text.js';
import { openCore } from './open-core.js';

const program = new Command()
  .name('ask')
  .description('Pose une question au corpus et affiche la réponse citée')
  .argument('<question...>', 'la question, en français')
  .option('--json', 'affiche la réponse complète et les passages classés, en JSON')
  .option('--chunks', 'affiche seulement les passages classés (recherche, sans réponse)')
  .option('-k, --k <n>', 'nombre de passages classés', '10')
  .option('--doc <file>', 'limite la recherche à un fichier du corpus')
  .option('--territory <name>', 'limite la recherche à un territoire')
  .option('--kind <kind>', 'limite la recherche à un type de document')
  .parse();

const options = program.opts<{ json?: boolean; chunks?: boolean; k: string; doc?: string; territory?: string; kind?: string }>();
const question = program.args.join(' ');
const filters = { file: options.doc, territory: options.territory, kind: options.kind };

try {
  const assistant = await openCore();
  const hits = await assistant.search(question, { k: Number(options.k) || 10, filters });
  const ranked = hits.map((hit, rank) => ({
    rank: rank + 1,
    file: hit.chunk.file,
    breadcrumb: hit.chunk.breadcrumb,
    span: { lineStart: hit.chunk.lineStart, lineEnd: hit.chunk.lineEnd, pageStart: hit.chunk.pageStart, pageEnd: hit.chunk.pageEnd },
    score: Number(hit.score.toFixed(5)),
    scores: hit.scores,
    text: hit.chunk.text,
  }));
  if (options.chunks) {
    console.log(options.json ? JSON.stringify(ranked, null, 2) : ranked.map((hit) => `#${hit.rank} ${hit.file} › ${hit.breadcrumb.join(' › ')} (${hit.score})\n${hit.text}\n`).join('\n'));
  } else {
    const answer = await assistant.ask(question, { surface: 'terminal', filters });
    console.log(options.json ? JSON.stringify({ answer, hits: ranked }, null, 2) : renderAnswerText(answer));
  }
} catch (error) {
  console.error(`Erreur : ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
