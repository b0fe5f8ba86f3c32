#!/usr/bin/env python3
"""pycma side of docs/cma-large-scale.md: evaluation counts and time per evaluation of pycma's separable CMA-ES
(option CMA_diagonal=True) and of its VkD-CMA-ES sampler (cma.restricted_gaussian_sampler.GaussVkDSampler) on the
cases of GenOpt's large-scale CMA-ES tests (tests/GenOpt.Runtime.Tests/CmaEs/CmaEsLargeScaleTests.cs).

Run from a checkout of https://github.com/CMA-ES/pycma at commit 8d16505 with numpy installed:

    PYTHONPATH=<checkout> nice -n 19 /usr/bin/python3 docs/reference/cma_large_scale.py counts [case ...]
    PYTHONPATH=<checkout> /usr/bin/python3 docs/reference/cma_large_scale.py timing

`counts` prints one CSV line per (case, method, seed): evaluations until f <= 1e-8 (or the budget), final f, status.
`timing` prints pycma CMA_diagonal's time per evaluation on the sphere (n = 100 and 1000) over a fixed budget.

The problems (written to match GenOpt's test objectives bit for bit up to the order of the summations):
  sphere      f(x) = sum x_i^2
  ellipsoid   f(x) = sum 10^(6 i / (n - 1)) x_i^2 (condition 1e6, separable)
  rotellipsoid  f(x) = sum_i a_pi(i) (Q x)_i^2, Q block-diagonal with orthogonal 20 x 20 blocks (modified Gram-Schmidt of
              a matrix filled by a 64-bit LCG), coordinate r of block b weighted a_(r * n / 20 + b) so that each block spans
              the whole condition 1e6 (a permuted block-rotated ellipsoid, as in the bbob-largescale suite).
All start at x0 = (1, ..., 1) with sigma0 = 1.
"""
import csv
import sys
import time

import numpy as np

import cma
from cma.restricted_gaussian_sampler import GaussVkDSampler

BLOCK = 20


def lcg_uniforms(count):
    state = 0x9E3779B97F4A7C15
    out = np.empty(count)
    for k in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out[k] = (state >> 11) * (1.0 / (1 << 53)) - 0.5
    return out


def rotation_blocks(n):
    blocks = n // BLOCK
    q = lcg_uniforms(blocks * BLOCK * BLOCK).reshape(blocks, BLOCK, BLOCK)
    for b in range(blocks):
        m = q[b]
        for r in range(BLOCK):
            for p in range(r):
                d = 0.0
                for c in range(BLOCK):
                    d += m[r, c] * m[p, c]
                m[r] -= d * m[p]
            nn = 0.0
            for c in range(BLOCK):
                nn += m[r, c] * m[r, c]
            m[r] /= np.sqrt(nn)
    return q


def make(case, n):
    if case == 'sphere':
        return lambda x: float(np.dot(x, x))
    a = 1e6 ** (np.arange(n) / (n - 1.0))
    if case == 'ellipsoid':
        return lambda x: float(np.dot(a, x * x))
    blocks = n // BLOCK
    q = rotation_blocks(n)
    weights = np.empty(n)
    for b in range(blocks):
        for r in range(BLOCK):
            weights[b * BLOCK + r] = a[r * blocks + b]
    weights = weights.reshape(blocks, BLOCK)

    def f(x):
        z = np.einsum('brc,bc->br', q, np.asarray(x).reshape(blocks, BLOCK))
        return float(np.sum(weights * z * z))
    return f


def options(method, seed, budget):
    o = {'seed': seed, 'ftarget': 1e-8, 'maxfevals': budget, 'verbose': -9}
    if method == 'sep':
        o['CMA_diagonal'] = True
    elif method == 'vkd':
        o = GaussVkDSampler.extend_cma_options(o)
    return o


# (case, n, budget, seeds): the budgets and seeds of GenOpt's tests; n = 1000 with fewer seeds (pycma is slow there).
CASES = [
    ('sphere', 100, 200_000, [1, 2, 3]),
    ('ellipsoid', 100, 3_000_000, [1, 2, 3]),
    ('rotellipsoid', 100, 3_000_000, [1, 2, 3]),
    ('sphere', 1000, 1_000_000, [1]),
    ('ellipsoid', 1000, 1_000_000, [1]),
    ('rotellipsoid', 1000, 300_000, [1]),
]


def counts(selected):
    out = csv.writer(sys.stdout)
    out.writerow(['case', 'n', 'method', 'seed', 'evaluations', 'fbest', 'stop', 'seconds'])
    for case, n, budget, seeds in CASES:
        if selected and f'{case}{n}' not in selected:
            continue
        f = make(case, n)
        for method in ('sep', 'vkd'):
            for seed in seeds:
                t0 = time.perf_counter()
                es = cma.CMAEvolutionStrategy(np.ones(n), 1.0, options(method, seed, budget))
                es.optimize(f)
                stop = ';'.join(sorted(es.stop().keys()))
                out.writerow([case, n, method, seed, es.result.evaluations, f'{es.result.fbest:.3e}', stop,
                              f'{time.perf_counter() - t0:.1f}'])
                sys.stdout.flush()


def timing():
    """Time per evaluation of CMA_diagonal on the sphere over a fixed number of evaluations (no target)."""
    for n, evaluations in ((100, 20_000), (1000, 20_000)):
        f = make('sphere', n)
        best = float('inf')
        for _ in range(3):
            o = options('sep', 1, evaluations)
            o['ftarget'] = -np.inf
            es = cma.CMAEvolutionStrategy(np.ones(n), 1.0, o)
            t0 = time.perf_counter()
            es.optimize(f)
            best = min(best, (time.perf_counter() - t0) / es.result.evaluations)
        print(f'pycma CMA_diagonal sphere n={n}: {best * 1e6:.2f} us per evaluation (best of 3, {evaluations} evaluations)')


if __name__ == '__main__':
    if sys.argv[1:2] == ['timing']:
        timing()
    else:
        counts(sys.argv[2:])
