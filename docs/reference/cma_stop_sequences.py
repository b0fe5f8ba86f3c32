#!/usr/bin/env python3
"""pycma 4.4.0 told fixed value sequences: the generations at which tolstagnation, tolfunhist and tolflatfitness
stop it. tests/GenOpt.Runtime.Tests/CmaEs/CmaEsTerminationTests.cs expects GenOpt to stop at the same generations.

    PYTHONPATH=pycma /usr/bin/python3 docs/reference/cma_stop_sequences.py
"""
import warnings

warnings.filterwarnings("ignore")
import cma  # noqa: E402


def run(values, options, maxiter=300):
    opts = {"popsize": 6, "verbose": -9, "maxiter": maxiter}
    opts.update(options)
    es = cma.CMAEvolutionStrategy([0, 0], 1, opts)
    g = 0
    while not es.stop():
        x = es.ask()
        g += 1
        es.tell(x, values(g))
    return g, sorted(es.stop().keys())


def stagnation_values(until, every):
    """FillValues of CmaEsTerminationTests: improvement until `until`, then a wobbling plateau, a new best every `every`."""
    def values(g):
        if g <= until:
            b = 1000 - g
        elif every > 0 and (g - until) % every == 0:
            b = 1000 - until - 1e-6 * ((g - until) // every)
        else:
            b = 1000 - until + 0.5 + 0.1 * (g % 7)
        return [b + k for k in range(6)]
    return values


if __name__ == "__main__":
    only_stagnation = {"seed": 3, "tolfun": 0, "tolx": 0, "tolfunhist": 0, "tolflatfitness": 1e9, "tolfacupx": 1e300,
                       "tolupsigma": 1e300, "tolconditioncov": 0, "CMA_active": False, "tolxstagnation": False}
    for until, every in [(300, 0), (40, 0), (300, 200), (300, 60)]:
        print("tolstagnation", until, every, run(stagnation_values(until, every), only_stagnation, 900))
    for wobble in [0.0, 5e-13, 2e-12]:
        print("tolfunhist", wobble, run(lambda g: [1 + wobble * (g % 2), 2, 3, 4, 5, 6], {"seed": 2}))
    for popsize in [6, 8]:
        opts = {"seed": 2, "popsize": popsize}
        print("tolfunhist history, popsize", popsize,
              run(lambda g, p=popsize: [1 + 1e-3 * max(0, 30 - g)] + [1 + k for k in range(1, p)], opts))
    print("tolflatfitness 1", run(lambda g: [1, 1, 1, 1, 1, 2], {"seed": 2}))
    print("tolflatfitness 5", run(lambda g: [1, 1, 1, 1, 1, 2], {"seed": 2, "tolflatfitness": 5}))
    print("alternating flat", run(lambda g: [1, 1, 1, 1, 1, 2] if g % 2 == 1 or g > 200 else [0, 1, 1, 1, 2, 2],
                                  {"seed": 2, "tolfunhist": 0, "tolfun": 0, "tolstagnation": 0}))
