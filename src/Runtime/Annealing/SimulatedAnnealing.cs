using System;
using System.Threading;

namespace GenOpt;

/// <summary>
/// A combinatorial (or any) problem for <see cref="SimulatedAnnealing{TState, TProblem}"/>: the energy of a state
/// and random moves between states, described by the energy change they cause.
/// </summary>
/// <remarks>
/// <para>A move is proposed, then either committed or undone; the annealer calls exactly one of
/// <see cref="Commit"/> and <see cref="Undo"/> after each <see cref="Propose"/>, with the same state. A move may
/// be applied eagerly in <see cref="Propose"/> (then <see cref="Undo"/> reverts it and <see cref="Commit"/> does
/// nothing) or lazily (<see cref="Propose"/> only computes the change and remembers the move, <see cref="Commit"/>
/// applies it, <see cref="Undo"/> does nothing) — whichever is cheaper: a 2-opt move of a tour costs O(1) to price
/// and O(n) to apply, so it is best applied lazily, only when accepted.</para>
/// <para>Contract: after <c>Propose</c> + <c>Undo</c> the state is exactly what it was; after <c>Propose</c> +
/// <c>Commit</c>, <c>Energy(state)</c> equals the old energy plus the returned change (up to rounding). The
/// annealer tracks the energy by summing changes and recomputes it with <see cref="Energy"/> at every restart and
/// at the end.</para>
/// <para>Implement it on a struct; the annealer holds it by value and calls it directly (no boxing), so it may
/// keep the pending move in its fields.</para>
/// </remarks>
/// <typeparam name="TState">The state (e.g. an <c>int[]</c> tour, or a class holding a selection and its totals).</typeparam>
public interface IAnnealingProblem<TState>
{
    /// <summary>A new state of the problem's shape, used by the annealer to keep the best state (called once, by its constructor).</summary>
    TState CreateState();

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (both from <see cref="CreateState"/> or of the same shape).</summary>
    void Copy(in TState source, ref TState destination);

    /// <summary>The energy (objective to minimize) of <paramref name="state"/>.</summary>
    double Energy(in TState state);

    /// <summary>Chooses a random move from <paramref name="state"/> with <paramref name="random"/> and returns the energy change it causes.</summary>
    double Propose(ref TState state, ref RandomSource random);

    /// <summary>The last proposed move is accepted: make it part of the state (nothing to do if <see cref="Propose"/> applied it).</summary>
    void Commit(ref TState state);

    /// <summary>The last proposed move is rejected: leave the state exactly as before <see cref="Propose"/>.</summary>
    void Undo(ref TState state);
}

/// <summary>
/// Outcome of <see cref="SimulatedAnnealing{TState, TProblem}.Minimize(ref TState, CancellationToken)"/>; the best state
/// is in the state passed in (the result holds no point, so it allocates nothing).
/// </summary>
/// <param name="Value">Energy of the best state, recomputed with <see cref="IAnnealingProblem{TState}.Energy"/>.</param>
/// <param name="Evaluations">Moves proposed (each prices one energy change; excluding the samples of the automatic start temperature).</param>
/// <param name="AcceptedMoves">Moves committed.</param>
/// <param name="Iterations">Temperature levels completed, over all runs.</param>
/// <param name="Status">
/// Why the annealer stopped: <see cref="TerminationReason.ScheduleCompleted"/> when the schedules ran out (the normal
/// end; not <see cref="Converged"/>, since annealing has no convergence test), else <see cref="TerminationReason.TargetReached"/>,
/// <see cref="TerminationReason.StoppedByObserver"/> or <see cref="TerminationReason.Cancelled"/>.
/// </param>
/// <param name="Restarts">Restarts performed.</param>
/// <param name="NonFiniteEvaluations">Proposed moves whose energy change was NaN or infinite (always undone).</param>
/// <param name="StartTemperature">Temperature of the first level (given or automatic); NaN when the run was cancelled while the automatic one was being sampled.</param>
public readonly record struct AnnealingResult(
    double Value,
    long Evaluations,
    long AcceptedMoves,
    long Iterations,
    TerminationReason Status,
    int Restarts,
    long NonFiniteEvaluations,
    double StartTemperature) : IOptimizationResult
{
    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>A message describing <see cref="Status"/>.</summary>
    public string Message => Status.Message(OptimizerKind.SimulatedAnnealing);

    /// <summary>True when the annealer reached <see cref="SimulatedAnnealingOptions.TargetValue"/> (the only convergence it knows).</summary>
    public bool Converged => Status.IsConverged();

    /// <summary>Status, energy and counts, on one line (no point: the best state is the caller's).</summary>
    public override string ToString() =>
        ResultText.Format(Status, Value, default, Evaluations, Iterations, Elapsed, Restarts, extra: null);
}

/// <summary>
/// Classic simulated annealing (Kirkpatrick, Gelatt &amp; Vecchi 1983; Černý 1985) on a user-defined state:
/// Metropolis acceptance <c>min(1, exp(-ΔE / T))</c>, geometric, linear or logarithmic cooling over
/// <see cref="SimulatedAnnealingOptions.TemperatureSteps"/> levels of <see cref="SimulatedAnnealingOptions.MovesPerTemperature"/>
/// moves, an automatic start temperature from the acceptance rate of random moves, and restarts from the best state.
/// </summary>
/// <remarks>
/// <para>The best state is kept in a state from <see cref="IAnnealingProblem{TState}.CreateState"/> made by the
/// constructor (copied on each new best); <c>Minimize</c> itself allocates nothing unless the problem does.</para>
/// <para>A move whose energy change is NaN or ±infinity is undone, counted in
/// <see cref="AnnealingResult.NonFiniteEvaluations"/> and never accepted, so such states never become current or best.
/// An initial state whose energy is not finite is an error.</para>
/// <para>The observer is called after every temperature level with <see cref="IterationInfo.StepSize"/> = the
/// temperature, <see cref="IterationInfo.Evaluations"/> = moves proposed, <see cref="IterationInfo.IterationBestValue"/>
/// = the current energy; <see cref="AcceptanceRate"/> gives the level's acceptance rate.</para>
/// <para><b>Thread safety.</b> An instance is not thread-safe: it runs one call (Minimize) at a time. A call that
/// overlaps a running one — from another thread, or from the running call's own objective or observer — throws
/// <see cref="InvalidOperationException"/> before it changes anything, so the running call is not disturbed (an
/// exception the objective or observer does not catch ends the outer call like any exception it throws, and the
/// instance is free again). Calls one after the other may come from different threads. Distinct instances may run
/// concurrently: use one instance per thread.</para>
/// </remarks>
/// <typeparam name="TState">The state type.</typeparam>
/// <typeparam name="TProblem">The problem: energy and moves.</typeparam>
public sealed class SimulatedAnnealing<TState, TProblem> where TProblem : struct, IAnnealingProblem<TState>
{
    /// <summary>Moves between two looks at the cancellation token within a temperature level (a power of two).</summary>
    private const int CancellationCheckInterval = 1024;

    private TProblem _problem;
    private readonly SimulatedAnnealingOptions _options;
    private RandomSource _random;
    private TState _best;
    private readonly double[] _samples;
    private double _acceptanceRate;
    private double _temperature;
    /// <summary>0, or the id of the thread whose Minimize is running: see <see cref="ReentrancyGuard"/>.</summary>
    private int _busy;

    /// <summary>Creates the annealer for <paramref name="problem"/>; allocates the best-state buffer and the sampling buffer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SimulatedAnnealing(TProblem problem, SimulatedAnnealingOptions? options = null)
    {
        _options = options ?? new SimulatedAnnealingOptions();
        _options.Validate();
        _problem = problem;
        Seed = _options.Seed ?? (ulong)System.Random.Shared.NextInt64();
        _random = new RandomSource(Seed);
        _best = _problem.CreateState();
        _samples = new double[_options.StartTemperature is null ? _options.TemperatureSamples : 0];
    }

    /// <summary>The seed in use (drawn at construction when <see cref="SimulatedAnnealingOptions.Seed"/> is null).</summary>
    public ulong Seed { get; }

    /// <summary>The options in use.</summary>
    public SimulatedAnnealingOptions Options => _options;

    /// <summary>The problem instance, by reference.</summary>
    public ref TProblem Problem => ref _problem;

    /// <summary>Fraction of the moves accepted at the last temperature level (of the moves made, if the run stopped within it).</summary>
    public double AcceptanceRate => _acceptanceRate;

    /// <summary>Temperature of the current (or last) level.</summary>
    public double Temperature => _temperature;

    /// <summary>Anneals <paramref name="state"/> in place; on return it holds the best state found.</summary>
    /// <exception cref="ArgumentException">The energy of the initial state is not finite.</exception>
    /// <exception cref="InvalidOperationException">The automatic start temperature would exceed the largest double.</exception>
    public AnnealingResult Minimize(ref TState state, CancellationToken cancellationToken = default)
    {
        NullObserver observer = default;
        return Minimize(ref state, ref observer, cancellationToken);
    }

    /// <summary>
    /// Anneals <paramref name="state"/> in place, calling <paramref name="progress"/> after every temperature level on
    /// this thread (pass <c>progress.Report</c> for an <see cref="IProgress{IterationInfo}"/>, or
    /// <see cref="OptimizationHistory.Record"/> to record the curve); on return it holds the best state found.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentException">The energy of the initial state is not finite.</exception>
    /// <exception cref="InvalidOperationException">The automatic start temperature would exceed the largest double.</exception>
    public AnnealingResult Minimize(ref TState state, Action<IterationInfo> progress, CancellationToken cancellationToken = default)
    {
        var observer = new ProgressObserver(progress);
        return Minimize(ref state, ref observer, cancellationToken);
    }

    /// <summary>Anneals <paramref name="state"/> in place, calling <paramref name="observer"/> after every temperature level; on return it holds the best state found.</summary>
    /// <exception cref="ArgumentException">The energy of the initial state is not finite.</exception>
    /// <exception cref="InvalidOperationException">The automatic start temperature would exceed the largest double.</exception>
    public AnnealingResult Minimize<TObserver>(ref TState state, ref TObserver observer, CancellationToken cancellationToken = default)
        where TObserver : struct, IOptimizationObserver
    {
        using ReentrancyGuard.Scope busy = ReentrancyGuard.Enter(ref _busy, "SimulatedAnnealing", nameof(Minimize));
        RunClock clock = RunClock.Start();
        double energy = _problem.Energy(in state);
        if (!double.IsFinite(energy))
            throw new ArgumentException($"The energy of the initial state is {energy}; it must be finite.", nameof(state));
        _random = new RandomSource(Seed);
        double startTemperature = _options.StartTemperature ?? AutomaticStartTemperature(ref state, cancellationToken);
        if (double.IsNaN(startTemperature))
        {
            // Cancelled while sampling the start temperature: no level ran, the state is the initial one again.
            return new AnnealingResult(_problem.Energy(in state), 0, 0, 0, TerminationReason.Cancelled, 0, 0, double.NaN)
            {
                Elapsed = clock.Elapsed,
            };
        }
        double endTemperature = _options.EndTemperature ?? startTemperature / 1000;
        if (endTemperature > startTemperature)
            throw new ArgumentException($"EndTemperature ({endTemperature}) exceeds the automatic start temperature ({startTemperature}).", nameof(state));

        _problem.Copy(in state, ref _best);
        double bestEnergy = energy;
        long moves = 0, accepted = 0, nonFinite = 0, iterations = 0;
        int restarts = 0;
        TerminationReason status = bestEnergy <= _options.TargetValue ? TerminationReason.TargetReached : TerminationReason.None;
        int levels = _options.TemperatureSteps;
        int movesPerLevel = _options.MovesPerTemperature;
        double runStart = startTemperature;

        for (long run = 0; run <= _options.Restarts && status == TerminationReason.None; run++)
        {
            if (run > 0)
            {
                restarts++;
                _problem.Copy(in _best, ref state);
                energy = _problem.Energy(in state);
                runStart = Math.Max(startTemperature * _options.RestartTemperatureScale, endTemperature);
            }
            for (int k = 0; k < levels; k++)
            {
                double t = ScheduleTemperature(runStart, endTemperature, k, levels);
                _temperature = t;
                long acceptedAtLevel = 0;
                int movesAtLevel = 0;
                for (int m = 0; m < movesPerLevel; m++)
                {
                    // Cancellation within a level too (a level may hold up to int.MaxValue moves): one volatile read every 1024 moves.
                    if ((m & (CancellationCheckInterval - 1)) == CancellationCheckInterval - 1 && cancellationToken.IsCancellationRequested)
                    {
                        status = TerminationReason.Cancelled;
                        break;
                    }
                    movesAtLevel++;
                    double delta = _problem.Propose(ref state, ref _random);
                    moves++;
                    if (!double.IsFinite(delta))
                    {
                        nonFinite++;
                        _problem.Undo(ref state);
                        continue;
                    }
                    if (delta <= 0 || _random.NextDouble() < Math.Exp(-delta / t))
                    {
                        _problem.Commit(ref state);
                        energy += delta;
                        acceptedAtLevel++;
                        if (energy < bestEnergy)
                        {
                            bestEnergy = energy;
                            _problem.Copy(in state, ref _best);
                            if (bestEnergy <= _options.TargetValue)
                            {
                                status = TerminationReason.TargetReached;
                                break;
                            }
                        }
                    }
                    else
                    {
                        _problem.Undo(ref state);
                    }
                }
                accepted += acceptedAtLevel;
                _acceptanceRate = movesAtLevel == 0 ? 0 : acceptedAtLevel / (double)movesAtLevel;
                iterations++;
                var info = new IterationInfo(iterations, moves, bestEnergy, energy, t, restarts);
                if (status != TerminationReason.None)
                    break;
                if ((status = RunSteps.AfterIteration(ref observer, in info, cancellationToken)) != TerminationReason.None)
                    break;
            }
        }
        if (status == TerminationReason.None)
            status = TerminationReason.ScheduleCompleted;
        _problem.Copy(in _best, ref state);
        double finalEnergy = _problem.Energy(in state);
        return new AnnealingResult(finalEnergy, moves, accepted, iterations, status, restarts, nonFinite, startTemperature)
        {
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>Temperature of level <paramref name="k"/> of <paramref name="levels"/> between <paramref name="start"/> and <paramref name="end"/>.</summary>
    private double ScheduleTemperature(double start, double end, int k, int levels)
    {
        if (levels == 1 || k == 0)
            return start;
        double fraction = k / (double)(levels - 1);
        double ratio = end / start;
        return _options.Schedule switch
        {
            // Only when start dwarfs end (start + (end - start) cancels to 0) does the plain form fail to stay above 0.
            CoolingSchedule.Linear => start + (end - start) * fraction is var t && t > 0 ? t : end,
            // start / end overflows when the temperatures span more than the double range: the same law divided through by start / end.
            CoolingSchedule.Logarithmic => double.IsFinite(start / end)
                ? start / (1 + (start / end - 1) / Math.Log(levels) * Math.Log(1 + k))
                : end / (ratio + (1 - ratio) * (Math.Log(1 + k) / Math.Log(levels))),
            // end / start underflows to 0 in the same case: interpolate the logarithms instead.
            _ => ratio > 0
                ? start * Math.Pow(ratio, fraction)
                : Math.Exp(Math.Log(start) + (Math.Log(end) - Math.Log(start)) * fraction),
        };
    }

    /// <summary>
    /// Takes a random walk of <see cref="SimulatedAnnealingOptions.TemperatureSamples"/> moves from <paramref name="state"/>
    /// (every finite move committed, so the sample is not limited to the neighbourhood of the start), restores the
    /// state, then solves
    /// <c>(downhill + Σ_uphill exp(-ΔE_i / T)) / samples = InitialAcceptance</c> for T by bisection on log T.
    /// Returns NaN, with the state restored, when <paramref name="cancellationToken"/> is cancelled during the walk.
    /// </summary>
    private double AutomaticStartTemperature(ref TState state, CancellationToken cancellationToken)
    {
        int samples = _samples.Length, uphill = 0, downhill = 0;
        double smallest = double.PositiveInfinity, largest = 0;
        _problem.Copy(in state, ref _best);
        for (int i = 0; i < samples; i++)
        {
            // Cancellation every 1024 samples as within a level (up to MaxTemperatureSamples may be asked for): NaN.
            if ((i & (CancellationCheckInterval - 1)) == CancellationCheckInterval - 1 && cancellationToken.IsCancellationRequested)
            {
                _problem.Copy(in _best, ref state);
                return double.NaN;
            }
            double delta = _problem.Propose(ref state, ref _random);
            if (!double.IsFinite(delta))
            {
                _problem.Undo(ref state);
                continue;
            }
            _problem.Commit(ref state);
            if (delta <= 0)
            {
                downhill++;
            }
            else
            {
                _samples[uphill++] = delta;
                smallest = Math.Min(smallest, delta);
                largest = Math.Max(largest, delta);
            }
        }
        _problem.Copy(in _best, ref state);
        if (uphill == 0)
            return 1;
        int counted = uphill + downhill;
        double target = _options.InitialAcceptance;
        if (downhill >= target * counted)
            return smallest;
        // Bracket [smallest / 1000, largest * 1e6] on a log scale. For energy changes near the ends of the double range
        // the products under- or overflow: take logarithms first then, and never bracket above the largest double.
        double lo = Math.Log(smallest * 1e-3), hi = Math.Log(largest * 1e6);
        if (!double.IsFinite(lo))
            lo = Math.Log(smallest) + Math.Log(1e-3);
        if (!double.IsFinite(hi) || hi > LogMaxTemperature)
        {
            hi = Math.Max(LogMaxTemperature, lo);
            if (UphillAcceptance(downhill, uphill, Math.Exp(hi)) / counted < target)
                throw new InvalidOperationException(
                    $"The automatic start temperature cannot be represented: accepting {target} of the sampled moves, whose " +
                    $"uphill energy changes reach {largest}, needs a temperature above the largest double. Scale the energy " +
                    "down or set SimulatedAnnealingOptions.StartTemperature.");
        }
        for (int iteration = 0; iteration < 200 && hi - lo > 1e-12; iteration++)
        {
            double mid = 0.5 * (lo + hi);
            double t = Math.Exp(mid);
            if (UphillAcceptance(downhill, uphill, t) / counted < target) lo = mid; else hi = mid;
        }
        return Math.Exp(0.5 * (lo + hi));
    }

    /// <summary>ln of the largest start temperature the bisection tries, a little below ln(double.MaxValue) so that its exponential is finite.</summary>
    private const double LogMaxTemperature = 709.78;

    /// <summary>Downhill moves plus the Metropolis acceptance of the sampled uphill changes at temperature <paramref name="t"/>.</summary>
    private double UphillAcceptance(int downhill, int uphill, double t)
    {
        double acceptance = downhill;
        for (int i = 0; i < uphill; i++)
            acceptance += Math.Exp(-_samples[i] / t);
        return acceptance;
    }
}
