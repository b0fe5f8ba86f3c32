using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace GenOpt.Analyzers;

/// <summary>What a marked method is.</summary>
internal enum MethodRole
{
    None,
    Objective,
    EqualityConstraint,
    InequalityConstraint,
}

/// <summary>The symbols the analyzers compare against, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _optimizerTypes = new(SymbolEqualityComparer.Default);

    private KnownSymbols(Compilation compilation, INamedTypeSymbol objectiveAttribute)
    {
        ObjectiveAttribute = objectiveAttribute;
        EqualityConstraintAttribute = compilation.GetTypeByMetadataName("GenOpt.EqualityConstraintAttribute");
        InequalityConstraintAttribute = compilation.GetTypeByMetadataName("GenOpt.InequalityConstraintAttribute");
        IObjective = compilation.GetTypeByMetadataName("GenOpt.IObjective");
        RandomSource = compilation.GetTypeByMetadataName("GenOpt.RandomSource");
        RuntimeAssembly = objectiveAttribute.ContainingAssembly;

        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        Queryable = compilation.GetTypeByMetadataName("System.Linq.Queryable");
        ParallelEnumerable = compilation.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
        String = compilation.GetSpecialType(SpecialType.System_String);
        Span = compilation.GetTypeByMetadataName("System.Span`1");
        ReadOnlySpan = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1");
        ImmutableArray = compilation.GetTypeByMetadataName("System.Collections.Immutable.ImmutableArray`1");

        Console = compilation.GetTypeByMetadataName("System.Console");
        Random = compilation.GetTypeByMetadataName("System.Random");
        RandomNumberGenerator = compilation.GetTypeByMetadataName("System.Security.Cryptography.RandomNumberGenerator");
        Stopwatch = compilation.GetTypeByMetadataName("System.Diagnostics.Stopwatch");
        Environment = compilation.GetTypeByMetadataName("System.Environment");
        DateTime = compilation.GetTypeByMetadataName("System.DateTime");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        TimeProvider = compilation.GetTypeByMetadataName("System.TimeProvider");
    }

    public INamedTypeSymbol ObjectiveAttribute { get; }
    public INamedTypeSymbol? EqualityConstraintAttribute { get; }
    public INamedTypeSymbol? InequalityConstraintAttribute { get; }
    public INamedTypeSymbol? IObjective { get; }
    public INamedTypeSymbol? RandomSource { get; }
    public IAssemblySymbol RuntimeAssembly { get; }

    public INamedTypeSymbol? Enumerable { get; }
    public INamedTypeSymbol? Queryable { get; }
    public INamedTypeSymbol? ParallelEnumerable { get; }
    public INamedTypeSymbol String { get; }
    public INamedTypeSymbol? Span { get; }
    public INamedTypeSymbol? ReadOnlySpan { get; }
    public INamedTypeSymbol? ImmutableArray { get; }

    public INamedTypeSymbol? Console { get; }
    public INamedTypeSymbol? Random { get; }
    public INamedTypeSymbol? RandomNumberGenerator { get; }
    public INamedTypeSymbol? Stopwatch { get; }
    public INamedTypeSymbol? Environment { get; }
    public INamedTypeSymbol? DateTime { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }
    public INamedTypeSymbol? Guid { get; }
    public INamedTypeSymbol? TimeProvider { get; }

    /// <summary>The symbols of a compilation that references GenOpt.Runtime, or null for one that does not.</summary>
    public static KnownSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("GenOpt.ObjectiveAttribute") is { } objective
            ? new KnownSymbols(compilation, objective)
            : null;

    /// <summary>The GenOpt attribute on <paramref name="method"/> and what it makes the method.</summary>
    public MethodRole RoleOf(IMethodSymbol method, out AttributeData? attribute)
    {
        foreach (AttributeData candidate in method.GetAttributes())
        {
            INamedTypeSymbol? type = candidate.AttributeClass;
            if (type is null)
                continue;
            attribute = candidate;
            if (SymbolEqualityComparer.Default.Equals(type, ObjectiveAttribute))
                return MethodRole.Objective;
            if (SymbolEqualityComparer.Default.Equals(type, EqualityConstraintAttribute))
                return MethodRole.EqualityConstraint;
            if (SymbolEqualityComparer.Default.Equals(type, InequalityConstraintAttribute))
                return MethodRole.InequalityConstraint;
        }
        attribute = null;
        return MethodRole.None;
    }

    /// <summary>
    /// True for a GenOpt optimizer: a generic class of the GenOpt namespace with a type parameter constrained to
    /// an objective interface (CmaEs&lt;TObjective&gt;, and the optimizers to come, without naming each).
    /// </summary>
    public bool IsOptimizer(INamedTypeSymbol type)
    {
        INamedTypeSymbol definition = type.OriginalDefinition;
        if (!definition.IsGenericType || definition.TypeKind != TypeKind.Class || IObjective is null)
            return false;
        return _optimizerTypes.GetOrAdd(definition, d =>
        {
            if (!SymbolEqualityComparer.Default.Equals(d.ContainingAssembly, RuntimeAssembly))
                return false;
            foreach (ITypeParameterSymbol parameter in d.TypeParameters)
            {
                foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
                {
                    if (SymbolEqualityComparer.Default.Equals(constraint, IObjective)
                        || constraint.AllInterfaces.Contains(IObjective, SymbolEqualityComparer.Default))
                    {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /// <summary>True for <c>ReadOnlySpan&lt;double&gt;</c> (or <c>Span&lt;double&gt;</c> if <paramref name="writable"/>).</summary>
    public bool IsSpanOfDouble(ITypeSymbol type, bool writable) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1 } named
        && named.TypeArguments[0].SpecialType == SpecialType.System_Double
        && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, writable ? Span : ReadOnlySpan);

    /// <summary>True when <paramref name="ns"/> is <c>System.{name}</c> or a namespace inside it.</summary>
    public static bool IsInSystem(INamespaceSymbol? ns, string name)
    {
        for (; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.Name == name && ns.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
                return true;
        }
        return false;
    }
}
