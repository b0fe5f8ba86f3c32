using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using NeuralFit;

namespace GenOpt.Tests;

/// <summary>The NeuralFit sample's pieces: the network's loss and gradient, the Adam baseline, the recorder, the plot.</summary>
public class NeuralFitTests
{
    private static readonly double[] Teacher = [1.5, -2.0, -1.0, 2.5, 2.0, -1.5, 1.0, 1.8, 0.3, -0.2];

    private static double[] Start(ulong seed)
    {
        var random = new RandomSource(seed);
        var x = new double[TinyNet.Parameters];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble(-1, 1);
        return x;
    }

    [Fact]
    public void NoiselessTeacher_HasZeroLoss_AndTheLossMatchesTheForwardPass()
    {
        var net = TinyNet.TeacherStudent(Teacher, 50, noise: 0, seed: 3);
        Assert.Equal(0.0, net.Loss(Teacher));
        Assert.Equal(50, net.Samples);

        // The loss of another point, recomputed from Forward and the teacher's outputs.
        double[] w = Start(5);
        var random = new RandomSource(3);
        Span<double> student = stackalloc double[2], truth = stackalloc double[2];
        double sum = 0;
        for (int i = 0; i < 50; i++)
        {
            double x0 = random.NextDouble(-2, 2), x1 = random.NextDouble(-2, 2);
            TinyNet.Forward(w, x0, x1, student);
            TinyNet.Forward(Teacher, x0, x1, truth);
            sum += (student[0] - truth[0]) * (student[0] - truth[0]) + (student[1] - truth[1]) * (student[1] - truth[1]);
            random.NextGaussian();   // the data generator draws the two noise values even when noise is 0
            random.NextGaussian();
        }
        Assert.Equal(sum / 50, net.Loss(w), 12);
    }

    [Fact]
    public void TeacherLoss_IsNearTheNoiseVariance()
    {
        // 2 outputs x noise^2 in expectation; 4,000 residuals put the sample mean within a few percent.
        var net = TinyNet.TeacherStudent(Teacher, 2000, noise: 0.1, seed: 11);
        Assert.InRange(net.Loss(Teacher), 0.02 * 0.9, 0.02 * 1.1);
    }

    [Fact]
    public void BadInput_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => TinyNet.TeacherStudent(new double[9], 10, 0.1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TinyNet.TeacherStudent(Teacher, 0, 0.1, 1));
        var adam = new Adam<TinyNet.Objective>(TinyNet.TeacherStudent(Teacher, 10, 0.1, 1).AsObjective());
        Assert.Throws<ArgumentException>(() => adam.Minimize(new double[3], 10));
        var badRate = new Adam<TinyNet.Objective>(TinyNet.TeacherStudent(Teacher, 10, 0.1, 1).AsObjective()) { LearningRate = 0 };
        Assert.Throws<ArgumentOutOfRangeException>(() => badRate.Minimize(Start(1), 10));
    }

    [Fact]
    public void GeneratedGradient_MatchesCentralDifferences()
    {
        var f = TinyNet.TeacherStudent(Teacher, 100, 0.05, 2026).AsObjective();
        var gradient = new double[TinyNet.Parameters];
        var reference = new double[TinyNet.Parameters];
        for (ulong seed = 1; seed <= 5; seed++)
        {
            double[] w = Start(seed);
            double value = f.ValueAndGradient(w, gradient);
            Assert.Equal(f.Value(w), value);
            for (int i = 0; i < w.Length; i++)
            {
                // Richardson-extrapolated central differences: error O(h^4).
                double D(double h)
                {
                    double[] plus = (double[])w.Clone(), minus = (double[])w.Clone();
                    plus[i] += h;
                    minus[i] -= h;
                    return (f.Value(plus) - f.Value(minus)) / (2 * h);
                }
                reference[i] = (4 * D(1e-4) - D(2e-4)) / 3;
                Assert.True(Math.Abs(gradient[i] - reference[i]) <= 1e-7 * Math.Max(1, Math.Abs(reference[i])),
                    $"seed {seed}, w[{i}]: {gradient[i]} vs {reference[i]}");
            }
        }
    }

    [Fact]
    public void Adam_ReachesTheNoiseFloor_AndAllocatesNothing()
    {
        var net = TinyNet.TeacherStudent(Teacher, 100, 0.05, 2026);
        double target = net.Loss(Teacher);
        var adam = new Adam<TinyNet.Objective>(net.AsObjective()) { LearningRate = 0.1 };
        double[] x0 = Start(1);
        adam.Minimize(x0, 10);   // warm-up
        double loss = 0;
        Allocations.AssertNone("3000 Adam steps", () => loss = adam.Minimize(x0, 3000));
        Assert.True(loss <= target, $"loss {loss} vs teacher's {target}");
        Assert.Equal(loss, net.Loss(adam.Point));
    }

    [Fact]
    public void Adam_FirstStep_MovesEachWeightByTheLearningRate()
    {
        // With bias correction, Adam's first step is lr * g / (|g| + eps / sqrt(1 - beta2)) in the paper's efficient
        // form (its epsilon-hat): each weight moves by almost exactly lr against its slope.
        var net = TinyNet.TeacherStudent(Teacher, 20, 0.05, 7);
        var f = net.AsObjective();
        double[] x0 = Start(2);
        var g = new double[TinyNet.Parameters];
        f.ValueAndGradient(x0, g);
        var adam = new Adam<TinyNet.Objective>(f) { LearningRate = 0.01 };
        adam.Minimize(x0, 1);
        for (int i = 0; i < x0.Length; i++)
            Assert.Equal(x0[i] - 0.01 * g[i] / (Math.Abs(g[i]) + 1e-8 / Math.Sqrt(1 - 0.999)), adam.Point[i], 14);
    }

    [Fact]
    public void Recorder_CountsEvaluations_FindsTheTarget_AndStaysSmall()
    {
        var curve = new LossCurve("test", target: 0.5, budget: 100_000, showProgress: false);
        var recorded = new Recorded<TinyNet.Objective>(TinyNet.TeacherStudent(Teacher, 10, 0.1, 1).AsObjective(), curve);
        var g = new double[TinyNet.Parameters];
        recorded.Value(Start(1));
        recorded.ValueAndGradient(Start(2), g);
        Assert.Equal(1, curve.Values);
        Assert.Equal(1, curve.Gradients);

        // Direct recording: 100,000 steadily improving values must fit, and the target is found exactly.
        var steady = new LossCurve("steady", target: 0.5, budget: 100_000, showProgress: false);
        for (int n = 1; n <= 100_000; n++)
            steady.Record(1.0 / n, withGradient: false);
        steady.Finish();
        Assert.Equal(2, steady.ReachedAt);
        // About 1,150 points at 1% steps; without thinning the curve would fill all 4,096 slots.
        Assert.InRange(steady.Points, 10, 2000);
        Assert.Equal(1.0 / 100_000, steady.BestAt(steady.Points - 1));
        Assert.Equal(100_000, steady.EvaluationAt(steady.Points - 1));
        for (int i = 1; i < steady.Points; i++)
        {
            Assert.True(steady.EvaluationAt(i) > steady.EvaluationAt(i - 1));
            Assert.True(steady.BestAt(i) < steady.BestAt(i - 1));
        }

        var never = new LossCurve("never", target: 0, budget: 10, showProgress: false);
        never.Record(1, false);
        never.Finish();
        Assert.Equal(-1, never.ReachedAt);
    }

    [Fact]
    public void Recorder_AllocatesNothingPerEvaluation()
    {
        var curve = new LossCurve("alloc", target: 0, budget: 1_000_000, showProgress: false);
        var recorded = new Recorded<TinyNet.Objective>(TinyNet.TeacherStudent(Teacher, 10, 0.1, 1).AsObjective(), curve);
        double[] x = Start(3);
        var g = new double[TinyNet.Parameters];
        recorded.ValueAndGradient(x, g);
        Allocations.AssertNone("1000 recorded values and gradients", () =>
        {
            for (int i = 0; i < 1000; i++)
            {
                x[i % x.Length] += 1e-3;
                recorded.Value(x);
                recorded.ValueAndGradient(x, g);
            }
        });
    }

    [Fact]
    public void Experiment_IsDeterministic_AndTheGlobalMethodsReachTheNoiseFloor()
    {
        var net = TinyNet.TeacherStudent(Teacher, 100, 0.05, 2026);
        double target = net.Loss(Teacher);
        double[] x0 = Start(4);
        var first = Experiment.RunAll(net, x0, 4, target, showProgress: false);
        var second = Experiment.RunAll(net, x0, 4, target, showProgress: false);
        Assert.Equal(Experiment.Names.Length, first.Length);
        for (int m = 0; m < first.Length; m++)
        {
            Assert.Equal(first[m].Best, second[m].Best);
            Assert.Equal(first[m].Evaluations, second[m].Evaluations);
            Assert.True(first[m].Evaluations <= Experiment.Budget, $"{first[m].Name}: {first[m].Evaluations} evaluations");
            Assert.True(first[m].Best < net.Loss(x0), $"{first[m].Name} did not improve");
        }
        // CMA-ES and dual annealing reach the teacher's loss on this task (11 of 11 starts in the sample).
        Assert.True(first[4].Best <= target, $"CMA-ES: {first[4].Best}");
        Assert.True(first[5].Best <= target, $"dual annealing: {first[5].Best}");
    }

    [Fact]
    public void Plot_DashesCurvesPastItsEightColours()
    {
        var curves = Enumerable.Range(0, 9).Select(k => new LossCurve($"m{k}", 0.1, 100, false)).ToArray();
        for (int k = 0; k < curves.Length; k++)
        {
            for (int n = 1; n <= 100; n++)
                curves[k].Record((k + 1.0) / n, false);
            curves[k].Finish();
        }
        string path = Path.Combine(Path.GetTempPath(), $"genopt-plot-{Guid.NewGuid():N}.svg");
        try
        {
            SvgPlot.Write(path, "nine", curves, 0.1, "reference");
            XNamespace ns = "http://www.w3.org/2000/svg";
            XElement[] lines = XDocument.Load(path).Descendants(ns + "polyline").ToArray();
            Assert.Equal(9, lines.Length);
            // The ninth curve shares the first one's colour and is the only dashed one.
            Assert.Equal((string?)lines[0].Attribute("stroke"), (string?)lines[8].Attribute("stroke"));
            Assert.All(lines[..8], l => Assert.Null(l.Attribute("stroke-dasharray")));
            Assert.NotNull(lines[8].Attribute("stroke-dasharray"));
            Assert.Equal(8, lines[..8].Select(l => (string?)l.Attribute("stroke")).Distinct().Count());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Plot_IsWellFormedSvg_WithOneLinePerCurve()
    {
        var curves = new[] { new LossCurve("a", 0.1, 100, false), new LossCurve("b & c", 0.1, 100, false) };
        for (int n = 1; n <= 100; n++)
        {
            curves[0].Record(10.0 / n, false);
            curves[1].Record(n < 50 ? 5.0 / n : 0.05, true);
        }
        foreach (var c in curves) c.Finish();
        string path = Path.Combine(Path.GetTempPath(), $"genopt-plot-{Guid.NewGuid():N}.svg");
        try
        {
            SvgPlot.Write(path, "title <test>", curves, 0.1, "reference");
            XDocument svg = XDocument.Load(path);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(2, svg.Descendants(ns + "polyline").Count());
            Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "b & c");
            Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "title <test>");

            // Every curve point lies inside the plot frame, with evaluations growing to the right and the best
            // loss falling downwards (SVG's y axis points down).
            XElement frame = svg.Descendants(ns + "rect").Single(r => (string?)r.Attribute("stroke") == "#444");
            double Attr(XElement e, string name) => double.Parse((string)e.Attribute(name)!, System.Globalization.CultureInfo.InvariantCulture);
            double left = Attr(frame, "x"), top = Attr(frame, "y"), right = left + Attr(frame, "width"), bottom = top + Attr(frame, "height");
            foreach (XElement line in svg.Descendants(ns + "polyline"))
            {
                var points = ((string)line.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
                    .ToArray();
                Assert.True(points.Length >= 2);
                for (int i = 0; i < points.Length; i++)
                {
                    Assert.InRange(points[i][0], left, right);
                    Assert.InRange(points[i][1], top, bottom);
                    if (i > 0)
                    {
                        Assert.True(points[i][0] >= points[i - 1][0], $"x goes back at point {i}");
                        Assert.True(points[i][1] >= points[i - 1][1], $"the loss rises at point {i}");
                    }
                }
                // The first evaluation sits on the left edge (10^0), and the curve spans most of the width.
                Assert.Equal(left, points[0][0], 1);
                Assert.True(points[^1][0] > left + 0.8 * (right - left));
            }
            Assert.Throws<ArgumentException>(() => SvgPlot.Write(path, "t", curves, 0, "zero reference"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
