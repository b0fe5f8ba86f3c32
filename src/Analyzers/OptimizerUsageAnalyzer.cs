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
/// Checks how optimizers are used: one created inside a loop (GENOPT024), and an initial point of constant
/// length that differs from the objective type's constant Dimension (GENOPT025).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OptimizerUsageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.OptimizerInLoop, Descriptors.InitialPointLength);

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
            start.RegisterOperationAction(context => AnalyzeCreation(context, symbols), OperationKind.ObjectCreation);
            start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols, dimensions), OperationKind.Invocation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol type || !symbols.IsOptimizer(type))
            return;
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
