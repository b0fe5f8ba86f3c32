import numpy as np, time
from scipy.optimize import minimize
f=lambda x: x[0]*x[3]*(x[0]+x[1]+x[2])+x[2]
g=lambda x: np.array([x[3]*(2*x[0]+x[1]+x[2]), x[0]*x[3], x[0]*x[3]+1, x[0]*(x[0]+x[1]+x[2])])
cons=[{'type':'ineq','fun':lambda x: x[0]*x[1]*x[2]*x[3]-25,'jac':lambda x: np.array([x[1]*x[2]*x[3],x[0]*x[2]*x[3],x[0]*x[1]*x[3],x[0]*x[1]*x[2]])},
{'type':'eq','fun':lambda x: x@x-40,'jac':lambda x: 2*x}]
b=[(1,5)]*4
x0=np.array([1.,5,5,1])
r=minimize(f,x0,jac=g,method='SLSQP',bounds=b,constraints=cons,options={'ftol':1e-9}); print(r.nit,r.fun)
best=1e9
for rep in range(5):
    t=time.perf_counter()
    for i in range(200): minimize(f,x0,jac=g,method='SLSQP',bounds=b,constraints=cons,options={'ftol':1e-9})
    best=min(best,(time.perf_counter()-t)/200)
print('scipy HS71 solve', best*1e6,'us')
