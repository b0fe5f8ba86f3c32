using System;

namespace DistributedTuning;

/// <summary>
/// The expensive objective: fits the stiffness k, damping c and drive amplitude a of a driven oscillator
/// x'' + c x' + k x = a cos(1.3 t) to a recorded trajectory. Each evaluation integrates the ODE with classical RK4
/// over 0 &lt;= t &lt;= 20 in <see cref="Steps"/> steps (tens of milliseconds) and returns the mean squared difference
/// at 50 sampling times. The recording is made by the same integration at k = 2.5, c = 0.3, a = 1.2, so f = 0 there.
/// </summary>
public readonly struct OscillatorFit : GenOpt.IObjective
{
    public static int Dimension => 3;

    /// <summary>RK4 steps per evaluation.</summary>
    public const int Steps = 600_000;

    private const int Samples = 50;
    private const double Duration = 20;

    /// <summary>The recorded trajectory: x at t = 20 (i + 1) / 50, i = 0 .. 49.</summary>
    private static readonly double[] Recorded = Simulate(2.5, 0.3, 1.2);

    public static readonly double[] Truth = [2.5, 0.3, 1.2];

    public double Value(ReadOnlySpan<double> p)
    {
        double[] x = Simulate(p[0], p[1], p[2]);
        double sum = 0;
        for (int i = 0; i < Samples; i++)
        {
            double d = x[i] - Recorded[i];
            sum += d * d;
        }
        return sum / Samples;
    }

    private static double[] Simulate(double k, double c, double a)
    {
        var samples = new double[Samples];
        double h = Duration / Steps, t = 0, x = 0, v = 0;
        int every = Steps / Samples;
        for (int s = 1; s <= Steps; s++)
        {
            // RK4 for (x, v)' = (v, a cos(1.3 t) - c v - k x).
            double k1x = v, k1v = a * Math.Cos(1.3 * t) - c * v - k * x;
            double x2 = x + 0.5 * h * k1x, v2 = v + 0.5 * h * k1v, t2 = t + 0.5 * h;
            double k2x = v2, k2v = a * Math.Cos(1.3 * t2) - c * v2 - k * x2;
            double x3 = x + 0.5 * h * k2x, v3 = v + 0.5 * h * k2v;
            double k3x = v3, k3v = a * Math.Cos(1.3 * t2) - c * v3 - k * x3;
            double x4 = x + h * k3x, v4 = v + h * k3v, t4 = t + h;
            double k4x = v4, k4v = a * Math.Cos(1.3 * t4) - c * v4 - k * x4;
            x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
            t = s * h;
            if (s % every == 0)
                samples[s / every - 1] = x;
        }
        return samples;
    }
}

/// <summary>
/// For the benchmark: a fixed amount of CPU work of about 20 ms on this machine (one oscillator fit evaluation, 600,000
/// RK4 steps) plus the sphere function, in 10 dimensions.
/// </summary>
public readonly struct Busy20ms : GenOpt.IObjective
{
    public static int Dimension => 10;

    public double Value(ReadOnlySpan<double> x)
    {
        double sum = default(OscillatorFit).Value([2, 0.5, 1]);
        foreach (double xi in x)
            sum += xi * xi;
        return sum;
    }
}

/// <summary>For the benchmark's overhead measurement: the sphere function, which costs nanoseconds.</summary>
public readonly struct Trivial : GenOpt.IObjective
{
    public static int Dimension => 10;

    public double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double xi in x)
            sum += xi * xi;
        return sum;
    }
}

/// <summary>
/// For the benchmark: sleeps 20 ms, then the sphere function, in 10 dimensions. It takes no CPU while it waits, so
/// its evaluations per second show how the distribution scales apart from the cores of the machine.
/// </summary>
public readonly struct Sleep20ms : GenOpt.IObjective
{
    public static int Dimension => 10;

    public double Value(ReadOnlySpan<double> x)
    {
        System.Threading.Thread.Sleep(20);
        return default(Trivial).Value(x);
    }
}
