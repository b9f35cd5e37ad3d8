/**
 * Reranker training data (developer tool): for every answerable question of the given gold sets
 * (later turns of a conversation searched after the earlier turns' answers, as the eval asks them),
 * the re-ranked candidates with their features and whether each holds a gold source, one JSON line
 * per question with its turn on stdout. `scripts/learn-rerank.py` fits the weights with leave-one-set-out.
 *
 *   npx tsx scripts/dump-rerank-features.ts --sets dev,fresh3 > /tmp/rerank.jsonl
 */
import path from 'node:path';
import { Command } from 'commander';
import { openAssistant } from '../src/app/assistant.js';
import { loadSettings } from '../src/config.js';
import { loadGoldSet, settingsForGoldSet } from '../src/eval/gold-set.js';
import { NormalizedTexts, sourceRanks } from '../src/eval/scoring.js';
import type { ConversationTurn } from '../src/core/answer.js';
import type { Chunk } from '../src/core/types.js';
import type { FusedCandidate } from '../src/search/types.js';

type Candidate = FusedCandidate & { chunk: Chunk };

const options = new Command().requiredOption('--sets <names>', 'gold sets, comma-separated').parse().opts<{ sets: string }>();
const base = loadSettings();
for (const name of options.sets.split(',')) {
  const assistant = await openAssistant(settingsForGoldSet(name, base), { ensureIndex: true });
  const questions = await loadGoldSet(path.resolve('eval', `${name}.jsonl`));
  const texts = new NormalizedTexts();
  // Later turns are searched as the eval asks them: after the earlier turns' answers.
  let history: ConversationTurn[] = [];
  for (const question of questions) {
    const turn = question.conversation?.turn ?? 0;
    if (turn === 0) history = [];
    const context = history.length > 0 ? { history: [...history] } : {};
    if (question.conversation) {
      // As the eval does: a failed turn is kept in the conversation without its answer.
      const answer = await assistant.ask(question.question, { surface: 'eval', ...context }).catch(() => undefined);
      history.push({ question: question.question, ...(answer ? { answer } : {}) });
    }
    if (question.sources.length === 0) continue;
    let candidates: Candidate[] = [];
    await assistant.search(question.question, {
      k: 10,
      ...context,
      onCandidates: (list) => {
        candidates = list;
      },
    });
    const rows = candidates.map((candidate) => {
      const gold = sourceRanks(question.sources, [candidate.chunk], texts).some((rank) => rank !== null);
      const { chunk, features, ...fused } = candidate;
      return {
        gold,
        id: chunk.id,
        section: chunk.breadcrumb.join(' › '),
        parent: chunk.breadcrumb.slice(0, -1).join(' › '),
        file: chunk.file,
        ...fused,
        score: fused.baseScore ?? fused.score,
        extra: features,
      };
    });
    console.log(JSON.stringify({ set: name, id: question.id, turn, rows }));
  }
}
