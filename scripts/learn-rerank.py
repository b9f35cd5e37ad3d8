"""Fits reranker feature weights on dumped candidates (scripts/dump-rerank-features.ts) with a
pairwise logistic loss, and reports hit@1 leave-one-set-out: each set is scored with weights fitted
on the other sets only, beside the current hand-set score. A weight earns its place only if the
held-out sets gain.

    python3 scripts/learn-rerank.py /tmp/rerank.jsonl [feature ...]

Later turns of conversations (dumped after the earlier turns' answers) are scored on their own
line, and the ALL line mixes both: compare FIRST TURNS with figures measured on first turns only; weights are fitted on first turns only unless TRAIN_TURNS=all. SCALE scales the held-out
weights (the retriever applies half).
"""
import json
import os
import sys

import numpy as np

ALL = ['lexRR', 'denseRR', 'coverage', 'askedLabel', 'figure', 'person', 'eligibility', 'headingCoverage', 'namedDocument', 'lexicalShare', 'denseSimilarity', 'logLength', 'ownHeadingNamed', 'contextCoverage', 'proximity', 'figureSentence']

EXTRA = ['headingCoverage', 'namedDocument', 'lexicalShare', 'denseSimilarity', 'logLength', 'ownHeadingNamed', 'contextCoverage', 'proximity', 'figureSentence']


def features(row):
    return {
        'lexRR': 1 / (61 + row['lexicalRank']) if row.get('lexicalRank') is not None else 0,
        'denseRR': 1 / (61 + row['denseRank']) if row.get('denseRank') is not None else 0,
        'coverage': row.get('coverage', 0) or 0,
        'askedLabel': float(bool(row.get('askedLabel'))),
        'figure': float(bool(row.get('figure'))),
        'person': float(bool(row.get('person'))),
        'eligibility': float(bool(row.get('eligibility'))),
        **{key: row['extra'][key] for key in EXTRA if key in row['extra']},
    }


def load(path, names):
    questions = []
    for line in open(path):
        q = json.loads(line)
        rows = [r for r in q['rows'] if 'extra' in r]
        if not rows:
            continue
        # A feature named but missing from the dump (an older dump) is an error, not zeros.
        X = np.array([[features(r)[n] for n in names] for r in rows])
        base = np.array([r['score'] for r in rows])
        gold = np.array([r['gold'] for r in rows])
        questions.append((q['set'], X, base, gold, q.get('turn', 0)))
    return questions


def fit(questions, dims, l2=1e-3, steps=400, rate=0.5):
    # Standardise so one learning rate suits all features.
    allX = np.vstack([X for _, X, _, _, _ in questions])
    mu, sd = allX.mean(0), allX.std(0) + 1e-9
    w = np.zeros(dims)
    pairs = []
    for _, X, base, gold, _ in questions:
        if gold.any() and (~gold).any():
            Z = (X - mu) / sd
            # Each gold candidate against the non-gold candidates ranked near the top.
            top = np.argsort(-base)[:15]
            neg = [i for i in top if not gold[i]]
            for g in np.where(gold)[0]:
                for n in neg:
                    pairs.append((Z[g] - Z[n], base[g] - base[n]))
    D = np.array([p[0] for p in pairs])
    B = np.array([p[1] for p in pairs]) * 100  # base score in the same units as the learned part
    for _ in range(steps):
        margin = B + D @ w
        p = 1 / (1 + np.exp(np.clip(margin, -30, 30)))
        grad = -(D * p[:, None]).mean(0) + l2 * w
        w -= rate * grad
    return w / sd, mu


def hit1(questions, w=None):
    hits = 0
    for _, X, base, gold, _ in questions:
        score = base * 100 + (X @ w if w is not None else 0)
        hits += bool(gold[int(np.argmax(score))])
    return hits


# Shrinks the fitted weights when scoring held-out sets (SEARCH_TUNING applies them scaled).
SCALE = float(os.environ.get('SCALE', '1'))


def main():
    path = sys.argv[1]
    names = sys.argv[2:] or ALL
    questions = load(path, names)
    sets = sorted({s for s, *_ in questions})
    total_base = total_learned = total = 0
    # Later turns (searched after the earlier turns' answers) are scored apart; they are fitted on
    # only with TRAIN_TURNS=all, which does not pay (held-out later turns 0.578 -> 0.577).
    first_only = os.environ.get('TRAIN_TURNS') != 'all'
    later = {'base': 0, 'learned': 0, 'n': 0}
    first = {'base': 0, 'learned': 0, 'n': 0}
    for held in sets:
        train = [q for q in questions if q[0] != held and (not first_only or q[4] == 0)]
        test = [q for q in questions if q[0] == held]
        w_held, _ = fit(train, len(names))
        for tally, part in ((later, [q for q in test if q[4] > 0]), (first, [q for q in test if q[4] == 0])):
            tally['base'] += hit1(part)
            tally['learned'] += hit1(part, w_held * SCALE)
            tally['n'] += len(part)
        b, l = hit1(test), hit1(test, w_held * SCALE)
        total_base += b
        total_learned += l
        total += len(test)
        print(f'{held:14} n={len(test):3}  hand {b / len(test):.3f}  learned {l / len(test):.3f}')
    print(f'{"ALL":14} n={total:3}  hand {total_base / total:.3f}  learned {total_learned / total:.3f}')
    for label, tally in (('FIRST TURNS', first), ('LATER TURNS', later)):
        if tally['n']:
            print(f'{label:14} n={tally["n"]:3}  hand {tally["base"] / tally["n"]:.3f}  learned {tally["learned"] / tally["n"]:.3f}')
    w, _ = fit([q for q in questions if not first_only or q[4] == 0], len(names))
    print('weights on all sets (in units of the fused score x100):')
    for n, v in zip(names, w):
        print(f'  {n:16} {v:+.4f}')


main()
