#!/usr/bin/env python3
"""usage: diff.py NEWDIR BASEDIR [gain|loss] — answers that changed exact status."""
import json, sys, os, glob
new, base = sys.argv[1], sys.argv[2]; which = sys.argv[3] if len(sys.argv) > 3 else 'both'
for f in sorted(glob.glob(os.path.join(new, '*.json'))):
    s = os.path.basename(f)[:-5]
    try: a = json.load(open(f)); b = json.load(open(os.path.join(base, s + '.json')))
    except Exception: continue
    bm = {x['id']: x for x in b['results']}
    for x in a['results']:
        y = bm.get(x['id'])
        if not y or not x.get('answerable'): continue
        kind = 'gain' if x['exact'] and not y['exact'] else 'loss' if y['exact'] and not x['exact'] else None
        if not kind or (which != 'both' and which != kind): continue
        print(f"== {kind} {s} {x['id']} | {x['question']}")
        print(f"   missing now {x['mustInclude']['missing']} before {y['mustInclude']['missing']} ranks {x['sourceRanks']}")
        print(f"   rules now {x['rules']}\n   rules before {y['rules']}")
        print('   NOW:', x['answerText'][:700].replace('\n', ' / '))
        print('   BEFORE:', y['answerText'][:700].replace('\n', ' / '))
