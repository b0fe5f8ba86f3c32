using System;
using BenchmarkDotNet.Attributes;
using Corpus;

namespace GenOpt.Benchmarks;

/// <summary>
/// Value-and-gradient against one value for the five largest objectives of the generator tests' corpus
/// (tests/Shared/Corpus/Largest.cs). The target: value and gradient at most 4 times a value.
/// </summary>
[MemoryDiagnoser]
public class CorpusGradientBenchmarks
{
    // Corpus.ElasticNet (instance data), not the benchmark project's own static ElasticNet of GradientBenchmarks.
    private Corpus.ElasticNet.Objective _elasticNet = new Corpus.ElasticNet(CorpusData.Uniform(40 * 8, 1, -1, 1), CorpusData.Uniform(40, 2, -1, 1), 0.05, 0.1).AsObjective();
    private SoftmaxRegression.Objective _softmax;
    private MlpLoops.Objective _mlp;
    private LennardJonesCluster.Objective _lennardJones;
    private GaussianMixture.Objective _mixture = new GaussianMixture(CorpusData.Uniform(50, 3, -1, 2)).AsObjective();

    private readonly double[] _xElasticNet = CorpusData.Uniform(9, 201, -0.7, 0.7), _gElasticNet = new double[9];
    private readonly double[] _xSoftmax = CorpusData.Uniform(15, 202, -0.7, 0.7), _gSoftmax = new double[15];
    private readonly double[] _xMlp = CorpusData.Uniform(31, 203, -0.8, 0.8), _gMlp = new double[31];
    private readonly double[] _xLennardJones = LennardJonesPoint(), _gLennardJones = new double[18];
    private readonly double[] _xMixture = CorpusData.Uniform(5, 205, -0.5, 0.8), _gMixture = new double[5];

    private static double[] LennardJonesPoint()
    {
        double[] octahedron = [0.79, 0, 0, -0.79, 0, 0, 0, 0.79, 0, 0, -0.79, 0, 0, 0, 0.79, 0, 0, -0.79];
        double[] jitter = CorpusData.Uniform(18, 204, -0.1, 0.1);
        for (int i = 0; i < 18; i++)
            octahedron[i] += jitter[i];
        return octahedron;
    }

    [Benchmark] public double Value_ElasticNet() => _elasticNet.Value(_xElasticNet);
    [Benchmark] public double Analytic_ElasticNet() => _elasticNet.ValueAndGradient(_xElasticNet, _gElasticNet);
    [Benchmark] public double Value_Softmax() => _softmax.Value(_xSoftmax);
    [Benchmark] public double Analytic_Softmax() => _softmax.ValueAndGradient(_xSoftmax, _gSoftmax);
    [Benchmark] public double Value_Mlp() => _mlp.Value(_xMlp);
    [Benchmark] public double Analytic_Mlp() => _mlp.ValueAndGradient(_xMlp, _gMlp);
    [Benchmark] public double Value_LennardJones() => _lennardJones.Value(_xLennardJones);
    [Benchmark] public double Analytic_LennardJones() => _lennardJones.ValueAndGradient(_xLennardJones, _gLennardJones);
    [Benchmark] public double Value_GaussianMixture() => _mixture.Value(_xMixture);
    [Benchmark] public double Analytic_GaussianMixture() => _mixture.ValueAndGradient(_xMixture, _gMixture);
}
