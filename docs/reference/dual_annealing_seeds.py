import numpy as np, sys
from scipy.optimize import dual_annealing
def griewank(x):
    i=np.arange(1,len(x)+1); return 1+np.sum(x*x)/4000-np.prod(np.cos(x/np.sqrt(i)))
def egg(x):
    a=x[1]+47; return -a*np.sin(np.sqrt(abs(a+x[0]/2)))-x[0]*np.sin(np.sqrt(abs(x[0]-a)))
def rastrigin(x): return 10*len(x)+np.sum(x*x-10*np.cos(2*np.pi*x))
cases={'griewank':(griewank,[(-600,600)]*10,0.0),'eggholder':(egg,[(-512,512)]*2,-959.6406627208507),'rastrigin':(rastrigin,[(-5.12,5.12)]*10,0.0)}
name=sys.argv[1]; f,b,fs=cases[name]
res=[]
for seed in range(int(sys.argv[2]), int(sys.argv[3])):
    r=dual_annealing(f,b,seed=seed)
    res.append((seed, r.fun, r.nfev, abs(r.fun-fs)<1e-6))
    print(seed, r.fun, r.nfev, r.nit, abs(r.fun-fs)<1e-6, flush=True)
print(name, 'success', sum(1 for x in res if x[3]), 'of', len(res), 'median f', np.median([x[1] for x in res]))
