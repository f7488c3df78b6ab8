#!/usr/bin/python3
"""Reference for sql/segment/rfm.sql, issue 16 (pure Python: exact 3-means by
enumerating every partition; numpy is not installed on the build host).
Part 1: the toy rfm_orders table; part 2: the shop_lines table (order
lines, several per order): prints its INSERT, per-customer orders/lines/
totals and the optimal partition."""
import math, itertools, datetime as dt
rows=[(1,'2024-06-30 12:00',100),(1,'2024-05-01',50),(1,'2024-01-10',70),(1,'2023-11-02',30),(2,'2024-06-01',20),(3,'2024-06-29',300),(3,'2024-06-20',10),(4,'2023-07-01',500),(4,'2023-09-01',5),(4,'2023-12-24',45),(5,'2024-04-15',60),(5,'2024-04-20',60),(6,'2024-07-01',15),(7,'2022-12-01',80),(7,'2023-03-01',90),(7,'2024-02-01',100),(7,'2024-06-01',110),(7,'2024-06-25',120),(8,'2024-03-03',25),(8,'2024-03-04',25),(9,'2024-06-01',40),(10,'2023-10-10',200),(10,'2024-05-05',220),(10,'2024-06-15',5),(11,'2024-06-28',33),(11,'2024-06-27',33),(12,'2024-01-01',9)]
def P(s): return dt.datetime.fromisoformat(s)
asof=P('2024-07-01')
cust={}
for c,t,a in rows: cust.setdefault(c,[]).append((P(t),a))
ids=sorted(cust)
feat=[];info={}
for c in ids:
    ts=[t for t,_ in cust[c]]; m=sum(a for _,a in cust[c]); f=len(ts)
    ten=(asof-min(ts)).total_seconds()/86400; rec=(asof-max(ts)).total_seconds()/86400
    info[c]=(ten,f)
    feat.append([math.log1p(ten),rec,math.log(f),math.log1p(m)])
d=4;n=len(ids)
for j in range(d):
    col=[r[j] for r in feat]; mu=sum(col)/n; sd=math.sqrt(sum((x-mu)**2 for x in col)/n)
    for r in feat: r[j]=(r[j]-mu)/sd
best=None
for lab in itertools.product(range(3),repeat=n-1):
    lab=(0,)+lab
    if len(set(lab))<3: continue
    if lab.index(1) > (lab.index(2)): continue
    cost=0
    for k in range(3):
        mem=[feat[i] for i in range(n) if lab[i]==k]
        for j in range(d):
            mu=sum(r[j] for r in mem)/len(mem); cost+=sum((r[j]-mu)**2 for r in mem)
    if best is None or cost<best[0]: best=(cost,lab)
cost,lab=best
print('inertia',round(cost,4))
for k in range(3):
    mem=[ids[i] for i in range(n) if lab[i]==k]
    print(k,mem,'mean tenure',round(sum(info[c][0] for c in mem)/len(mem),1),'mean ln f',round(sum(math.log(info[c][1]) for c in mem)/len(mem),3),
      'tenures',[round(info[c][0],1) for c in mem])

print('--- shop_lines')
import math, itertools, datetime as dt
asof=dt.datetime(2024,7,1)
# customer: list of (days before as_of of the order, [line amounts])
C={
 101:[(280,[10,5,5]),(20,[8,2,10])],        # old, rare, bought again recently
 102:[(250,[30,20,1]),(35,[15,15,15])],
 103:[(300,[12,12,12]),(15,[40,2,3])],
 104:[(224,[9,9,9,9]),(40,[5,5,5])],
 201:[(d,[25,25]) for d in (350,300,260,210,170,120,80,50,20,5)],   # frequent
 202:[(d,[30,10]) for d in (330,280,220,160,100,60,30,10)],
 203:[(d,[20,20]) for d in (360,290,230,190,140,90,45,12,3)],
 301:[(10,[20,30,5])],                      # new
 302:[(25,[12,8])],
 303:[(5,[50,5,5,5])],
 304:[(60,[7,7]),(8,[7,7])],
 401:[(400,[60,40])],                       # lapsed
 402:[(330,[25,25,25])],
}
vals=[]; oid=1000
for c,orders in C.items():
    for days,lines in orders:
        oid+=1
        t=asof-dt.timedelta(days=days)
        for a in lines: vals.append(f"({c}, {oid}, '{t:%Y-%m-%d}+00', {a})")
print("INSERT INTO shop_lines (customer_id, order_id, ordered_at, amount) VALUES\n "+",\n ".join(", ".join(vals[i:i+4]) for i in range(0,len(vals),4))+";")
ids=sorted(C); info={}
feat=[]
for c in ids:
    o=C[c]; f=len(o); lines=sum(len(l) for _,l in o); m=sum(sum(l) for _,l in o)
    ten=max(d for d,_ in o); rec=min(d for d,_ in o)
    info[c]=(ten,rec,f,lines,m)
    feat.append([math.log1p(ten),rec,math.log(f),math.log1p(m)])
    print(c,'tenure',ten,'recency',rec,'orders',f,'lines',lines,'total',m)
n=len(ids); d=4
for j in range(d):
    col=[r[j] for r in feat]; mu=sum(col)/n; sd=math.sqrt(sum((x-mu)**2 for x in col)/n)
    for r in feat: r[j]=(r[j]-mu)/sd
def cost(lab):
    s=0
    for k in range(3):
        rs=[feat[i] for i in range(n) if lab[i]==k]
        if not rs: return 1e18
        for j in range(d):
            mu=sum(r[j] for r in rs)/len(rs); s+=sum((r[j]-mu)**2 for r in rs)
    return s
best=None
for lab in itertools.product(range(3),repeat=n-1):
    lab=(0,)+lab
    try:
        if lab.index(1)>lab.index(2): continue
    except ValueError: continue
    c=cost(lab)
    if best is None or c<best[0]: best=(c,lab)
c,lab=best; print('optimum inertia',round(c,4))
for k in range(3):
    mem=[ids[i] for i in range(n) if lab[i]==k]
    print(mem,'mean tenure',round(sum(info[x][0] for x in mem)/len(mem),1),'mean ln f',round(sum(math.log(info[x][2]) for x in mem)/len(mem),3))

print('--- old cohort: shop_lines without 301-304 (nobody first ordered within new_days)')
old=[c for c in ids if not 301<=c<=304]
idx=[ids.index(c) for c in old]
feat=[]
for c in old:
    ten,rec,f,lines,m=info[c]
    feat.append([math.log1p(ten),rec,math.log(f),math.log1p(m)])
n=len(old)
for j in range(d):
    col=[r[j] for r in feat]; mu=sum(col)/n; sd=math.sqrt(sum((x-mu)**2 for x in col)/n)
    for r in feat: r[j]=(r[j]-mu)/sd
best=None
for lab in itertools.product(range(3),repeat=n-1):
    lab=(0,)+lab
    try:
        if lab.index(1)>lab.index(2): continue
    except ValueError: continue
    c=cost(lab)
    if best is None or c<best[0]: best=(c,lab)
c,lab=best; print('optimum inertia',round(c,4))
for k in range(3):
    mem=[old[i] for i in range(n) if lab[i]==k]
    print(mem,'mean tenure',round(sum(info[x][0] for x in mem)/len(mem),1),'mean ln f',round(sum(math.log(info[x][2]) for x in mem)/len(mem),3),
          'min tenure',min(info[x][0] for x in mem))
# rules: natural break of ln f over all (no new)
fs=sorted(math.log(info[c][2]) for c in old)
bb=None
for s in range(1,len(fs)):
    a,b=fs[:s],fs[s:]
    w=sum((x-sum(a)/len(a))**2 for x in a)+sum((x-sum(b)/len(b))**2 for x in b)
    if bb is None or w<bb[0]: bb=(w,math.exp(b[0]))
print('rules: frequent when f >=',round(bb[1]),[c for c in old if info[c][2]>=round(bb[1])])
