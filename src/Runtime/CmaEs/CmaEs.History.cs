// CMA-ES: per-generation histories kept for the termination criteria (tolfun, tolflatfitness, tolstagnation).
using System;

namespace GenOpt;

public sealed partial class CmaEs<TObjective>
{
    private void RecordHistory(ReadOnlySpan<double> sortedKeys)
    {
        long g = _generationRun - 1; // 0-based index of this generation in the run
        int lambda = _lambda;
        _bestHistory[(int)(g % _tolFunHistory)] = sortedKeys[0];

        // tolflatfitness (pycma): the best value is not better than the value of rank floor(0.75 lambda).
        if (sortedKeys[0] < sortedKeys[(int)(0.75 * lambda)])
            _flatGenerations = 0;
        else
            _flatGenerations++;

        // tolstagnation (pycma): every 5th generation of the run (1-based count), its best and median value.
        if (_stagBest.Length > 0 && _generationRun % StagnationRecordInterval == 0)
        {
            int slot = (int)(_stagRecorded % _stagBest.Length);
            int half = lambda / 2;
            _stagBest[slot] = sortedKeys[0];
            _stagMedian[slot] = lambda % 2 == 1 ? sortedKeys[half] : (sortedKeys[half - 1] + sortedKeys[half]) / 2;
            _stagRecorded++;
        }
    }
}
