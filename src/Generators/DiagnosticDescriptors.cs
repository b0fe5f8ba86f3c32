using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators;

/// <summary>Every diagnostic the GenOpt generator reports. Documented in docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "GenOpt";

    public const string NotPartialMethodId = "GENOPT001";
    public const string NotPartialTypeId = "GENOPT002";
    public const string ReturnTypeId = "GENOPT003";
    public const string ParametersId = "GENOPT004";
    public const string DimensionId = "GENOPT005";
    public const string GenericId = "GENOPT006";
    public const string DuplicateId = "GENOPT007";
    public const string UnsupportedDeclarationId = "GENOPT008";
    public const string NameClashId = "GENOPT009";
    public const string ConstraintWithoutObjectiveId = "GENOPT010";
    public const string ConstraintSignatureId = "GENOPT011";
    public const string ConstraintCountId = "GENOPT012";
    public const string TooManyEqualitiesId = "GENOPT013";
    public const string InstanceConstraintId = "GENOPT014";
    public const string HiddenNameId = "GENOPT015";
    public const string GeneratorFailureId = "GENOPT099";
    public const string FiniteDifferenceGradientId = "GENOPT100";
    public const string NotDifferentiableId = "GENOPT101";
    public const string NoBatchId = "GENOPT102";

    // No help link: GenOpt has no public web site. Every description ends with where its documentation is: the section
    // of docs/diagnostics.md (shipped in the GenOpt package) named by the id (see Help).

    public static readonly DiagnosticDescriptor NotPartialMethod = Error(
        NotPartialMethodId,
        "Objective or constraint method must implement a partial method",
        "{2} '{0}' {1}",
        "GenOpt writes the declaring half of objective and constraint methods; the method must be the implementing half: 'partial', with a body, e.g. 'public static partial double Value(ReadOnlySpan<double> x) { ... }'.");

    public static readonly DiagnosticDescriptor NotPartialType = Error(
        NotPartialTypeId,
        "Type containing an objective or constraint must be partial",
        "Type '{0}' must be declared 'partial' because it contains the {2} '{1}'; GenOpt adds generated members to it",
        "The containing type of an objective or constraint method and every type enclosing it must be declared 'partial'.");

    public static readonly DiagnosticDescriptor ReturnType = Error(
        ReturnTypeId,
        "Objective method must return double",
        "Objective method '{0}' returns '{1}'; an objective must return 'double'",
        "An objective method has the signature 'double M(ReadOnlySpan<double> x)'.");

    public static readonly DiagnosticDescriptor Parameters = Error(
        ParametersId,
        "Objective method must take one ReadOnlySpan<double>",
        "Objective method '{0}' must have exactly one parameter of type 'ReadOnlySpan<double>' without 'ref', 'out', 'in' or 'params': {1}",
        "An objective method has the signature 'double M(ReadOnlySpan<double> x)'.");

    public static readonly DiagnosticDescriptor Dimension = Error(
        DimensionId,
        "Objective dimension must be at least 1",
        "Objective '{0}' has Dimension {1}; set '[Objective(Dimension = n)]' with n >= 1, the length of 'x'",
        "The dimension of an objective is fixed at compile time by the Dimension property of [Objective].");

    public static readonly DiagnosticDescriptor Generic = Error(
        GenericId,
        "Generic objectives and constraints are not supported",
        "'{0}' is in the generic {1} '{2}'; objectives and constraints in generic types or generic methods are not supported",
        "The generated 'Objective' and 'Problem' structs need a closed containing type; move the method to a non-generic type.");

    public static readonly DiagnosticDescriptor Duplicate = Error(
        DuplicateId,
        "Only one objective per type",
        "Type '{0}' already contains the objective '{1}'; a type can contain only one [Objective] method because each gets a nested 'Objective' struct. Move '{2}' to another partial type.",
        "Each objective generates a nested struct named 'Objective' in its containing type, so a type can hold only one.");

    public static readonly DiagnosticDescriptor UnsupportedDeclaration = Error(
        UnsupportedDeclarationId,
        "Declaration cannot be an objective or constraint",
        "'{0}' cannot be {2}: {1}",
        "Objectives and constraints are static methods, or instance methods of partial classes, structs and records.");

    public static readonly DiagnosticDescriptor NameClash = Error(
        NameClashId,
        "Generated member name is taken",
        "Type '{0}' already has a member named '{1}', which GenOpt generates for '{2}'; rename that member",
        "GenOpt adds a nested struct 'Objective' (and, for instance objectives, a method 'AsObjective') to the containing type, and for constrained problems a nested struct 'Problem' (and a method 'AsProblem').");

    public static readonly DiagnosticDescriptor ConstraintWithoutObjective = Error(
        ConstraintWithoutObjectiveId,
        "Constraint without an objective",
        "Constraint '{0}' has no [Objective] method in type '{1}'; add the objective to the same partial type",
        "A constrained problem is the [Objective] method and the constraint methods of one partial type; GenOpt generates its nested 'Problem' struct from them.");

    public static readonly DiagnosticDescriptor ConstraintSignature = Error(
        ConstraintSignatureId,
        "Constraint method has the wrong signature",
        "Constraint method '{0}' must be 'double {1}(ReadOnlySpan<double> x)', or 'void {1}(ReadOnlySpan<double> x, Span<double> values)' for a vector constraint with Count components: {2}",
        "A scalar constraint returns its value; a vector constraint writes its Count values to a Span<double>. Parameters take no 'ref', 'out', 'in' or 'params'.");

    public static readonly DiagnosticDescriptor ConstraintCount = Error(
        ConstraintCountId,
        "Constraint Count is invalid",
        "Constraint '{0}' has Count {1}; {2}",
        "Count is the number of components of a vector constraint (a method writing a Span<double>); it must be at least 1, and a scalar constraint (returning double) has Count 1.");

    public static readonly DiagnosticDescriptor TooManyEqualities = Error(
        TooManyEqualitiesId,
        "More equality constraints than variables",
        "Problem '{0}' has {1} equality constraints but only {2} variables; remove redundant equalities (SLSQP needs at most as many equalities as variables)",
        "With more independent equality constraints than variables the feasible set is empty or the constraints are redundant; SLSQP would stop at run time (scipy exit mode 2).");

    public static readonly DiagnosticDescriptor InstanceConstraint = Error(
        InstanceConstraintId,
        "Instance constraint with a static objective",
        "Constraint '{0}' is an instance method but the objective '{1}' is static, so the generated Problem has no instance to call it on; make the constraint static or the objective an instance method",
        "The generated Problem struct holds the instance only when the objective is an instance method.");

    public static readonly DiagnosticDescriptor HiddenName = Error(
        HiddenNameId,
        "A name the type uses would be hidden by a generated member",
        "'{0}' here refers to the {1}, but GenOpt adds a member '{0}' to '{2}' for '{3}', which this simple name would then find instead; qualify the reference (e.g. 'global::...', 'Outer.{0}', 'base.{0}') or rename the {1}",
        "Inside the containing type of an objective, the simple names 'Objective' and 'AsObjective' (and for constrained problems 'Problem' and 'AsProblem') find the members GenOpt generates before any namespace-level type, enclosing type's member or base class member of that name.");

    public static readonly DiagnosticDescriptor GeneratorFailure = Error(
        GeneratorFailureId,
        "GenOpt generator failed",
        "GenOpt generator failed on this method: {0}",
        "An unexpected error occurred in the GenOpt generator. Please report it with the code that triggers it.");

    public static readonly DiagnosticDescriptor FiniteDifferenceGradient = new(
        FiniteDifferenceGradientId,
        "Gradient by finite differences",
        "The {0} of '{1}' is computed by central finite differences (2n extra evaluations) because {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "GenOpt differentiates objective and constraint bodies at compile time; when a body is outside the differentiable subset, the generated code uses GenOpt.FiniteDifference instead, which is correct but costs 2n evaluations per gradient. When finite differences are intended, set AcceptFiniteDifferences = true on the method's [Objective], [EqualityConstraint] or [InequalityConstraint] attribute." + Help(FiniteDifferenceGradientId),
        helpLinkUri: null);

    public static readonly DiagnosticDescriptor NotDifferentiable = new(
        NotDifferentiableId,
        "Construct blocks the analytic gradient",
        "'{0}' blocks the analytic derivative of '{1}': {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The construct at this location is outside the subset GenOpt differentiates (arithmetic, Math functions, double locals, compound assignment, 'for' loops with compile-time bounds, 'if' and '?:', [Differentiable] helpers, x[i] and data fields). The gradient falls back to finite differences; rewrite the construct to get the exact gradient, or set AcceptFiniteDifferences = true on the method's attribute when finite differences are intended." + Help(NotDifferentiableId),
        helpLinkUri: null);

    public static readonly DiagnosticDescriptor NoBatch = new(
        NoBatchId,
        "Objective evaluated one candidate at a time",
        "'{0}' gets no batch (lane-parallel) evaluation: {1}",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "GenOpt gives an objective whose body is inside the batch subset (arithmetic, double locals, x[i], data and counters, 'for' loops, 'if' and '?:', the Math functions, calls of helpers and local functions whose bodies are inside it) a ValueBatch method (GenOpt.IBatchObjective) that evaluates several candidates at once in SIMD lanes. This note names the construct that keeps the objective outside (a 'stackalloc' span of a run-time length, a 'while' loop, a 'switch', a recursive helper); population optimizers then call Value once per candidate." + Help(NoBatchId),
        helpLinkUri: null);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
    {
        [NotPartialMethodId] = NotPartialMethod,
        [NotPartialTypeId] = NotPartialType,
        [ReturnTypeId] = ReturnType,
        [ParametersId] = Parameters,
        [DimensionId] = Dimension,
        [GenericId] = Generic,
        [DuplicateId] = Duplicate,
        [UnsupportedDeclarationId] = UnsupportedDeclaration,
        [NameClashId] = NameClash,
        [ConstraintWithoutObjectiveId] = ConstraintWithoutObjective,
        [ConstraintSignatureId] = ConstraintSignature,
        [ConstraintCountId] = ConstraintCount,
        [TooManyEqualitiesId] = TooManyEqualities,
        [InstanceConstraintId] = InstanceConstraint,
        [HiddenNameId] = HiddenName,
        [GeneratorFailureId] = GeneratorFailure,
        [FiniteDifferenceGradientId] = FiniteDifferenceGradient,
        [NotDifferentiableId] = NotDifferentiable,
        [NoBatchId] = NoBatch,
    };

    /// <summary>All descriptors, for tests and documentation.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    /// <summary>The sentence every description ends with: where the diagnostic is documented.</summary>
    internal static string Help(string id) =>
        $" Documentation: docs/diagnostics.md#{id.ToLowerInvariant()}, in the GenOpt package and the GenOpt sources.";

    private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: description + Help(id), helpLinkUri: null,
            customTags: WellKnownDiagnosticTags.NotConfigurable); // the generator cannot produce code: not a style choice
}
