using System;

namespace GenOpt;

/// <summary>Which particles inform a particle's social attraction in <see cref="Pso{TObjective}"/>.</summary>
public enum PsoTopology
{
    /// <summary>Global best (star): every particle is attracted to the best position the whole swarm has found (pyswarms' GlobalBestPSO).</summary>
    Global = 0,
    /// <summary>
    /// Local best on a ring of particle indices (Kennedy &amp; Mendes, 2002): particle i sees particles
    /// i - r, ..., i + r (indices modulo the swarm size) with r = <see cref="PsoOptions.RingRadius"/>.
    /// </summary>
    Ring,
    /// <summary>
    /// Von Neumann grid (Kennedy &amp; Mendes, 2002): the swarm is laid out row-major on a rows x columns torus
    /// (rows = the largest divisor of the swarm size not above its square root) and each particle sees itself and
    /// its four grid neighbours (up, down, left, right, wrapping around).
    /// </summary>
    VonNeumann,
    /// <summary>
    /// SPSO 2011's adaptive random topology (Clerc, "Standard Particle Swarm Optimisation", 2012): each particle informs
    /// itself and <see cref="PsoOptions.RandomInformants"/> particles drawn at random (with repetition); the links are
    /// drawn anew after every iteration in which the best value of the swarm did not improve.
    /// </summary>
    Random,
}

/// <summary>
/// What <see cref="Pso{TObjective}"/> does with a coordinate that a step carries outside the box (pyswarms' bh_strategy).
/// Every evaluated point lies in the box whatever the strategy.
/// </summary>
public enum PsoBoundaryStrategy
{
    /// <summary>
    /// Mirror the coordinate at the bound it crossed, repeatedly until it is inside (pyswarms' "reflective"), and reverse
    /// that velocity component: the particle bounces off the wall. (pyswarms keeps the velocity; reversing it lets the swarm
    /// settle on optima on or near the bounds: on [0, 5]^2 with the optimum in the corner it reaches the corner exactly,
    /// where keeping the velocity stops about 0.03 away.)
    /// </summary>
    Reflective = 0,
    /// <summary>Set the coordinate to the bound it crossed and that velocity component to zero (pyswarms' "nearest" with the velocity zeroed).</summary>
    Nearest,
    /// <summary>
    /// Re-draw the coordinate uniformly in [lower, upper] from the particle's own random stream and set that velocity
    /// component to zero. (pyswarms' "random" re-draws every coordinate of a particle that left the box and keeps the
    /// velocity; GenOpt re-draws only the coordinates outside.)
    /// </summary>
    Random,
    /// <summary>
    /// Wrap the coordinate around: the box is a torus, <c>lower + (x - lower) mod (upper - lower)</c> (pyswarms' "periodic",
    /// its default). The velocity is kept. Good for optima well inside the box (the best strategy on 10-D Rastrigin), poor
    /// for optima on or near a bound: particles that overshoot reappear on the far side.
    /// </summary>
    Periodic,
}

/// <summary>How the inertia weight of <see cref="Pso{TObjective}"/> changes over a run.</summary>
public enum PsoInertiaSchedule
{
    /// <summary>Constant inertia <see cref="PsoOptions.W"/>.</summary>
    Constant = 0,
    /// <summary>
    /// Linear decrease from <see cref="PsoOptions.WMax"/> to <see cref="PsoOptions.WMin"/> over the run (Shi &amp; Eberhart, 1999;
    /// pyswarms' "lin_variation"): the move after iteration t (0-based) uses
    /// <c>w = WMin + (WMax - WMin) (T - t) / T</c>, with T the iteration horizon
    /// <c>min(MaxIterations, ceil(MaxEvaluations / SwarmSize))</c>.
    /// </summary>
    Linear,
}

/// <summary>
/// Options of <see cref="Pso{TObjective}"/>. The coefficients default to Clerc &amp; Kennedy's constriction
/// (2002): w = chi = 0.7298, c1 = c2 = chi * 2.05 = 1.49618.
/// </summary>
public sealed record PsoOptions
{
    /// <summary>
    /// Number of particles. Default 40: a fixed size rather than SPSO 2011's <c>10 + 2 sqrt(n)</c> (16 for n = 10). With the
    /// same budget of 40,000 evaluations on GenOpt's 10-D test functions (medians over 51 seeds), 40 particles did better on
    /// the multimodal ones (Rastrigin 4.97 against 7.96, Griewank 0.069 against 0.094, worst Ackley run 1.16
    /// against 2.81), 16 particles on Rosenbrock (0.057 against 0.54); 40 is also the size of the usual
    /// benchmarks (pyswarms' examples). Set it to <c>10 + 2 sqrt(n)</c> for SPSO 2011's size. At least 2, and SwarmSize times n at
    /// most 2^26 (the size of the workspace arrays).
    /// </summary>
    public int SwarmSize { get; init; } = 40;

    /// <summary>
    /// Inertia weight w of the velocity (constant schedule). Default 0.7298 (constriction factor chi for phi = 4.1).
    /// Valid [0, 1], or [0, 1.4] with a finite <see cref="VelocityClamp"/>: the inertia multiplies the velocity at every
    /// step, so above 1 the velocities grow without bound and the swarm cannot settle (stability needs w &lt; 1: Clerc &amp;
    /// Kennedy 2002, Poli 2009; w = 1 is the original PSO of Kennedy &amp; Eberhart 1995); a velocity clamp keeps the swarm
    /// bounded, and 1.4 is the top of the inertia range Shi &amp; Eberhart (1998) studied with one. The same range applies to
    /// <see cref="WMax"/> and <see cref="WMin"/>.
    /// </summary>
    public double W { get; init; } = 0.7298;

    /// <summary>
    /// Cognitive coefficient c1 (attraction to the particle's own best). Default 1.49618 = 0.7298 * 2.05. Finite, &gt;= 0,
    /// and <c>C1 + C2 &lt; 4 (1 + w)</c> for the smallest inertia w of the run (<see cref="W"/>, or the smaller of
    /// <see cref="WMin"/> and <see cref="WMax"/> with the linear schedule): beyond that bound even the expected position of
    /// a particle oscillates with growing amplitude and the swarm cannot converge (order-1 stability region; Trelea 2003,
    /// Poli 2009). The defaults (sum 2.99 against 6.92) and Shi &amp; Eberhart's c1 = c2 = 2 with w from 0.9 to 0.4 (4 against 5.6) lie inside.
    /// </summary>
    public double C1 { get; init; } = 1.49618;

    /// <summary>Social coefficient c2 (attraction to the best of the particle's neighbourhood). Default 1.49618. See <see cref="C1"/> for the valid range of <c>C1 + C2</c>.</summary>
    public double C2 { get; init; } = 1.49618;

    /// <summary>Inertia schedule. Default <see cref="PsoInertiaSchedule.Constant"/> (<see cref="W"/> throughout).</summary>
    public PsoInertiaSchedule InertiaSchedule { get; init; } = PsoInertiaSchedule.Constant;

    /// <summary>Inertia at the start of a <see cref="PsoInertiaSchedule.Linear"/> schedule. Default 0.9 (Shi &amp; Eberhart, 1999).</summary>
    public double WMax { get; init; } = 0.9;

    /// <summary>Inertia at the end of a <see cref="PsoInertiaSchedule.Linear"/> schedule. Default 0.4 (Shi &amp; Eberhart, 1999).</summary>
    public double WMin { get; init; } = 0.4;

    /// <summary>Neighbourhood structure. Default <see cref="PsoTopology.Global"/> (star).</summary>
    public PsoTopology Topology { get; init; } = PsoTopology.Global;

    /// <summary>Neighbours on each side of a particle in the <see cref="PsoTopology.Ring"/> topology. Default 1 (the classic lbest ring: i - 1, i, i + 1).</summary>
    public int RingRadius { get; init; } = 1;

    /// <summary>Particles each particle informs in the <see cref="PsoTopology.Random"/> topology. Default 3 (SPSO 2011's K).</summary>
    public int RandomInformants { get; init; } = 3;

    /// <summary>
    /// How coordinates that leave the box are brought back. Default <see cref="PsoBoundaryStrategy.Reflective"/>: it finds
    /// optima on or near the bounds (where <see cref="PsoBoundaryStrategy.Periodic"/>, pyswarms' default, fails) and is as
    /// good as the others on GenOpt's 10-D test functions, except that on Rastrigin, whose optimum is the centre of the box,
    /// periodic is better (median best over 51 seeds 2.98 against 4.97).
    /// </summary>
    public PsoBoundaryStrategy Boundary { get; init; } = PsoBoundaryStrategy.Reflective;

    /// <summary>
    /// Velocity clamp as a fraction of the box width: each velocity component is limited to
    /// <c>±VelocityClamp * (upper_i - lower_i)</c>. Default <see cref="double.PositiveInfinity"/> (off), as in pyswarms and
    /// SPSO 2011: with the constriction coefficients the swarm converges without a clamp (Clerc &amp; Kennedy, 2002), and
    /// clamps of 0.2, 0.5 and 1 box widths did no better on GenOpt's 10-D test functions. Useful values are 0.1 to 1.
    /// </summary>
    public double VelocityClamp { get; init; } = double.PositiveInfinity;

    /// <summary>Iteration limit: evaluations of the whole swarm; null (the default) for 1000 (pyswarms' default iters). At least 1.</summary>
    public long? MaxIterations { get; init; }

    /// <summary>
    /// Budget of objective evaluations, respected exactly: when fewer than <see cref="SwarmSize"/> remain, the last
    /// iteration evaluates only the first particles. Null (the default) for unlimited. At least 1.
    /// </summary>
    public long? MaxEvaluations { get; init; }

    /// <summary>The iteration limit when <see cref="MaxIterations"/> is null.</summary>
    internal const long DefaultMaxIterations = 1000;

    /// <summary><see cref="MaxIterations"/>, or <see cref="DefaultMaxIterations"/>.</summary>
    internal long IterationLimit => MaxIterations ?? DefaultMaxIterations;

    /// <summary><see cref="MaxEvaluations"/>, or <see cref="long.MaxValue"/> when unlimited.</summary>
    internal long EvaluationBudget => MaxEvaluations ?? long.MaxValue;

    /// <summary>Stop as soon as a value &lt;= this is found. Default: negative infinity (off).</summary>
    public double TargetValue { get; init; } = double.NegativeInfinity;

    /// <summary>
    /// Relative tolerance on the best value, as pyswarms' ftol: an iteration counts as stalled when
    /// <c>|best - previousBest| &lt; FTol * (1 + |previousBest|)</c>, and the run stops after <see cref="FTolIterations"/>
    /// consecutive stalled iterations (the first iteration never counts: its previous best is +infinity; pyswarms in
    /// addition never stops before iteration ftol_iter + 2). Default negative infinity (off, as in pyswarms). Must be
    /// finite or negative infinity.
    /// </summary>
    public double FTol { get; init; } = double.NegativeInfinity;

    /// <summary>Consecutive stalled iterations for the <see cref="FTol"/> stop (pyswarms' ftol_iter). Default 50.</summary>
    public int FTolIterations { get; init; } = 50;

    /// <summary>Seed of the random streams; null draws one (see <see cref="Pso{TObjective}.Seed"/>). Same seed, same result.</summary>
    public ulong? Seed { get; init; }

    /// <summary>
    /// Threads that evaluate the swarm in <c>Pso.Minimize</c>
    /// (the calling thread is one of them). Default 1. Worth it only for objectives that cost microseconds or more; the
    /// result does not depend on it. See <see cref="Pso{TObjective}"/> for how the objective is shared.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// When the objective implements <see cref="IBatchObjective"/>, evaluate the swarm through
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
        if (SwarmSize < 2)
            throw new ArgumentOutOfRangeException(nameof(SwarmSize), SwarmSize, "SwarmSize must be at least 2.");
        if (!(VelocityClamp > 0))
            throw new ArgumentOutOfRangeException(nameof(VelocityClamp), VelocityClamp, "VelocityClamp must be positive (PositiveInfinity switches it off).");
        CheckInertia(W, nameof(W));
        CheckInertia(WMax, nameof(WMax));
        CheckInertia(WMin, nameof(WMin));
        CheckCoefficient(C1, nameof(C1));
        CheckCoefficient(C2, nameof(C2));
        // Order-1 stability (Trelea 2003; Poli 2009): with E[r1] = E[r2] = 1/2 the expected position of a particle
        // converges only if c1 + c2 < 4 (1 + w); the smallest inertia of the run gives the tightest bound.
        double wLow = InertiaSchedule == PsoInertiaSchedule.Linear ? Math.Min(WMin, WMax) : W;
        double limit = 4 * (1 + wLow);
        if (!(C1 + C2 < limit))
        {
            string name = C2 >= C1 ? nameof(C2) : nameof(C1);
            throw new ArgumentOutOfRangeException(name, name == nameof(C2) ? C2 : C1,
                $"C1 + C2 = {C1 + C2} must be below 4 (1 + w) = {limit} for the smallest inertia w = {wLow} of the run: " +
                "beyond it even the expected position of a particle oscillates with growing amplitude and the swarm cannot " +
                "converge (order-1 stability region; Trelea 2003, Poli 2009).");
        }
        if (!Enum.IsDefined(InertiaSchedule))
            throw new ArgumentOutOfRangeException(nameof(InertiaSchedule), InertiaSchedule, "Unknown inertia schedule.");
        if (!Enum.IsDefined(Topology))
            throw new ArgumentOutOfRangeException(nameof(Topology), Topology, "Unknown topology.");
        if (!Enum.IsDefined(Boundary))
            throw new ArgumentOutOfRangeException(nameof(Boundary), Boundary, "Unknown boundary strategy.");
        if (RingRadius < 1)
            throw new ArgumentOutOfRangeException(nameof(RingRadius), RingRadius, "RingRadius must be at least 1.");
        if (RandomInformants is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(RandomInformants), RandomInformants, "RandomInformants must be between 1 and 64.");
        OptionChecks.Positive(MaxIterations, nameof(MaxIterations));
        OptionChecks.Positive(MaxEvaluations, nameof(MaxEvaluations));
        OptionChecks.NotNaN(TargetValue, nameof(TargetValue));
        if (double.IsNaN(FTol) || double.IsPositiveInfinity(FTol))
            throw new ArgumentOutOfRangeException(nameof(FTol), FTol, "FTol must be a finite number (negative infinity switches it off; positive infinity would report convergence after FTolIterations iterations whatever happens).");
        OptionChecks.Positive(FTolIterations, nameof(FTolIterations));
        if (Threads is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be between 1 and 1024.");
    }

    /// <summary>Largest inertia accepted without a velocity clamp: above 1 the velocity grows geometrically.</summary>
    internal const double MaxInertia = 1;

    /// <summary>Largest inertia accepted with a finite <see cref="VelocityClamp"/> (the top of the range Shi &amp; Eberhart, 1998, studied with one).</summary>
    internal const double MaxClampedInertia = 1.4;

    private void CheckInertia(double value, string name)
    {
        bool clamped = !double.IsPositiveInfinity(VelocityClamp);
        double max = clamped ? MaxClampedInertia : MaxInertia;
        if (!(value >= 0 && value <= max))
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} must be a finite number in [0, {MaxInertia}] (in [0, {MaxClampedInertia}] with a VelocityClamp); it is {value}. " +
                "The inertia multiplies the velocity at every step: above 1 the velocities grow without bound whatever C1 and C2 are, " +
                "and the swarm cannot settle (stability needs w < 1: Clerc & Kennedy 2002, Poli 2009; w = 1 is the original PSO of " +
                $"Kennedy & Eberhart 1995). A velocity clamp keeps the swarm bounded, so up to {MaxClampedInertia}, the top of the inertia " +
                "range Shi & Eberhart (1998) studied with one, is accepted then.");
    }

    private static void CheckCoefficient(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0.");
    }
}
