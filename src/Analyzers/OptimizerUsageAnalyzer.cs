using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GenOpt.Analyzers;

/// <summary>
/// Checks how optimizers are used: one created inside a loop (GENOPT024), an initial point of constant
/// length that differs from the objective type's constant Dimension (GENOPT025), and an optimizer of an objective
/// that needs its instance created by a constructor that takes no objective (GENOPT026).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OptimizerUsageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.OptimizerInLoop, Descriptors.InitialPointLength, Descriptors.InstanceObjectiveWithoutInstance);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (KnownSymbols.Create(start.Compilation) is not { } symbols)
                return;
            var dimensions = new ConcurrentDictionary<ITypeSymbol, int>(SymbolEqualityComparer.Default);
            var requirements = new ConcurrentDictionary<ITypeSymbol, InstanceRequirement?>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(context => AnalyzeCreation(context, symbols, requirements), OperationKind.ObjectCreation);
            start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols, dimensions), OperationKind.Invocation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, KnownSymbols symbols, ConcurrentDictionary<ITypeSymbol, InstanceRequirement?> requirements)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol type || !symbols.IsOptimizer(type))
            return;
        AnalyzeMissingInstance(context, symbols, creation, type, requirements);
        IOperation child = creation;
        for (IOperation? parent = creation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return; // runs when called, not once per iteration of an enclosing loop
                case IForLoopOperation loop when loop.Before.Contains(child):
                case IForEachLoopOperation forEach when child == forEach.Collection:
                    continue; // evaluated once
                case ILoopOperation:
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.OptimizerInLoop, creation.Syntax.GetLocation(),
                        type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)));
                    return;
            }
        }
    }

    /// <summary>
    /// GENOPT026: the constructor used has no parameter of an objective type argument that requires an instance, so it
    /// would evaluate <c>default</c> of it (the runtime throws ArgumentException instead).
    /// </summary>
    private static void AnalyzeMissingInstance(OperationAnalysisContext context, KnownSymbols symbols, IObjectCreationOperation creation,
        INamedTypeSymbol optimizer, ConcurrentDictionary<ITypeSymbol, InstanceRequirement?> requirements)
    {
        if (creation.Constructor is not { } constructor || symbols.IObjective is not { } objectiveInterface)
            return;
        foreach (ITypeSymbol argument in optimizer.TypeArguments)
        {
            if (!argument.AllInterfaces.Contains(objectiveInterface, SymbolEqualityComparer.Default))
                continue;
            bool passed = false;
            foreach (IParameterSymbol parameter in constructor.Parameters)
                passed |= SymbolEqualityComparer.Default.Equals(parameter.Type, argument);
            if (passed)
                continue;
            if (!requirements.TryGetValue(argument, out InstanceRequirement? requirement))
            {
                requirement = RequirementOf(argument, symbols, context.CancellationToken);
                requirements.TryAdd(argument, requirement);
            }
            if (requirement is null)
                continue;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InstanceObjectiveWithoutInstance, creation.Syntax.GetLocation(),
                optimizer.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
                requirement.Needing.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
                requirement.Construction));
        }
    }

    /// <summary>What needs an instance in an objective type and how to build a value of the type, or null when <c>default</c> of it is valid.</summary>
    internal sealed class InstanceRequirement(ITypeSymbol needing, string construction)
    {
        /// <summary>The type whose value needs an instance (the type itself, or the objective a wrapper wraps).</summary>
        public ITypeSymbol Needing { get; } = needing;

        /// <summary>C# that builds a value of the type from an instance, for the message.</summary>
        public string Construction { get; } = construction;
    }

    /// <summary>
    /// Whether <paramref name="type"/> declares <c>RequiresInstance</c> as true: generated by GenOpt (it declares the
    /// property only for instance objectives, always true), declared <c>=&gt; true</c>, or forwarded from a type
    /// argument (<c>=&gt; TObjective.RequiresInstance</c>, or GenOpt's own wrappers, read from metadata).
    /// </summary>
    private static InstanceRequirement? RequirementOf(ITypeSymbol type, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        if (type is not INamedTypeSymbol named)
            return null;
        IPropertySymbol? declared = null;
        foreach (ISymbol member in named.GetMembers())
        {
            // Declared as a member (`public static bool RequiresInstance => ...`) or as an explicit implementation
            // (`static bool IObjective.RequiresInstance => ...`, whose metadata name is qualified).
            if (member is IPropertySymbol { IsStatic: true } property && IsRequiresInstance(property))
                declared = property;
        }
        if (declared is null)
            return null;
        string display = named.ToDisplayString(ShortTypeFormat);
        if (IsGeneratedByGenOpt(named))
            return new InstanceRequirement(named, named.Name == "Problem" ? "instance.AsProblem()" : "instance.AsObjective()");

        bool hasSyntax = false;
        foreach (SyntaxReference reference in declared.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration)
                continue;
            hasSyntax = true;
            switch (ReturnedExpression(declaration))
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.TrueLiteralExpression):
                    return new InstanceRequirement(named, $"new {display}(...)");
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RequiresInstance", Expression: IdentifierNameSyntax forwarded }:
                    ImmutableArray<ITypeParameterSymbol> parameters = named.OriginalDefinition.TypeParameters;
                    for (int i = 0; i < parameters.Length; i++)
                    {
                        if (parameters[i].Name == forwarded.Identifier.ValueText)
                            return Wrapping(display, RequirementOf(named.TypeArguments[i], symbols, cancellationToken));
                    }
                    break;
            }
        }
        if (!hasSyntax && named.IsGenericType && SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, symbols.RuntimeAssembly))
        {
            foreach (ITypeSymbol argument in named.TypeArguments)
            {
                if (Wrapping(display, RequirementOf(argument, symbols, cancellationToken)) is { } wrapped)
                    return wrapped;
            }
        }
        return null;
    }

    private static bool IsRequiresInstance(IPropertySymbol property)
    {
        if (property.Name == "RequiresInstance")
            return true;
        foreach (IPropertySymbol implemented in property.ExplicitInterfaceImplementations)
        {
            if (implemented.Name == "RequiresInstance")
                return true;
        }
        return false;
    }

    /// <summary>Types as in code with the namespaces imported: <c>UnconstrainedProblem&lt;Scaled.Objective&gt;</c>.</summary>
    private static readonly SymbolDisplayFormat ShortTypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static InstanceRequirement? Wrapping(string display, InstanceRequirement? inner) =>
        inner is null ? null : new InstanceRequirement(inner.Needing, $"new {display}({inner.Construction})");

    private static ExpressionSyntax? ReturnedExpression(PropertyDeclarationSyntax declaration)
    {
        if (declaration.ExpressionBody is { Expression: var body })
            return body;
        if (declaration.AccessorList is { Accessors: var accessors })
        {
            foreach (AccessorDeclarationSyntax accessor in accessors)
            {
                if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                    continue;
                if (accessor.ExpressionBody is { Expression: var expression })
                    return expression;
                if (accessor.Body is { Statements.Count: 1 } block && block.Statements[0] is ReturnStatementSyntax returned)
                    return returned.Expression;
            }
        }
        return null;
    }

    /// <summary>True for a type carrying <c>[GeneratedCode("GenOpt", ...)]</c>, which the generator puts on the structs it writes.</summary>
    private static bool IsGeneratedByGenOpt(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute", ContainingNamespace: var ns }
                && ns.ToDisplayString() == "System.CodeDom.Compiler"
                && attribute.ConstructorArguments.Length != 0
                && attribute.ConstructorArguments[0].Value is "GenOpt")
            {
                return true;
            }
        }
        return false;
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols, ConcurrentDictionary<ITypeSymbol, int> dimensions)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name is not ("Minimize" or "Initialize")
            || method.ContainingType is not { TypeArguments.Length: >= 1 } optimizer
            || !symbols.IsOptimizer(optimizer)
            || method.Parameters.Length == 0
            || !symbols.IsSpanOfDouble(method.Parameters[0].Type, writable: false))
        {
            return;
        }
        ITypeSymbol objective = optimizer.TypeArguments[0];
        if (!dimensions.TryGetValue(objective, out int dimension))
        {
            dimension = ConstantDimension(objective, context.CancellationToken);
            dimensions.TryAdd(objective, dimension);
        }
        if (dimension <= 0)
            return;
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal != 0)
                continue;
            if (ConstantLength(argument.Value, context.CancellationToken) is int length && length != dimension)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InitialPointLength, argument.Syntax.GetLocation(),
                    length.ToString(CultureInfo.InvariantCulture),
                    objective.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
                    dimension.ToString(CultureInfo.InvariantCulture),
                    method.Name));
            }
        }
    }

    /// <summary>
    /// The Dimension of an objective type declared as <c>static int Dimension =&gt; 10;</c> (or with a getter
    /// returning a literal), else 0. Reads syntax only: no semantic model is built.
    /// </summary>
    private static int ConstantDimension(ITypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (ISymbol member in type.GetMembers("Dimension"))
        {
            if (member is not IPropertySymbol { IsStatic: true } property)
                continue;
            foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration)
                    continue;
                ExpressionSyntax? value = declaration.ExpressionBody?.Expression;
                if (value is null && declaration.AccessorList is { Accessors: var accessors })
                {
                    foreach (AccessorDeclarationSyntax accessor in accessors)
                    {
                        if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                            continue;
                        value = accessor.ExpressionBody?.Expression;
                        if (value is null && accessor.Body is { Statements.Count: 1 } body && body.Statements[0] is ReturnStatementSyntax returned)
                            value = returned.Expression;
                    }
                }
                if (value is LiteralExpressionSyntax { Token.Value: int dimension })
                    return dimension;
            }
        }
        return 0;
    }

    /// <summary>The length of an array or collection expression of constant length, directly or through a local never reassigned.</summary>
    private static int? ConstantLength(IOperation value, System.Threading.CancellationToken cancellationToken)
    {
        while (value is IConversionOperation { Operand: var operand })
            value = operand;
        switch (value)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                if (array.Initializer is { } initializer)
                    return initializer.ElementValues.Length;
                return array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int length } ? length : null;
            case ICollectionExpressionOperation collection:
                foreach (IOperation element in collection.Elements)
                {
                    if (element is ISpreadOperation)
                        return null;
                }
                return collection.Elements.Length;
            case ILocalReferenceOperation { Local: var local } reference:
                return LocalInitializerLength(reference, local, cancellationToken);
            default:
                return null;
        }
    }

    private static int? LocalInitializerLength(ILocalReferenceOperation reference, ILocalSymbol local, System.Threading.CancellationToken cancellationToken)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var initializer }
            || reference.SemanticModel is not { } model
            || initializer.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }
        // The body that declares the local: the local must not be assigned anywhere in it.
        IOperation root = reference;
        while (root.Parent is not null)
            root = root.Parent;
        foreach (IOperation operation in root.Descendants())
        {
            if ((operation is IAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, local))
                || (operation is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation passed } && SymbolEqualityComparer.Default.Equals(passed.Local, local)))
            {
                return null;
            }
        }
        return model.GetOperation(initializer, cancellationToken) is { } initial ? ConstantLength(initial, cancellationToken) : null;
    }
}
