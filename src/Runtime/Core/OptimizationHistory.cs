using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace GenOpt;

/// <summary>
/// Records the convergence curve of a run — iteration, evaluations, best value, iteration best value and step size
/// per iteration — for plotting or logging. Opt-in: pass <see cref="Record"/> to a <c>Minimize</c> overload that takes
/// a progress callback (<c>optimizer.Minimize(x0, bounds, history.Record)</c>). Recording grows lists, so it allocates
/// (amortized, a few bytes per iteration); runs without a history allocate nothing per iteration.
/// </summary>
/// <remarks>One history may record several runs one after the other (<see cref="Clear"/> starts afresh); it is not
/// thread-safe.</remarks>
public sealed class OptimizationHistory
{
    private readonly List<IterationInfo> _entries = new();

    /// <summary>Appends one iteration; matches <see cref="Action{IterationInfo}"/> so it can be passed as a progress callback.</summary>
    public void Record(IterationInfo info) => _entries.Add(info);

    /// <summary>Iterations recorded.</summary>
    public int Count => _entries.Count;

    /// <summary>The recorded iterations, in order.</summary>
    public IReadOnlyList<IterationInfo> Entries => _entries;

    /// <summary>Entry <paramref name="index"/>.</summary>
    public IterationInfo this[int index] => _entries[index];

    /// <summary>Forgets every entry.</summary>
    public void Clear() => _entries.Clear();

    /// <summary>Evaluations after each recorded iteration (the x axis of a convergence plot).</summary>
    public double[] Evaluations()
    {
        var values = new double[_entries.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = _entries[i].Evaluations;
        return values;
    }

    /// <summary>Best value so far after each recorded iteration (the y axis of a convergence plot).</summary>
    public double[] BestValues()
    {
        var values = new double[_entries.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = _entries[i].BestValue;
        return values;
    }

    /// <summary>Writes the history as CSV with a header line: <c>iteration,evaluations,best,iteration_best,step_size,restart</c>.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("iteration,evaluations,best,iteration_best,step_size,restart");
        foreach (IterationInfo e in _entries)
        {
            writer.Write(e.Iteration.ToString(CultureInfo.InvariantCulture)); writer.Write(',');
            writer.Write(e.Evaluations.ToString(CultureInfo.InvariantCulture)); writer.Write(',');
            writer.Write(e.BestValue.ToString("R", CultureInfo.InvariantCulture)); writer.Write(',');
            writer.Write(e.IterationBestValue.ToString("R", CultureInfo.InvariantCulture)); writer.Write(',');
            writer.Write(e.StepSize.ToString("R", CultureInfo.InvariantCulture)); writer.Write(',');
            writer.WriteLine(e.Restart.ToString(CultureInfo.InvariantCulture));
        }
    }
}
