import numpy as np, math
from scipy.optimize import minimize
f=lambda x: 0.6224*x[0]*x[2]*x[3]+1.7781*x[1]*x[2]**2+3.1661*x[0]**2*x[3]+19.84*x[0]**2*x[2]
cons=[{'type':'ineq','fun':lambda x: x[0]-0.0193*x[2]},{'type':'ineq','fun':lambda x: x[1]-0.00954*x[2]},
{'type':'ineq','fun':lambda x:(math.pi*x[2]**2*x[3]+4/3*math.pi*x[2]**3)/1296000-1},{'type':'ineq','fun':lambda x:240-x[3]}]
b=[(0.0625,99),(0.0625,99),(10,200),(10,200)]
for tol in [1e-6,1e-9,1e-10]:
    r=minimize(f,[1,1,50,100],method='SLSQP',bounds=b,constraints=cons,options={'ftol':tol,'maxiter':200})
    print(tol, r.status, r.message, r.nit, r.fun, r.x)
def g(x): return np.array([0.6224*x[2]*x[3]+2*3.1661*x[0]*x[3]+2*19.84*x[0]*x[2], 1.7781*x[2]**2, 0.6224*x[0]*x[3]+2*1.7781*x[1]*x[2]+19.84*x[0]**2, 0.6224*x[0]*x[2]+3.1661*x[0]**2])
cj=[{'type':'ineq','fun':cons[0]['fun'],'jac':lambda x: np.array([1,0,-0.0193,0])},{'type':'ineq','fun':cons[1]['fun'],'jac':lambda x: np.array([0,1,-0.00954,0])},
{'type':'ineq','fun':cons[2]['fun'],'jac':lambda x: np.array([0,0,(2*math.pi*x[2]*x[3]+4*math.pi*x[2]**2)/1296000, math.pi*x[2]**2/1296000])},{'type':'ineq','fun':cons[3]['fun'],'jac':lambda x: np.array([0,0,0,-1])}]
for tol in [1e-6,1e-9,1e-10]:
    r=minimize(f,[1,1,50,100],jac=g,method='SLSQP',bounds=b,constraints=cj,options={'ftol':tol,'maxiter':200})
    print('analytic',tol, r.status, r.message, r.nit, r.fun, r.x)
for s in [1e-3, 1e-4]:
  for tol in [1e-9]:
    r=minimize(lambda x: f(x)*s,[1,1,50,100],method='SLSQP',bounds=b,constraints=cons,options={'ftol':tol,'maxiter':200})
    print('fd scaled',s,tol, r.status, r.message, r.nit, r.fun/s, r.x)
    r=minimize(lambda x: f(x)*s,[1,1,50,100],jac=lambda x: g(x)*s,method='SLSQP',bounds=b,constraints=cj,options={'ftol':tol,'maxiter':200})
    print('an scaled',s,tol, r.status, r.message, r.nit, r.fun/s, r.x)
