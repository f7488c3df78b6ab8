import json, math, numpy as np, sys
X=[];Y=[]
for i in range(1,3001):
    x1 = 6*(i*0.6180339887498949 - math.floor(i*0.6180339887498949)) - 3
    x2 = 4*(i*0.7548776662466927 - math.floor(i*0.7548776662466927)) - 2
    s = math.sin(float(i))*43758.5453
    X.append([x1,x2]); Y.append(math.sin(x1) + x2*x2/2 + 0.2*(s - math.floor(s) - 0.5))
X=np.array(X);Y=np.array(Y)
Xtr,Ytr,Xte,Yte=X[:2000],Y[:2000],X[2000:],Y[2000:]
for f in sys.argv[1:]:
    m=json.load(open(f))
    mu,sd=Xtr.mean(0),Xtr.std(0)
    print(f, 'scaling maxdiff', np.abs(mu-m['input_mean']).max(), np.abs(sd-m['input_scale']).max())
    Z=(Xtr-mu)/sd; C=np.array(m['centres'])
    D2=((Z[:,None,:]-C[None,:,:])**2).sum(2); a=D2.argmin(1)
    means=np.array([Z[a==u].mean(0) for u in range(len(C))])
    print(' lloyd fixed point maxdiff', np.abs(means-C).max(), ' inertia', D2.min(1).sum(), 'model', m['cluster_sse'])
    cd=np.sqrt(((C[:,None,:]-C[None,:,:])**2).sum(2)); np.fill_diagonal(cd,np.inf)
    w=cd.min(1); print(' widths maxdiff', np.abs(w-m['widths']).max())
    H=np.exp(-D2/(2*w**2)); A=np.hstack([H,np.ones((len(H),1))])
    coef,*_=np.linalg.lstsq(A,Ytr,rcond=None)
    tr_mse=np.mean((A@coef-Ytr)**2)
    Zt=(Xte-mu)/sd; Ht=np.exp(-((Zt[:,None,:]-C[None,:,:])**2).sum(2)/(2*w**2))
    te_mse=np.mean((np.hstack([Ht,np.ones((len(Ht),1))])@coef-Yte)**2)
    print(' numpy lstsq train_mse %.17g model %.17g  test_mse %.17g'%(tr_mse,m['train_mse'],te_mse))
    # also sklearn KMeans from these centres must not move
    from sklearn.cluster import KMeans
    km=KMeans(20,init=C,n_init=1,tol=0,max_iter=300).fit(Z)
    print(' sklearn KMeans from the final centres: iters', km.n_iter_, 'inertia %.17g'%km.inertia_)
