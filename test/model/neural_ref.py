import math, numpy as np, sys, time
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler
X=[];Y=[]
for i in range(1,3001):
    x1 = 6*(i*0.6180339887498949 - math.floor(i*0.6180339887498949)) - 3
    x2 = 4*(i*0.7548776662466927 - math.floor(i*0.7548776662466927)) - 2
    s = math.sin(float(i))*43758.5453
    X.append([x1,x2]); Y.append(math.sin(x1) + x2*x2/2 + 0.2*(s - math.floor(s) - 0.5))
X=np.array(X);Y=np.array(Y)
tr=slice(0,2000); te=slice(2000,3000)
sc=StandardScaler().fit(X[tr])
H=int(sys.argv[1]) if len(sys.argv)>1 else 16
act=sys.argv[2] if len(sys.argv)>2 else 'logistic'
for rs in range(int(sys.argv[3]) if len(sys.argv)>3 else 5):
    m=MLPRegressor(hidden_layer_sizes=(H,),activation=act,solver='adam',alpha=0.0,batch_size=32,learning_rate_init=0.001,max_iter=200,tol=0,n_iter_no_change=10**9,shuffle=True,random_state=rs)
    t=time.time(); m.fit(sc.transform(X[tr]),Y[tr]); el=time.time()-t
    p=m.predict(sc.transform(X[te]))
    print(rs, 'test_mse %.6g'%np.mean((p-Y[te])**2), 'train_mse %.6g'%np.mean((m.predict(sc.transform(X[tr]))-Y[tr])**2), 'time %.2fs'%el, 'throughput %.0f'%(2000*200/el))
