using System;

namespace GenOpt;

/// <summary>
/// The observer behind the <c>Minimize</c> overloads that take an <see cref="Action{IterationInfo}"/>: calls it once
/// per iteration, on the optimizer's thread, and never stops the run. Pass <c>progress.Report</c> for an
/// <see cref="IProgress{IterationInfo}"/> or <see cref="OptimizationHistory.Record"/> to record the curve.
/// </summary>
internal struct ProgressObserver : IOptimizationObserver
{
    private readonly Action<IterationInfo> _progress;

    public ProgressObserver(Action<IterationInfo> progress) =>
        _progress = progress ?? throw new ArgumentNullException(nameof(progress));

    public readonly bool OnIteration(in IterationInfo info)
    {
        _progress(info);
        return true;
    }
}
