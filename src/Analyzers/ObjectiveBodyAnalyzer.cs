using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GenOpt.Analyzers;

/// <summary>
/// Checks the bodies of <c>[Objective]</c>, <c>[EqualityConstraint]</c> and <c>[InequalityConstraint]</c> methods:
/// indices outside the span (GENOPT020), allocations (GENOPT021), writes to static state (GENOPT022) and calls
/// into I/O, the clock or randomness (GENOPT023). Lambdas and local functions in the body are checked with it;
/// methods the body calls are not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ObjectiveBodyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.IndexOutOfRange, Descriptors.Allocation, Descriptors.StaticWrite, Descriptors.ImpureCall);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (KnownSymbols.Create(start.Compilation) is not { } symbols)
                return;
            start.RegisterOperationBlockAction(context => AnalyzeBlock(context, symbols));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, KnownSymbols symbols)
    {
        if (context.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            return;
        MethodRole role = symbols.RoleOf(method, out AttributeData? attribute);
        if (role == MethodRole.None || attribute is null)
            return;
        var checker = new BodyChecker(context, symbols, method, role, attribute);
        foreach (IOperation block in context.OperationBlocks)
        {
            if (block is IBlockOperation or IMethodBodyOperation)
                checker.Check(block);
        }
    }

    /// <summary>The checks of one method body.</summary>
    private sealed class BodyChecker
    {
        private readonly OperationBlockAnalysisContext _context;
        private readonly KnownSymbols _symbols;
        private readonly string _role;
        private readonly string _display;
        private readonly IParameterSymbol? _point;
        private readonly int? _pointLength;
        private readonly string _pointLengthName;
        private readonly IParameterSymbol? _values;
        private readonly int? _valuesLength;

        public BodyChecker(OperationBlockAnalysisContext context, KnownSymbols symbols, IMethodSymbol method, MethodRole role, AttributeData attribute)
        {
            _context = context;
            _symbols = symbols;
            _role = role == MethodRole.Objective ? "Objective" : "Constraint";
            _display = method.ContainingType.Name + "." + method.Name;
            if (method.Parameters.Length >= 1 && symbols.IsSpanOfDouble(method.Parameters[0].Type, writable: false))
                _point = method.Parameters[0];
            if (role == MethodRole.Objective)
            {
                _pointLength = PositiveInt(attribute, "Dimension", null);
                _pointLengthName = "objective's Dimension";
            }
            else
            {
                _pointLength = ObjectiveDimension(method.ContainingType, symbols);
                _pointLengthName = "Dimension of the type's objective";
                if (method.ReturnsVoid && method.Parameters.Length == 2 && symbols.IsSpanOfDouble(method.Parameters[1].Type, writable: true))
                {
                    _values = method.Parameters[1];
                    _valuesLength = PositiveInt(attribute, "Count", 1);
                }
            }
        }

        private static int? PositiveInt(AttributeData attribute, string name, int? unset)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                    return argument.Value.Value is int value && value >= 1 ? value : null;
            }
            return unset;
        }

        private static int? ObjectiveDimension(INamedTypeSymbol type, KnownSymbols symbols)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IMethodSymbol candidate && symbols.RoleOf(candidate, out AttributeData? attribute) == MethodRole.Objective && attribute is not null)
                    return PositiveInt(attribute, "Dimension", null);
            }
            return null;
        }

        private int? LengthOf(IParameterSymbol parameter)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter, _point))
                return _pointLength;
            if (SymbolEqualityComparer.Default.Equals(parameter, _values))
                return _valuesLength;
            return null;
        }

        public void Check(IOperation block)
        {
            foreach (IOperation operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation span, Arguments.Length: 1 } element:
                        CheckIndex(element, span.Parameter, element.Arguments[0].Value, fromEnd: false);
                        break;
                    case IImplicitIndexerReferenceOperation { Instance: IParameterReferenceOperation span, Argument: IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, Operand: var fromEnd } } element:
                        CheckIndex(element, span.Parameter, fromEnd, fromEnd: true);
                        break;
                    case IPropertyReferenceOperation property:
                        CheckImpure(property, property.Property, property.Instance);
                        break;
                    case IArrayCreationOperation creation:
                        if (!(creation.IsImplicit && creation.Parent is IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray }))
                            ReportAllocation(creation, "creates an array");
                        break;
                    case IObjectCreationOperation creation:
                        if (creation.Type is { IsReferenceType: true })
                            ReportAllocation(creation, "creates an object of a reference type");
                        CheckParams(creation, creation.Arguments, creation.Constructor);
                        if (creation.Constructor is { } constructor)
                            CheckImpure(creation, constructor, null);
                        break;
                    case IAnonymousObjectCreationOperation creation:
                        ReportAllocation(creation, "creates an anonymous object");
                        break;
                    case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } creation:
                        if (Captures(lambda))
                            ReportAllocation(creation, "the lambda captures variables, so a closure and a delegate are created");
                        break;
                    case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.IsStatic: false } } creation:
                        ReportAllocation(creation, "creates a delegate bound to an instance");
                        break;
                    case IInvocationOperation invocation:
                        CheckInvocation(invocation);
                        break;
                    case IInterpolatedStringOperation interpolated:
                        if (!interpolated.ConstantValue.HasValue && interpolated.Parent is not IInterpolatedStringHandlerCreationOperation
                            && SymbolEqualityComparer.Default.Equals(interpolated.Type, _symbols.String))
                        {
                            ReportAllocation(interpolated, "string interpolation creates a string");
                        }
                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                        if (IsStringConcatenation(concatenation) && !concatenation.ConstantValue.HasValue
                            && !(concatenation.Parent is IBinaryOperation parent && IsStringConcatenation(parent)))
                        {
                            ReportAllocation(concatenation, "string concatenation creates a string");
                        }
                        break;
                    case IConversionOperation conversion:
                        if (conversion.Operand.Type is { IsValueType: true } && conversion.Type is { IsReferenceType: true }
                            && !(conversion.Parent is IBinaryOperation parentConcatenation && IsStringConcatenation(parentConcatenation)))
                        {
                            ReportAllocation(conversion, $"boxes a '{conversion.Operand.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}'");
                        }
                        break;
                    case ICollectionExpressionOperation collection:
                        if (AllocatesCollection(collection))
                            ReportAllocation(collection, "the collection expression creates a heap collection");
                        break;
                    case ISimpleAssignmentOperation or ICompoundAssignmentOperation or ICoalesceAssignmentOperation:
                        CheckStaticWrite(((IAssignmentOperation)operation).Target);
                        break;
                    case IIncrementOrDecrementOperation increment:
                        CheckStaticWrite(increment.Target);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                        CheckStaticWrite(argument.Value);
                        break;
                }
            }
        }

        private void CheckIndex(IOperation element, IParameterSymbol span, IOperation index, bool fromEnd)
        {
            if (LengthOf(span) is not int length)
                return;
            if (IndexBounds.Evaluate(index, LengthOf) is not { } range)
                return;
            long min = fromEnd ? length - range.Max : range.Min;
            long max = fromEnd ? length - range.Min : range.Max;
            if (min >= 0 && max < length)
                return;
            long shown = max >= length ? max : min;
            string value = shown.ToString(CultureInfo.InvariantCulture);
            string what = range.LoopDerived ? $"reaches {value} in its loop" : $"is {value}";
            if (fromEnd)
                what = range.LoopDerived ? $"reaches element {value} in its loop" : $"is element {value}";
            string lengthName = SymbolEqualityComparer.Default.Equals(span, _values) ? "constraint's Count" : _pointLengthName;
            _context.ReportDiagnostic(Diagnostic.Create(Descriptors.IndexOutOfRange, element.Syntax.GetLocation(),
                (fromEnd ? "^" : "") + index.Syntax.ToString(), span.Name, what, length.ToString(CultureInfo.InvariantCulture), lengthName));
        }

        private void CheckInvocation(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol? type = method.ContainingType?.OriginalDefinition;
            if (type is not null
                && (SymbolEqualityComparer.Default.Equals(type, _symbols.Enumerable)
                    || SymbolEqualityComparer.Default.Equals(type, _symbols.Queryable)
                    || SymbolEqualityComparer.Default.Equals(type, _symbols.ParallelEnumerable)))
            {
                ReportAllocation(invocation, $"the LINQ method '{method.Name}' allocates enumerators and delegates");
            }
            else if (SymbolEqualityComparer.Default.Equals(method.ReturnType, _symbols.String) && !invocation.ConstantValue.HasValue
                && (method.Name == "ToString" || SymbolEqualityComparer.Default.Equals(type, _symbols.String)))
            {
                ReportAllocation(invocation, $"'{method.Name}' builds a string");
            }
            CheckParams(invocation, invocation.Arguments, method);
            CheckImpure(invocation, method, invocation.Instance);
        }

        private void CheckParams(IOperation call, ImmutableArray<IArgumentOperation> arguments, IMethodSymbol? method)
        {
            foreach (IArgumentOperation argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray
                    && !(argument.Value is IArrayCreationOperation { DimensionSizes.Length: 1 } empty && empty.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 }))
                {
                    ReportAllocation(call, $"'{method?.Name}' takes a params array, created for each call");
                }
            }
        }

        private bool IsStringConcatenation(IBinaryOperation binary) =>
            binary.OperatorKind == BinaryOperatorKind.Add && SymbolEqualityComparer.Default.Equals(binary.Type, _symbols.String);

        private bool AllocatesCollection(ICollectionExpressionOperation collection)
        {
            ITypeSymbol? type = collection.Type;
            if (type is null)
                return false;
            INamedTypeSymbol? definition = (type as INamedTypeSymbol)?.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(definition, _symbols.Span) || SymbolEqualityComparer.Default.Equals(definition, _symbols.ReadOnlySpan))
                return false;
            if (type is IArrayTypeSymbol && collection.Elements.IsEmpty)
                return false; // Array.Empty<T>()
            return type.IsReferenceType || SymbolEqualityComparer.Default.Equals(definition, _symbols.ImmutableArray);
        }

        private static bool Captures(IAnonymousFunctionOperation lambda)
        {
            IMethodSymbol symbol = lambda.Symbol;
            if (symbol.IsStatic)
                return false;
            foreach (IOperation operation in lambda.Body.Descendants())
            {
                switch (operation)
                {
                    case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                        return true;
                    case ILocalReferenceOperation local when !IsWithin(local.Local.ContainingSymbol, symbol):
                        return true;
                    case IParameterReferenceOperation parameter when !IsWithin(parameter.Parameter.ContainingSymbol, symbol):
                        return true;
                }
            }
            return false;
        }

        private static bool IsWithin(ISymbol? symbol, IMethodSymbol lambda)
        {
            for (; symbol is IMethodSymbol; symbol = symbol.ContainingSymbol)
            {
                if (SymbolEqualityComparer.Default.Equals(symbol, lambda))
                    return true;
            }
            return false;
        }

        private void CheckStaticWrite(IOperation target)
        {
            // The root of 's_buffer[i] = …' or 's_state.Count++' is the static member whose state changes.
            IOperation root = target;
            while (true)
            {
                switch (root)
                {
                    case IArrayElementReferenceOperation element:
                        root = element.ArrayReference;
                        continue;
                    case IFieldReferenceOperation { Field.IsStatic: false, Instance: { } instance }:
                        root = instance;
                        continue;
                    case IPropertyReferenceOperation { Property.IsStatic: false, Instance: { } instance }:
                        root = instance;
                        continue;
                    case IConversionOperation { Operand: var operand }:
                        root = operand;
                        continue;
                }
                break;
            }
            ISymbol? member = root switch
            {
                IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false } field } => field,
                IPropertyReferenceOperation { Property.IsStatic: true } property => property.Property,
                _ => null,
            };
            if (member is null || IsCold(target))
                return;
            _context.ReportDiagnostic(Diagnostic.Create(Descriptors.StaticWrite, target.Syntax.GetLocation(),
                _role, _display, member.ContainingType.Name + "." + member.Name));
        }

        private void CheckImpure(IOperation operation, ISymbol member, IOperation? instance)
        {
            INamedTypeSymbol? type = member.ContainingType?.OriginalDefinition;
            if (type is null)
                return;
            string? reason = null;
            if (KnownSymbols.IsInSystem(type.ContainingNamespace, "IO"))
                reason = "does file or stream I/O";
            else if (KnownSymbols.IsInSystem(type.ContainingNamespace, "Net"))
                reason = "does network I/O";
            else if (Is(type, _symbols.Console))
                reason = "does console I/O";
            else if (Is(type, _symbols.Random))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
                    reason = constructor.Parameters.IsEmpty ? "seeds itself from the clock" : null;
                else if (instance is not (ILocalReferenceOperation or IPropertyReferenceOperation { Property.IsStatic: true }))
                    reason = "draws random numbers"; // 'Random.Shared' is reported once, as the property
            }
            else if (Is(type, _symbols.RandomNumberGenerator) || (Is(type, _symbols.Guid) && member.Name is "NewGuid" or "CreateVersion7"))
                reason = "draws random numbers";
            else if (Is(type, _symbols.RandomSource) && instance is IFieldReferenceOperation && member is IMethodSymbol { MethodKind: MethodKind.Ordinary })
                reason = "draws from a random stream that outlives the call";
            else if (Is(type, _symbols.Stopwatch) || Is(type, _symbols.TimeProvider)
                || (Is(type, _symbols.Environment) && member.Name is "TickCount" or "TickCount64")
                || ((Is(type, _symbols.DateTime) || Is(type, _symbols.DateTimeOffset)) && member.Name is "Now" or "UtcNow" or "Today"))
            {
                reason = "reads the clock";
            }
            if (reason is null || IsCold(operation))
                return;
            string shown = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "new " + type.Name : type.Name + "." + member.Name;
            _context.ReportDiagnostic(Diagnostic.Create(Descriptors.ImpureCall, operation.Syntax.GetLocation(), _role, _display, shown, reason));
        }

        private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? known) =>
            known is not null && SymbolEqualityComparer.Default.Equals(type, known);

        private void ReportAllocation(IOperation operation, string what)
        {
            if (IsCold(operation))
                return;
            _context.ReportDiagnostic(Diagnostic.Create(Descriptors.Allocation, operation.Syntax.GetLocation(), _role, _display, what));
        }

        /// <summary>True inside a <c>throw</c>: what builds the exception runs once, on the failure path.</summary>
        private static bool IsCold(IOperation operation)
        {
            for (IOperation? parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IThrowOperation)
                    return true;
            }
            return false;
        }
    }
}
