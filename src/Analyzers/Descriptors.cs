using Microsoft.CodeAnalysis;

namespace GenOpt.Analyzers;

/// <summary>Every diagnostic the GenOpt analyzers report. Documented in docs/diagnostics.md.</summary>
internal static class Descriptors
{
    public const string Category = "GenOpt";

    public const string IndexOutOfRangeId = "GENOPT020";
    public const string AllocationId = "GENOPT021";
    public const string StaticWriteId = "GENOPT022";
    public const string ImpureCallId = "GENOPT023";
    public const string OptimizerInLoopId = "GENOPT024";
    public const string InitialPointLengthId = "GENOPT025";
    public const string InstanceObjectiveWithoutInstanceId = "GENOPT026";

    // No help link: GenOpt has no public web site. Every description ends with where its documentation is: the section
    // of docs/diagnostics.md (shipped in the GenOpt package) named by the id (see Help).

    // Errors: the code is certain to throw when it runs.
    public static readonly DiagnosticDescriptor IndexOutOfRange = Create(
        IndexOutOfRangeId, DiagnosticSeverity.Error,
        "Index outside the span's length",
        "Index '{0}' into '{1}' {2}, outside [0, {3}): '{1}' has length {3}, the {4}",
        "The length of x is the objective's Dimension (of a vector constraint's values, its Count), fixed at compile time; an index outside it throws IndexOutOfRangeException at run time.");

    public static readonly DiagnosticDescriptor Allocation = Create(
        AllocationId, DiagnosticSeverity.Warning,
        "Allocation in an objective or constraint",
        "{0} '{1}' allocates on every evaluation: {2}",
        "Optimizers evaluate objectives and constraints thousands of times and allocate nothing themselves; an allocation in the body brings the garbage collector back. Use stackalloc, spans, fields of the containing type, or a loop.");

    public static readonly DiagnosticDescriptor StaticWrite = Create(
        StaticWriteId, DiagnosticSeverity.Warning,
        "Objective or constraint writes static state",
        "{0} '{1}' writes the static member '{2}'; optimizers assume the value depends on x alone",
        "Optimizers cache, compare and re-evaluate values; an objective whose value depends on state it changes itself misleads them, and static state is shared by every optimizer on every thread. Keep per-run state in fields of the containing struct or class.");

    public static readonly DiagnosticDescriptor ImpureCall = Create(
        ImpureCallId, DiagnosticSeverity.Warning,
        "Objective or constraint calls into I/O, the clock or randomness",
        "{0} '{1}' uses '{2}', which {3}; optimizers assume the value depends on x alone",
        "An objective must be a function of x: I/O, the clock and unseeded randomness make two evaluations at the same point differ, and I/O is slow and allocates. Read data once into fields of the containing type; use GenOpt.RandomSource with a fixed seed outside the objective.");

    public static readonly DiagnosticDescriptor OptimizerInLoop = Create(
        OptimizerInLoopId, DiagnosticSeverity.Warning,
        "Optimizer created inside a loop",
        "'new {0}' inside a loop allocates the optimizer's whole workspace on every iteration; create it once before the loop and call Minimize again",
        "An optimizer allocates all its buffers in the constructor so that Minimize allocates nothing; Minimize/Initialize re-seed and restart it, so one instance serves repeated runs.");

    public static readonly DiagnosticDescriptor InitialPointLength = Create(
        InitialPointLengthId, DiagnosticSeverity.Error,
        "Initial point has the wrong length",
        "The initial point has {0} components but '{1}.Dimension' is {2}; '{3}' throws ArgumentException",
        "The optimizer checks that x0 has exactly TObjective.Dimension components.");

    public static readonly DiagnosticDescriptor InstanceObjectiveWithoutInstance = Create(
        InstanceObjectiveWithoutInstanceId, DiagnosticSeverity.Error,
        "Instance objective created without its instance",
        "'new {0}' passes no objective, but '{1}' evaluates an instance method and needs the instance it is built from; this constructor throws ArgumentException. Pass the objective, built with '{2}', to the constructor that takes it.",
        "The Objective (or Problem) struct generated for an instance [Objective] method holds the instance whose data the method uses. An optimizer constructor without an objective argument would evaluate default(T), which has no instance, so it throws for such types (IObjective.RequiresInstance is true).");

    private static DiagnosticDescriptor Create(string id, DiagnosticSeverity severity, string title, string message, string description) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description: description + Help(id),
            helpLinkUri: null);

    /// <summary>The sentence every description ends with: where the diagnostic is documented.</summary>
    internal static string Help(string id) =>
        $" Documentation: docs/diagnostics.md#{id.ToLowerInvariant()}, in the GenOpt package and the GenOpt sources.";
}
