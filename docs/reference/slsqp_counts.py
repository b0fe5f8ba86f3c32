import json, math, os, numpy as np
from scipy.optimize import minimize
d=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'testproblems', 'constrained.json')))
def mk(expr):
    code=expr.replace('Math.Pow','pow').replace('Math.Log','math.log').replace('Math.Sqrt','math.sqrt')
    return eval('lambda x: '+code, {'pow':pow,'math':math})
for p in d['problems']:
    f=mk(p['objective']); cons=[]
    for e in p['equality_constraints']: cons.append({'type':'eq','fun':mk(e)})
    for e in p['inequality_constraints']: cons.append({'type':'ineq','fun':mk(e)})
    b=list(zip(p['lower_bounds'],p['upper_bounds']))
    b=None if all(l is None and u is None for l,u in b) else b
    r=minimize(f,np.array(p['x0'],float),method='SLSQP',constraints=cons,bounds=b,options={'ftol':1e-9,'maxiter':100})
    print(f"{p['id']:45s} nit={r.nit:3d} nfev={r.nfev:4d} njev={r.njev:3d} f={r.fun:.12g} status={r.status} {r.message} f*={p['f_star']}")
