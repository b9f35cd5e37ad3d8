#!/usr/bin/env python3
"""usage: structure-summary.py DIR [BASEDIR] — structure eval right answers per corpus, changes against BASEDIR."""
import json,glob,os,sys
def load(d):
    r={}
    for f in glob.glob(d+'/*.json'):
        try: j=json.load(open(f))
        except Exception: continue
        if isinstance(j,list): j=j[0]
        a=j['answers']; b=j['baseline']
        right=sum(1 for x in j['results'] if x.get('exact'))
        r[os.path.basename(f)[:-5]]=(right,a['answerable'],(round(b['exact']*b['answerable']) if b and b.get('exact') is not None else 0),a['citationPrecision'] or 0)
    return r
cur=load(sys.argv[1]); base=load(sys.argv[2]) if len(sys.argv)>2 else {}
tr=tn=tb=0
for k,(r,n,b,c) in sorted(cur.items()):
    tr+=r;tn+=n;tb+=b
    d=f" (was {base[k][0]})" if k in base and base[k][0]!=r else ''
    if d or k=='bundled': print(k,r,n,b,round(c,2),d)
print('TOTAL',len(cur),'right',tr,'of',tn,'top passage',tb, ('base total '+str(sum(v[0] for v in base.values()))) if base else '')
