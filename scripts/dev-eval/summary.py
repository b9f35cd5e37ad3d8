#!/usr/bin/env python3
"""usage: table.py DIR [BASEDIR] — per-set right (exact count), baseline, wrong refusals, refused unanswerable, later turns, citation precision."""
import json, sys, os, glob
def load(d):
    r = {}
    for f in sorted(glob.glob(os.path.join(d, '*.json'))):
        try: j = json.load(open(f))
        except Exception: continue
        if isinstance(j, list): j = j[0]
        a, b = j['answers'], j['baseline']
        right = sum(1 for x in j['results'] if x.get('answerable') and x.get('exact'))
        bright = round(b['exact'] * b['answerable']) if b.get('exact') is not None else 0
        later = [x for x in j['results'] if x.get('turn', 0) and x.get('turn', 0) > 0]
        r[os.path.basename(f)[:-5]] = dict(n=a['answerable'], right=right, base=bright, wrongR=sum(1 for x in j['results'] if x.get('answerable') and x.get('refused')), refU=sum(1 for x in j['results'] if not x.get('answerable') and x.get('refused')), unans=a['unanswerable'], cit=a['citationPrecision'] or 0,
            later=sum(1 for x in later if x.get('exact')), nlater=len(later), ids={x['id']: bool(x.get('exact')) for x in j['results'] if x.get('answerable')})
    return r
cur = load(sys.argv[1]); base = load(sys.argv[2]) if len(sys.argv) > 2 else None
tot = dict(n=0, right=0, base=0, wrongR=0, refU=0, unans=0, later=0, nlater=0); cits = []
print(f"{'set':14} {'n':>4} {'right':>6} {'base':>5} {'wR':>4} {'refU':>6} {'cit':>5}" + ("  Δ(+/-)" if base else ''))
gain = loss = 0
for s, m in cur.items():
    for k in tot: tot[k] += m[k]
    cits.append(m['cit'])
    extra = ''
    if base and s in base:
        g = sum(1 for i, v in m['ids'].items() if v and not base[s]['ids'].get(i, False))
        l = sum(1 for i, v in m['ids'].items() if not v and base[s]['ids'].get(i, False))
        gain += g; loss += l
        extra = f"  {m['right']-base[s]['right']:+d} (+{g}/-{l})" if (g or l) else ''
    print(f"{s:14} {m['n']:4} {m['right']:6} {m['base']:5} {m['wrongR']:4} {m['refU']:3}/{m['unans']:<2} {m['cit']:.2f}{extra}")
print(f"TOTAL {len(cur)} sets: answerable {tot['n']} right {tot['right']} base {tot['base']} wrongR {tot['wrongR']} refU {tot['refU']}/{tot['unans']} later {tot['later']}/{tot['nlater']} meancit {sum(cits)/max(1,len(cits)):.3f}" + (f"  vs base dir: +{gain}/-{loss}" if base else ''))
