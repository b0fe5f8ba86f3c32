using System;
using System.Diagnostics;
using GenOpt;

namespace NeuralFit;

/// <summary>
/// Counts an objective's evaluations and records the best value seen so far as a step curve for the plot (against
/// evaluations and against seconds since <see cref="Start"/>), plus the moment the best value first reaches
/// <see cref="Target"/>. Arrays are sized up front: recording allocates nothing.
/// </summary>
public sealed class LossCurve
{
    private const int Capacity = 4096;
    private readonly long[] _at = new long[Capacity];
    private readonly double[] _best = new double[Capacity];
    private readonly double[] _seconds = new double[Capacity];
    private int _count;
    private long _pendingAt;      // the latest improvement, stored only when it is far enough from the last point
    private double _pendingSeconds;
    private long _start;
    private readonly long _progressEvery;
    private long _nextProgress;
    private readonly bool _interactive;

    public LossCurve(string name, double target, long budget, bool showProgress)
    {
        Name = name;
        Target = target;
        _progressEvery = Math.Max(1, budget / 40);
        _nextProgress = showProgress ? _progressEvery : long.MaxValue;
        _interactive = showProgress && !Console.IsOutputRedirected;
        _start = Stopwatch.GetTimestamp();
    }

    public string Name { get; }

    /// <summary>Restarts the clock: call it just before the optimizer runs.</summary>
    public void Start() => _start = Stopwatch.GetTimestamp();

    /// <summary>The loss to reach.</summary>
    public double Target { get; }
    public long Values { get; private set; }
    public long Gradients { get; private set; }
    public long Evaluations => Values + Gradients;
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Evaluations until the best value was first at or below <see cref="Target"/>; -1 if never.</summary>
    public long ReachedAt { get; private set; } = -1;

    /// <summary>Seconds until the best value was first at or below <see cref="Target"/>.</summary>
    public double ReachedSeconds { get; private set; } = double.NaN;

    /// <summary>Seconds from the start of the run to its end (<see cref="Finish"/>).</summary>
    public double Seconds { get; private set; }

    public int Points => _count;
    public long EvaluationAt(int i) => _at[i];
    public double BestAt(int i) => _best[i];
    public double SecondsAt(int i) => _seconds[i];

    public void Record(double value, bool withGradient)
    {
        if (withGradient) Gradients++; else Values++;
        long n = Evaluations;
        if (value < Best)
        {
            Best = value;
            if (ReachedAt < 0 && value <= Target)
            {
                ReachedAt = n;
                ReachedSeconds = Elapsed();
            }
            // Thin the curve to about 1% steps in either axis: enough for a log-log plot, bounded in size.
            if (_count == 0 || value < 0.99 * _best[_count - 1] || n > 1.02 * _at[_count - 1] + 1)
                Append(n, value, Elapsed());
            else
            {
                _pendingAt = n;
                _pendingSeconds = Elapsed();
            }
        }
        if (n >= _nextProgress)
        {
            _nextProgress += _progressEvery;
            if (_interactive)
                Console.Write($"\r  {Name,-16} {n,7:N0} evaluations   best loss {Best:E3}   ");
        }
    }

    /// <summary>Ends the run: stores the final best point, stops the clock and clears the progress line.</summary>
    public void Finish()
    {
        Seconds = Elapsed();
        if (_count > 0 && _best[_count - 1] > Best)
            Append(_pendingAt, Best, _pendingSeconds);
        if (_interactive)
            Console.Write("\r" + new string(' ', 72) + "\r");
    }

    private void Append(long n, double value, double seconds)
    {
        int i = Math.Min(_count, Capacity - 1);   // when full, the last point keeps moving to the newest value
        _at[i] = n;
        _best[i] = value;
        _seconds[i] = seconds;
        _count = i + 1;
    }

    private double Elapsed() => (Stopwatch.GetTimestamp() - _start) / (double)Stopwatch.Frequency;
}

/// <summary>Wraps an objective and reports every evaluation to a <see cref="LossCurve"/>.</summary>
/// <remarks>The curve is shared state: use it with one evaluating thread (PSO's default).</remarks>
public struct Recorded<TObjective>(TObjective inner, LossCurve curve) : IDifferentiableObjective
    where TObjective : struct, IDifferentiableObjective
{
    private TObjective _inner = inner;

    public static int Dimension => TObjective.Dimension;

    // It records into a curve, so default(Recorded<T>) is no objective: optimizers must be given one.
    public static bool RequiresInstance => true;

    public double Value(ReadOnlySpan<double> x)
    {
        double value = _inner.Value(x);
        curve.Record(value, withGradient: false);
        return value;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double value = _inner.ValueAndGradient(x, gradient);
        curve.Record(value, withGradient: true);
        return value;
    }
}
