#!/usr/bin/env python3
"""usage: newcit.py NEWDIR BASEDIR — by question kind cue: gains, losses, citations added and how many are precise."""
import json,glob,os,sys
from collections import Counter
new,base=sys.argv[1],sys.argv[2]
c=Counter()
for f in glob.glob(new+'/*.json'):
    s=os.path.basename(f)[:-5]
    try: b={x['id']:x for x in json.load(open(f'{base}/{s}.json'))['results']}
    except Exception: continue
    for x in json.load(open(f))['results']:
        y=b[x['id']]
        kind=next((q for q in x['cues'] if q.startswith('kind.') and q!='kind.inherited'),'?')
        old=set(ci['chunkId'] for ci in y['citations'])
        added=[ci for ci in x['citations'] if ci['chunkId'] not in old]
        c[(kind,'n')]+=1
        c[(kind,'added')]+=len(added); c[(kind,'precise')]+=sum(1 for ci in added if ci.get('precise'))
        if x.get('answerable'):
            c[(kind,'gain')]+= bool(x['exact'] and not y['exact']); c[(kind,'loss')]+= bool(y['exact'] and not x['exact'])
        else: c[(kind,'added-unans')]+=len(added)
kinds=sorted(set(k for k,_ in c), key=lambda k:-c[(k,'n')])
print(f"{'kind':24} {'n':>5} {'gain':>5} {'loss':>5} {'added':>6} {'precise':>7} {'unans':>6}")
for k in kinds: print(f"{k:24} {c[(k,'n')]:5} {c[(k,'gain')]:5} {c[(k,'loss')]:5} {c[(k,'added')]:6} {c[(k,'precise')]:7} {c[(k,'added-unans')]:6}")
