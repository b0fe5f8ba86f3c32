using System;

namespace GenOpt;

/// <summary>How CMA-ES restarts after a run stops without reaching the target.</summary>
public enum RestartStrategy
{
    /// <summary>No restarts.</summary>
    None = 0,
    /// <summary>IPOP-CMA-ES (Auger &amp; Hansen, 2005): each restart multiplies the population size by <see cref="CmaEsOptions.PopulationGrowth"/>.</summary>
    Ipop,
    /// <summary>
    /// BIPOP-CMA-ES (Hansen, 2009): alternates runs with a growing large population and runs with a
    /// small random population and small random step size, giving each regime a similar evaluation budget.
    /// </summary>
    Bipop,
}

/// <summary>
/// The model of the search distribution's covariance that <see cref="CmaEs{TObjective}"/> adapts (<see cref="CmaEsOptions.CovarianceModel"/>).
/// </summary>
public enum CovarianceModel
{
    /// <summary>
    /// The full n x n covariance matrix of CMA-ES (Hansen 2016): learns any rotated scaling; O(n^2) work per sample and an
    /// O(n^3) eigen-decomposition every O(n) generations, O(n^2) memory. The choice up to a few hundred variables.
    /// </summary>
    Full = 0,
    /// <summary>
    /// sep-CMA-ES (Ros &amp; Hansen, "A Simple Modification in CMA-ES Achieving Linear Time and Space Complexity", PPSN X,
    /// 2008): the covariance matrix is kept diagonal, with learning rates raised to pycma's separable ones
    /// (CMA_diagonal); O(n) work and memory per sample. Learns coordinate-wise scaling only; fast on separable problems.
    /// </summary>
    Separable,
    /// <summary>
    /// LM-MA-ES (Loshchilov, Glasmachers &amp; Beyer, "Large Scale Black-Box Optimization by Limited-Memory Matrix
    /// Adaptation", IEEE TEVC 23(2), 2019): the sampling transformation is built from m = 4 + floor(3 ln n) evolution
    /// paths; O(n m) work and memory per sample. Learns a low-rank structure of rotated problems. See docs/cma-large-scale.md.
    /// </summary>
    LimitedMemory,
}

/// <summary>
/// Options of <see cref="CmaEs{TObjective}"/>. Defaults follow Hansen's tutorial
/// ("The CMA Evolution Strategy: A Tutorial", 2016) and pycma's defaults.
/// </summary>
public sealed record CmaEsOptions
{
    /// <summary>
    /// Initial step size sigma0, about a quarter of the distance to the optimum or of the search range. Default 0.5.
    /// It must be a normal (not subnormal) positive number larger than <see cref="TolX"/>, and <c>Minimize</c> and
    /// <c>Initialize</c> also require <c>Sigma0 &gt;= eps * max_i |x0_i|</c> (eps = 2^-52), so that a step of one
    /// standard deviation can change every coordinate of x0; otherwise they throw <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public double Sigma0 { get; init; } = 0.5;

    /// <summary>
    /// Per-coordinate multipliers of <see cref="Sigma0"/>, as pycma's <c>CMA_stds</c>: the initial standard deviation of
    /// coordinate i is <c>Sigma0 * Sigma0Scales[i]</c>, for problems whose coordinates have very different scales (a
    /// parameter near 1e3 next to one near 1). Null (the default) is Sigma0 in every coordinate; all ones give
    /// bit-identical results. The length must be the objective's Dimension (checked by the <see cref="CmaEs{TObjective}"/>
    /// constructor, <see cref="ArgumentException"/>); every entry finite and &gt; 0, with <c>Sigma0 * Sigma0Scales[i]</c> a
    /// finite normal number, <c>Sigma0 * max_i Sigma0Scales[i] &gt; TolX</c> and <c>(max_i Sigma0Scales[i] / min_i Sigma0Scales[i])^2</c>
    /// below <see cref="MaxConditionNumber"/> (else <see cref="ArgumentOutOfRangeException"/>).
    /// <c>Minimize</c> and <c>Initialize</c> then require <c>Sigma0 * Sigma0Scales[i] &gt;= eps * |x0_i|</c> in each
    /// coordinate instead of <c>Sigma0 &gt;= eps * max_i |x0_i|</c>. The constructor copies the array.
    /// </summary>
    /// <remarks>
    /// Every run (restarts included) starts with the covariance matrix <c>C = diag(Sigma0Scales)^2</c> instead of the identity,
    /// with sigma = Sigma0. Because CMA-ES is invariant under scaling the coordinates, this samples the distribution
    /// pycma samples with <c>CMA_stds</c> (which keeps the scales outside C), and the termination criteria that measure
    /// steps in the units of x do the same as pycma's: TolX compares <c>sigma * max(|p_c,i|, sqrt(C_ii))</c> (scales
    /// included) with TolX, and TolFacUpX compares each <c>sigma * sqrt(C_ii)</c> with TolFacUpX times the run's initial sigma times <c>Sigma0Scales[i]</c>.
    /// Unlike pycma, C holds the scales: its condition number (<see cref="CmaEs{TObjective}.ConditionNumber"/>, the
    /// <see cref="MaxConditionNumber"/> criterion) starts at <c>(max_i Sigma0Scales[i] / min_i Sigma0Scales[i])^2</c>, and
    /// TolUpSigma's largest axis includes the largest scale.
    /// </remarks>
    public double[]? Sigma0Scales { get; init; }

    /// <summary>
    /// Population size lambda of the first run; null for the default <c>4 + floor(3 ln n)</c>. At least 2; the largest
    /// population of a run (with restarts, after all growth) times n must not exceed 2^26 (the size of the workspace arrays).
    /// </summary>
    public int? PopulationSize { get; init; }

    /// <summary>Active covariance update with negative recombination weights (Jastrebski &amp; Arnold, 2006). Default true, as in pycma.</summary>
    public bool ActiveCovariance { get; init; } = true;

    /// <summary>Seed of the random source; null draws one (see <see cref="CmaEs{TObjective}.Seed"/>). Same seed, same result.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Budget of objective evaluations over all runs; null (the default) for unlimited (other criteria stop the run). At least 1.</summary>
    public long? MaxEvaluations { get; init; }

    /// <summary><see cref="MaxEvaluations"/>, or <see cref="long.MaxValue"/> when unlimited.</summary>
    internal long EvaluationBudget => MaxEvaluations ?? long.MaxValue;

    /// <summary>Iteration limit of each run; null for pycma's default <c>100 + 150 (n+3)^2 / sqrt(lambda)</c>.</summary>
    public long? MaxIterations { get; init; }

    /// <summary>Stop as soon as a value &lt;= this is found. Default: negative infinity (off).</summary>
    public double TargetValue { get; init; } = double.NegativeInfinity;

    /// <summary>
    /// Stop when the range of the best values over the last <c>floor(10 + 30 n / lambda)</c> generations
    /// and of all values of the current generation is below this. Default 1e-11 (pycma's tolfun). Finite, &gt;= 0.
    /// </summary>
    public double TolFun { get; init; } = 1e-11;

    /// <summary>Stop when <c>sigma * max(|p_c,i|, sqrt(C_ii)) &lt; TolX</c> in every coordinate. Default 1e-11 (pycma's tolx). Finite, &gt;= 0.</summary>
    public double TolX { get; init; } = 1e-11;

    /// <summary>Stop when sigma * max_i sqrt(C_ii) exceeds this times sigma0: sigma0 was far too small. Default 1e3 (pycma's tolfacupx).</summary>
    public double TolFacUpX { get; init; } = 1e3;

    /// <summary>Stop when sigma / sigma0 exceeds this times sqrt(largest eigenvalue of C). Default 1e20 (pycma's tolupsigma).</summary>
    public double TolUpSigma { get; init; } = 1e20;

    /// <summary>Stop when the condition number of C exceeds this. Default 1e14 (pycma's tolconditioncov).</summary>
    public double MaxConditionNumber { get; init; } = 1e14;

    /// <summary>
    /// Stop when the best values of the last <c>floor(10 + 30 n / lambda)</c> generations (at least 10 of them) lie
    /// within a range below this, whatever the spread of the current generation. Default 1e-12 (pycma's tolfunhist,
    /// cma 4.4.0); 0 switches the criterion off.
    /// </summary>
    public double TolFunHist { get; init; } = 1e-12;

    /// <summary>
    /// Stop when the fitness has been flat (the best value of a generation equals the value of rank
    /// <c>floor(0.75 lambda)</c>) in more than this many consecutive generations. Default 1 (pycma's tolflatfitness,
    /// cma 4.4.0): two flat generations in a row stop the run. <see cref="int.MaxValue"/> switches the criterion off.
    /// </summary>
    public int TolFlatFitness { get; init; } = 1;

    /// <summary>
    /// Stagnation window in generations; null for pycma's <c>100 + 100 n^1.5 / lambda</c> (per run). As in pycma's
    /// tolstagnation (cma 4.4.0), the best and the median value of every 5th generation are recorded (at most 20,000
    /// of each), and the run stops when the medians of the newest <c>l</c> recorded best and median values are no
    /// better than those of the <c>l</c> recorded before, where <c>l = floor(max(window / 10, recorded / 10))</c>
    /// (so the two spans cover half a window each, or a tenth of the run each in long runs), provided that more
    /// than 100 values are recorded, more than <c>n (5 + 100 / lambda)</c> generations have passed, and the best
    /// value of the run was found more than half a window (window * lambda / 2 evaluations) ago.
    /// Windows of 100,000 generations or more switch the criterion off (no history is kept).
    /// </summary>
    public int? StagnationIterations { get; init; }

    /// <summary>Restart strategy after a run stops without reaching the target or the budget. Default: none.</summary>
    public RestartStrategy Restarts { get; init; } = RestartStrategy.None;

    /// <summary>
    /// Maximum number of restarts that grow the population (at most 16). Default 9, the usual IPOP/BIPOP benchmark
    /// setting (pycma's fmin has 0 unless asked). With BIPOP, small-population runs in between do not count, as in
    /// pycma: their budget is bounded by that of the large runs, and none follows the last large run.
    /// </summary>
    public int MaxRestarts { get; init; } = 9;

    /// <summary>Factor by which IPOP (and BIPOP's large regime) multiplies the population size on each restart. Default 2.</summary>
    public double PopulationGrowth { get; init; } = 2.0;

    /// <summary>
    /// Gradient injection (as in libcmaes; external solutions after Hansen, "Injecting External Solutions Into
    /// CMA-ES", 2011): each generation one candidate is replaced by the mean moved along <c>-C grad f(m)</c>,
    /// scaled to the Mahalanobis length sqrt(n) of the distribution, which then competes and enters the updates
    /// like any other candidate. Requires an objective implementing <see cref="IDifferentiableObjective"/>
    /// (checked at construction). Each generation costs one extra <see cref="IDifferentiableObjective.ValueAndGradient"/>
    /// at the mean, counted as one evaluation. Default false.
    /// </summary>
    public bool GradientInjection { get; init; }

    /// <summary>
    /// Threads that evaluate each generation's population in <see cref="CmaEs{TObjective}.Minimize(System.ReadOnlySpan{double}, Bounds?, System.Threading.CancellationToken)"/>
    /// (the calling thread is one of them; at most the largest population a run can have are used). Default 1. Worth it
    /// only for objectives that cost microseconds or more; the result does not depend on it. See
    /// <see cref="CmaEs{TObjective}"/> for how the objective is shared. Between 1 and 1024.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// The covariance model: <see cref="GenOpt.CovarianceModel.Full"/> (the default, bit-identical to CMA-ES before the
    /// option existed), <see cref="GenOpt.CovarianceModel.Separable"/> (sep-CMA-ES, O(n) per sample) or
    /// <see cref="GenOpt.CovarianceModel.LimitedMemory"/> (LM-MA-ES, O(n m) per sample with m = 4 + floor(3 ln n)). The
    /// large-scale models never allocate an n x n array. <see cref="GradientInjection"/> needs the full model. Some
    /// termination criteria differ (docs/cma-large-scale.md): with Separable the condition number and the principal axes
    /// are those of the diagonal; LimitedMemory has no condition-number, TolUpSigma or principal-axis criterion, and its
    /// TolX, TolFacUpX and no-effect tests use sigma times <see cref="Sigma0Scales"/> as the standard deviations.
    /// </summary>
    public CovarianceModel CovarianceModel { get; init; } = CovarianceModel.Full;

    /// <summary>
    /// When the objective implements <see cref="IBatchObjective"/>, evaluate the population through
    /// <see cref="IBatchObjective.ValueBatch"/> (one call per evaluating thread per iteration) instead of
    /// <see cref="IObjective.Value"/> per candidate. Default true; objectives without a batch method are evaluated per
    /// candidate either way. With a batch method whose values equal Value bit for bit the result is the same bits either
    /// way (and whatever <see cref="Threads"/> is); where the batch rounds differently (vector transcendental functions),
    /// set it to false to reproduce a scalar run. Applies to <c>Minimize</c>; in ask/tell and <c>MinimizeAsync</c> the
    /// caller evaluates.
    /// </summary>
    public bool UseBatch { get; init; } = true;

    internal void Validate()
    {
        if (!(Sigma0 > 0) || !double.IsFinite(Sigma0))
            throw new ArgumentOutOfRangeException(nameof(Sigma0), Sigma0, "Sigma0 must be a positive finite number.");
        if (!double.IsNormal(Sigma0))
            throw new ArgumentOutOfRangeException(nameof(Sigma0), Sigma0, "Sigma0 must not be subnormal (below 2.2250738585072014e-308): steps that small lose their precision and cannot move the search.");
        if (PopulationSize is { } lam && lam < 2)
            throw new ArgumentOutOfRangeException(nameof(PopulationSize), lam, "PopulationSize must be at least 2.");
        OptionChecks.Positive(MaxEvaluations, nameof(MaxEvaluations));
        OptionChecks.Positive(MaxIterations, nameof(MaxIterations));
        OptionChecks.NotNaN(TargetValue, nameof(TargetValue));
        if (!(TolFun >= 0) || double.IsPositiveInfinity(TolFun))
            throw new ArgumentOutOfRangeException(nameof(TolFun), TolFun, "TolFun must be a finite number >= 0 (infinity would report convergence at the first check).");
        if (!(TolX >= 0) || double.IsPositiveInfinity(TolX))
            throw new ArgumentOutOfRangeException(nameof(TolX), TolX, "TolX must be a finite number >= 0 (infinity would report convergence at the first check).");
        if (!(Sigma0 > TolX))
            throw new ArgumentOutOfRangeException(nameof(Sigma0), Sigma0, $"Sigma0 must be larger than TolX ({TolX}): a run that starts below the step tolerance stops at once with a false StepTolerance convergence.");
        if (Sigma0Scales is { } scales)
        {
            double largest = 0, smallest = double.PositiveInfinity;
            for (int i = 0; i < scales.Length; i++)
            {
                double s = scales[i];
                if (!(s > 0) || !double.IsFinite(s))
                    throw new ArgumentOutOfRangeException(nameof(Sigma0Scales), s, $"Sigma0Scales[{i}] is {s}; every scale must be a positive finite number.");
                if (!double.IsFinite(Sigma0 * s) || !double.IsNormal(Sigma0 * s))
                    throw new ArgumentOutOfRangeException(nameof(Sigma0Scales), s, $"Sigma0 * Sigma0Scales[{i}] = {Sigma0 * s} must be a finite normal number (the initial standard deviation of coordinate {i}).");
                if (!double.IsFinite(s * s) || !double.IsNormal(s * s))
                    throw new ArgumentOutOfRangeException(nameof(Sigma0Scales), s, $"Sigma0Scales[{i}] = {s}: its square, the initial C_ii, must be a finite normal number.");
                largest = Math.Max(largest, s);
                smallest = Math.Min(smallest, s);
            }
            if (scales.Length > 0 && !(Sigma0 * largest > TolX))
                throw new ArgumentOutOfRangeException(nameof(Sigma0Scales), largest, $"Sigma0 * max Sigma0Scales = {Sigma0 * largest} must be larger than TolX ({TolX}): a run whose standard deviations all start below the step tolerance stops at once with a false StepTolerance convergence.");
            if (scales.Length > 0 && !(largest / smallest * (largest / smallest) < MaxConditionNumber))
                throw new ArgumentOutOfRangeException(nameof(Sigma0Scales), largest / smallest, $"The largest Sigma0Scales entry is {largest / smallest} times the smallest; C starts as diag(Sigma0Scales)^2, whose condition number ({largest / smallest * (largest / smallest)}) must be below MaxConditionNumber ({MaxConditionNumber}), or the run would stop at once.");
        }
        if (!(TolFacUpX > 0)) throw new ArgumentOutOfRangeException(nameof(TolFacUpX), TolFacUpX, "TolFacUpX must be positive.");
        if (!(TolUpSigma > 0)) throw new ArgumentOutOfRangeException(nameof(TolUpSigma), TolUpSigma, "TolUpSigma must be positive.");
        if (!(MaxConditionNumber > 1)) throw new ArgumentOutOfRangeException(nameof(MaxConditionNumber), MaxConditionNumber, "MaxConditionNumber must be greater than 1.");
        if (!(TolFunHist >= 0)) throw new ArgumentOutOfRangeException(nameof(TolFunHist), TolFunHist, "TolFunHist must be >= 0.");
        if (TolFlatFitness < 0) throw new ArgumentOutOfRangeException(nameof(TolFlatFitness), TolFlatFitness, "TolFlatFitness must be >= 0.");
        if (StagnationIterations is { } st && st < 1)
            throw new ArgumentOutOfRangeException(nameof(StagnationIterations), st, "StagnationIterations must be positive.");
        if (MaxRestarts is < 0 or > 16)
            throw new ArgumentOutOfRangeException(nameof(MaxRestarts), MaxRestarts, "MaxRestarts must be between 0 and 16.");
        if (!(PopulationGrowth >= 1) || PopulationGrowth > 16)
            throw new ArgumentOutOfRangeException(nameof(PopulationGrowth), PopulationGrowth, "PopulationGrowth must be between 1 and 16.");
        if (!Enum.IsDefined(Restarts))
            throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "Unknown restart strategy.");
        if (!Enum.IsDefined(CovarianceModel))
            throw new ArgumentOutOfRangeException(nameof(CovarianceModel), CovarianceModel, "Unknown covariance model.");
        if (GradientInjection && CovarianceModel != CovarianceModel.Full)
            throw new ArgumentOutOfRangeException(nameof(GradientInjection), GradientInjection, $"GradientInjection needs CovarianceModel.Full; the {CovarianceModel} model does not support it.");
        if (Threads is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be between 1 and 1024.");
    }
}
