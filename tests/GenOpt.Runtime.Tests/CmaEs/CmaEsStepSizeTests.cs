using System;
using System.Linq;

namespace GenOpt.Tests;

/// <summary>
/// The step-size adaptation compares the path length with E||N(0, I)|| as pycma's CSA computes it
/// (cma.utilities.math.Mh.chiN, cma 4.4.0), not with the tutorial's approximation.
/// </summary>
public class CmaEsStepSizeTests
{
    [Fact]
    public void ExpectedNorm_IsPycmasChiN()
    {
        // pycma's table for n <= 6 (the exact values sqrt(2) Gamma((n + 1) / 2) / Gamma(n / 2)).
        double[] pycma = [0.7978845608028654, 1.2533141373156, 1.59576912160573, 1.87997120597325, 2.1276921621409746, 2.3499640074665633];
        for (int n = 1; n <= 6; n++)
            Assert.Equal(pycma[n - 1], CmaEs<Sphere<D2>>.ExpectedNormOfStandardNormal(n), 1e-12);
        // Beyond: sqrt(n) (1 - 1/(4n) + 1/(26 n^2)), within 5e-5 relative of the exact value (recurrence k / chi_k).
        double exact = 2.3499640074665633;
        for (int n = 7; n <= 200; n++)
        {
            exact = (n - 1) / exact;
            double chi = CmaEs<Sphere<D2>>.ExpectedNormOfStandardNormal(n);
            Assert.Equal(Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (26.0 * n * n)), chi);
            Assert.InRange(chi / exact - 1, 0, 5e-5);
        }
    }

    [Fact]
    public void FirstGeneration_SigmaFollowsTheCsaRuleWithPycmasChiN()
    {
        // n = 2 from the origin with sigma0 = 1 and C = I: y_k = z_k = x_k, so the first sigma update can be written out.
        const int n = 2;
        var cma = new CmaEs<Sphere<D2>>(new CmaEsOptions { Seed = 11, Sigma0 = 1 });
        cma.Initialize(new double[n]);
        Population population = cma.Ask();
        int lambda = population.Count;
        var x = new double[lambda][];
        var values = new double[lambda];
        for (int k = 0; k < lambda; k++)
        {
            x[k] = population[k].ToArray();
            values[k] = x[k][0] * x[k][0] + x[k][1] * x[k][1];
        }
        cma.Tell(values);

        int mu = lambda / 2;
        double[] w = Enumerable.Range(1, mu).Select(i => Math.Log((lambda + 1) / 2.0) - Math.Log(i)).ToArray();
        double sum = w.Sum();
        for (int i = 0; i < mu; i++) w[i] /= sum;
        double mueff = 1 / w.Sum(v => v * v);
        double cs = (mueff + 2) / (n + mueff + 3);
        double damps = 1 + 2 * Math.Max(0, Math.Sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        int[] order = Enumerable.Range(0, lambda).OrderBy(k => values[k]).ToArray();
        var zw = new double[n];
        for (int i = 0; i < mu; i++)
            for (int j = 0; j < n; j++)
                zw[j] += w[i] * x[order[i]][j];
        double psNorm = Math.Sqrt(cs * (2 - cs) * mueff) * Math.Sqrt(zw[0] * zw[0] + zw[1] * zw[1]);

        double chiN = Math.Sqrt(Math.PI / 2);   // E||N(0, I_2)||, pycma's value for n = 2
        double expected = Math.Exp(Math.Min(1, cs / damps * (psNorm / chiN - 1)));
        Assert.Equal(expected, cma.Sigma, 1e-14);
        double tutorial = Math.Sqrt(2) * (1 - 1.0 / 8 + 1.0 / 84);   // the approximation GenOpt used before
        Assert.True(Math.Abs(Math.Exp(Math.Min(1, cs / damps * (psNorm / tutorial - 1))) - cma.Sigma) > 1e-6);
    }
}
