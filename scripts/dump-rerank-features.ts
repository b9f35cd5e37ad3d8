/**
 * Reranker training data (developer tool): for every question of the given gold sets, the
 * re-ranked candidates with their features and whether each holds a gold source, one JSON line
 * per question on stdout. `scripts/learn-rerank.py` fits the weights with leave-one-set-out.
 *
 *   npx tsx scripts/dump-rerank-features.ts --sets dev,fresh3 > /tmp/rerank.jsonl
 */
import path from 'node:path';
import { Command } from 'commander';
import { openAssistant } from '../src/app/assistant.js';
import { loadSettings } from '../src/config.js';
import { loadGoldSet, settingsForGoldSet } from '../src/eval/gold-set.js';
import { NormalizedTexts, sourceRanks } from '../src/eval/scoring.js';
import type { Chunk } from '../src/core/types.js';
import type { LexicalIndex } from '../src/index/lexical-index.js';
import { analyze, isStopWord } from '../src/lang/fr/analyzer.js';
import type { ParsedQuestion } from '../src/query/parse-question.js';
import type { FusedCandidate } from '../src/search/types.js';

type Candidate = FusedCandidate & { chunk: Chunk };

/** Candidate features the retriever does not compute (yet): tried here before any is adopted. */
function extraFeatures(parsed: ParsedQuestion, candidates: Candidate[], lexical: LexicalIndex): Record<string, number>[] {
  const concepts = parsed.expanded.concepts.filter((concept) => !isStopWord(concept.term));
  const idfOf = (concept: (typeof concepts)[number]) => Math.max(lexical.idf(concept.term), ...concept.anyOf.map((term) => lexical.idf(term)), 0);
  const total = concepts.reduce((sum, concept) => sum + idfOf(concept), 0) || 1;
  const holds = (terms: Set<string>, concept: (typeof concepts)[number]) =>
    terms.has(concept.term) || concept.anyOf.some((term) => terms.has(term)) || concept.allOf.some((group) => group.length > 0 && group.every((term) => terms.has(term)));
  const rarest = [...concepts].sort((a, b) => idfOf(b) - idfOf(a))[0];
  const queryStems = analyze(parsed.text).filter((term) => !isStopWord(term));
  const questionTerms = new Set(concepts.flatMap((concept) => [concept.term, ...concept.anyOf]));
  // How much of a section's own title the question names (IDF-weighted share of its content words).
  const namedShare = (label: string) => {
    const terms = [...new Set(analyze(label).filter((term) => !isStopWord(term) && !/^\d+$/.test(term)))];
    const weight = terms.reduce((sum, term) => sum + Math.max(lexical.idf(term), 0), 0);
    if (terms.length === 0 || weight === 0) return 0;
    return terms.reduce((sum, term) => sum + (questionTerms.has(term) ? Math.max(lexical.idf(term), 0) : 0), 0) / weight;
  };
  const pairs = queryStems.slice(1).map((term, at) => [queryStems[at]!, term] as const);
  const maxLexical = Math.max(1e-9, ...candidates.map((candidate) => candidate.lexical ?? 0));
  return candidates.map((candidate) => {
    const { chunk } = candidate;
    const headingTerms = new Set(analyze([...chunk.breadcrumb, ...chunk.headings].join(' ')));
    const bodySequence = analyze(chunk.text);
    const positions = new Map<string, number[]>();
    for (const [at, term] of bodySequence.entries()) positions.set(term, [...(positions.get(term) ?? []), at]);
    const nearPairs = pairs.filter(([a, b]) => (positions.get(a) ?? []).some((at) => (positions.get(b) ?? []).some((bt) => Math.abs(bt - at) <= 3))).length;
    return {
      headingCoverage: concepts.reduce((sum, concept) => sum + (holds(headingTerms, concept) ? idfOf(concept) : 0), 0) / total,
      proximity: pairs.length > 0 ? nearPairs / pairs.length : 0,
      namedDocument: parsed.namedDocuments.some((meta) => meta.file === chunk.file) ? 1 : 0,
      rarest: rarest && holds(new Set(bodySequence), rarest) ? 1 : 0,
      lexicalShare: (candidate.lexical ?? 0) / maxLexical,
      denseSimilarity: candidate.dense ?? 0,
      logLength: Math.log(1 + chunk.text.length),
      ownHeadingNamed: Math.max(0, ...[chunk.breadcrumb.at(-1) ?? '', ...chunk.headings].map(namedShare)),
    };
  });
}

const options = new Command().requiredOption('--sets <names>', 'gold sets, comma-separated').parse().opts<{ sets: string }>();
const base = loadSettings();
for (const name of options.sets.split(',')) {
  const assistant = await openAssistant(settingsForGoldSet(name, base), { ensureIndex: true });
  const questions = (await loadGoldSet(path.resolve('eval', `${name}.jsonl`))).filter((question) => question.sources.length > 0 && (question.conversation?.turn ?? 0) === 0);
  const texts = new NormalizedTexts();
  for (const question of questions) {
    let candidates: Candidate[] = [];
    let extras: Record<string, number>[] = [];
    await assistant.search(question.question, {
      k: 10,
      onCandidates: (list, parsed) => {
        candidates = list;
        extras = extraFeatures(parsed, list, assistant.index.lexical);
      },
    });
    const rows = candidates.map((candidate, at) => {
      const gold = sourceRanks(question.sources, [candidate.chunk], texts).some((rank) => rank !== null);
      const { chunk, ...features } = candidate;
      return { gold, id: chunk.id, section: chunk.breadcrumb.join(' › '), parent: chunk.breadcrumb.slice(0, -1).join(' › '), file: chunk.file, ...features, extra: extras[at] };
    });
    console.log(JSON.stringify({ set: name, id: question.id, rows }));
  }
}
