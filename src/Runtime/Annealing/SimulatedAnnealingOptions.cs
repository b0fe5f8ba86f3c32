using System;

namespace GenOpt;

/// <summary>How the temperature falls from the start to the end temperature over the levels of a run.</summary>
public enum CoolingSchedule
{
    /// <summary><c>T_k = T_start (T_end / T_start)^(k / (K - 1))</c>: a constant factor per level (Kirkpatrick et al. 1983).</summary>
    Geometric = 0,
    /// <summary><c>T_k = T_start + (T_end - T_start) k / (K - 1)</c>.</summary>
    Linear,
    /// <summary>
    /// <c>T_k = T_start / (1 + a ln(1 + k))</c> with <c>a = (T_start / T_end - 1) / ln K</c>: the logarithmic law of
    /// Geman &amp; Geman (1984), scaled to end at <c>T_end</c>. Slow at first, it spends most levels cool.
    /// </summary>
    Logarithmic,
}

/// <summary>Options of <see cref="SimulatedAnnealing{TState, TProblem}"/>.</summary>
public sealed record SimulatedAnnealingOptions
{
    /// <summary>Cooling schedule. Default <see cref="CoolingSchedule.Geometric"/>.</summary>
    public CoolingSchedule Schedule { get; init; } = CoolingSchedule.Geometric;

    /// <summary>
    /// Temperature of the first level; null chooses it automatically: a random walk of <see cref="TemperatureSamples"/>
    /// moves is taken from the initial state (every move committed; the initial state is restored afterwards), and the
    /// start temperature is the one at which the Metropolis
    /// rule would accept the fraction <see cref="InitialAcceptance"/> of them (solved by bisection; 1 when no sampled
    /// move goes uphill, the smallest uphill change when downhill moves alone reach the target). The bisection works on
    /// log T and cannot overflow; when the temperature needed lies above the largest double (uphill changes near
    /// 1e308), Minimize throws an <see cref="InvalidOperationException"/> asking for an explicit start temperature.
    /// </summary>
    public double? StartTemperature { get; init; }

    /// <summary>Temperature of the last level; null for <c>StartTemperature / 1000</c>. Must not exceed the start temperature.</summary>
    public double? EndTemperature { get; init; }

    /// <summary>Number of temperature levels K of each run. Default 1000.</summary>
    public int TemperatureSteps { get; init; } = 1000;

    /// <summary>
    /// Proposed moves at each temperature level. Default 1000. The cancellation token is checked after every level and,
    /// within a level, every 1024 moves.
    /// </summary>
    public int MovesPerTemperature { get; init; } = 1000;

    /// <summary>
    /// Extra runs after the first, each starting from the best state found so far and following the schedule again
    /// from <c>StartTemperature × RestartTemperatureScale</c>. Default 0.
    /// </summary>
    public int Restarts { get; init; }

    /// <summary>Start temperature of a restart relative to the first run's. Valid (0, 1]. Default 0.1.</summary>
    public double RestartTemperatureScale { get; init; } = 0.1;

    /// <summary>Target acceptance rate of random moves for the automatic start temperature. Valid (0, 1). Default 0.8 (Kirkpatrick's rule of thumb).</summary>
    public double InitialAcceptance { get; init; } = 0.8;

    /// <summary>Largest <see cref="TemperatureSamples"/>: the sampled changes are kept in a buffer of that many doubles (512 MB).</summary>
    public const int MaxTemperatureSamples = 1 << 26;

    /// <summary>Random moves sampled to set the automatic start temperature. Default 1000. At most <see cref="MaxTemperatureSamples"/>.</summary>
    public int TemperatureSamples { get; init; } = 1000;

    /// <summary>Stop as soon as an energy &lt;= this is reached. Default: negative infinity (off).</summary>
    public double TargetValue { get; init; } = double.NegativeInfinity;

    /// <summary>Seed of the random source; null draws one (see <see cref="SimulatedAnnealing{TState, TProblem}.Seed"/>). Same seed, same result.</summary>
    public ulong? Seed { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Schedule))
            throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "Unknown cooling schedule.");
        if (StartTemperature is { } t0 && !(t0 > 0 && double.IsFinite(t0)))
            throw new ArgumentOutOfRangeException(nameof(StartTemperature), t0, "StartTemperature must be a positive finite number.");
        if (EndTemperature is { } t1 && !(t1 > 0 && double.IsFinite(t1)))
            throw new ArgumentOutOfRangeException(nameof(EndTemperature), t1, "EndTemperature must be a positive finite number.");
        if (StartTemperature is { } small && EndTemperature is null && !(small / 1000 > 0))
            throw new ArgumentOutOfRangeException(nameof(StartTemperature), small, "StartTemperature is so small that the default EndTemperature, StartTemperature / 1000, is 0; set EndTemperature.");
        if (StartTemperature is { } s && EndTemperature is { } e && e > s)
            throw new ArgumentOutOfRangeException(nameof(EndTemperature), e, $"EndTemperature must not exceed StartTemperature ({s}).");
        OptionChecks.Positive(TemperatureSteps, nameof(TemperatureSteps));
        OptionChecks.Positive(MovesPerTemperature, nameof(MovesPerTemperature));
        if (Restarts < 0)
            throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "Restarts must be >= 0.");
        if (!(RestartTemperatureScale > 0 && RestartTemperatureScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(RestartTemperatureScale), RestartTemperatureScale, "RestartTemperatureScale must be in (0, 1].");
        if (!(InitialAcceptance > 0 && InitialAcceptance < 1))
            throw new ArgumentOutOfRangeException(nameof(InitialAcceptance), InitialAcceptance, "InitialAcceptance must be in (0, 1).");
        OptionChecks.Positive(TemperatureSamples, nameof(TemperatureSamples));
        if (TemperatureSamples > MaxTemperatureSamples)
            throw new ArgumentOutOfRangeException(nameof(TemperatureSamples), TemperatureSamples,
                $"TemperatureSamples must be at most {MaxTemperatureSamples} (2^26): the annealer keeps every sampled energy change, and a larger workspace would be too large.");
        OptionChecks.NotNaN(TargetValue, nameof(TargetValue));
    }
}
