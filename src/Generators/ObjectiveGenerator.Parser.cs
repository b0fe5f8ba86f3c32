using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    /// <summary>
    /// Turns a method marked [Objective] into an <see cref="ObjectiveResult"/>: the spec to emit (if the
    /// method is valid) and the diagnostics to report. Reads symbols and syntax, returns only plain values.
    /// </summary>
    internal static class Parser
    {
        private const string GeneratedTypeName = "Objective";
        private const string GeneratedMethodName = "AsObjective";
        private const string GeneratedProblemTypeName = "Problem";
        private const string GeneratedProblemMethodName = "AsProblem";
        private const string GeneratedMultipliersTypeName = "Multipliers";

        /// <summary>
        /// Parses one target. Returns <see langword="null"/> when there is nothing to say (code too broken to
        /// judge; the compiler reports it). Never throws except for cancellation: an unexpected exception
        /// becomes a GENOPT099 diagnostic.
        /// </summary>
        public static ObjectiveResult? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new ParseState(context, null, cancellationToken).Run();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return new ObjectiveResult(null, Failure(context, exception));
            }
        }

        /// <summary>Parses a method marked [EqualityConstraint] or [InequalityConstraint]; same contract as <see cref="Parse"/>.</summary>
        public static ConstraintResult? ParseConstraint(GeneratorAttributeSyntaxContext context, ConstraintKind kind, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new ParseState(context, kind, cancellationToken).RunConstraint();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return new ConstraintResult(null, null, Failure(context, exception));
            }
        }

        private static EquatableArray<DiagnosticInfo> Failure(GeneratorAttributeSyntaxContext context, Exception exception)
        {
            Location location = context.TargetNode switch
            {
                MethodDeclarationSyntax method => method.Identifier.GetLocation(),
                SyntaxNode node => node.GetLocation(),
            };
            DiagnosticInfo failure = DiagnosticInfo.Create(
                DiagnosticDescriptors.GeneratorFailure,
                location,
                $"{exception.GetType().Name}: {exception.Message}");
            return new EquatableArray<DiagnosticInfo>([failure]);
        }

        /// <summary>The state of parsing one method.</summary>
        private sealed class ParseState
        {
            private readonly GeneratorAttributeSyntaxContext _context;
            private readonly CancellationToken _cancellationToken;
            private readonly List<DiagnosticInfo> _diagnostics = [];

            /// <summary>Null for an objective, else the kind of constraint being parsed.</summary>
            private readonly ConstraintKind? _constraintKind;

            private string RoleMethod => _constraintKind is null ? "Objective method" : "Constraint method";
            private string RoleNoun => _constraintKind is null ? "objective" : "constraint";
            private string RoleWithArticle => _constraintKind is null ? "an objective" : "a constraint";

            // Set when the code is broken in a way the compiler already reports: generate nothing, say nothing more.
            private bool _incomplete;

            public ParseState(GeneratorAttributeSyntaxContext context, ConstraintKind? constraintKind, CancellationToken cancellationToken)
            {
                _context = context;
                _constraintKind = constraintKind;
                _cancellationToken = cancellationToken;
            }

            private bool HasErrors => _incomplete || _diagnostics.Count != 0;

            // Informational notes (GENOPT102), which unlike _diagnostics do not count as errors.
            private readonly List<DiagnosticInfo> _notes = [];

            /// <summary>What the checks shared by objectives and constraints found.</summary>
            private sealed record Common(
                IMethodSymbol Method,
                AttributeData Attribute,
                MethodDeclarationSyntax Syntax,
                INamedTypeSymbol ContainingType,
                List<ContainingTypeSpec> ContainingTypes,
                string MethodDisplay,
                Location IdentifierLocation,
                bool EmitDefiningDeclaration);

            /// <summary>
            /// The checks every marked method gets. Returns null when there is nothing to generate or say
            /// beyond what was reported (<see cref="_diagnostics"/> may hold errors).
            /// </summary>
            private Common? ParseCommon(out bool reported)
            {
                reported = false;
                if (_context.TargetSymbol is not IMethodSymbol method || _context.Attributes.IsDefaultOrEmpty)
                    return null;
                AttributeData attribute = _context.Attributes[0];

                if (_context.TargetNode is LocalFunctionStatementSyntax localFunction)
                {
                    Report(DiagnosticDescriptors.UnsupportedDeclaration, localFunction.Identifier.GetLocation(),
                        method.Name,
                        $"local functions cannot be {RoleNoun}s; make it a partial method of a partial type",
                        RoleWithArticle);
                    reported = true;
                    return null;
                }
                if (_context.TargetNode is not MethodDeclarationSyntax syntax
                    || method.ContainingType is not INamedTypeSymbol containingType
                    || method.MethodKind != MethodKind.Ordinary)
                {
                    return null;
                }

                // Names still being typed: nothing sensible to generate yet.
                if (syntax.Identifier.IsMissing
                    || syntax.ParameterList.Parameters.Any(static p => p.Identifier.IsMissing || p.Identifier.ValueText.Length == 0)
                    || syntax.Ancestors().OfType<BaseTypeDeclarationSyntax>().Any(static t => t.Identifier.IsMissing))
                {
                    return null;
                }

                if (IsAlsoMarkedOnDeclaringHalf(method, attribute))
                    return null;

                string methodDisplay = containingType.Name + "." + method.Name;
                Location identifierLocation = syntax.Identifier.GetLocation();

                bool emitDefiningDeclaration = CheckPartialMethod(method, syntax, methodDisplay, identifierLocation);
                _cancellationToken.ThrowIfCancellationRequested();

                List<ContainingTypeSpec>? containingTypes = ParseContainingTypes(method, syntax, methodDisplay);
                if (containingTypes is null)
                    return null;
                _cancellationToken.ThrowIfCancellationRequested();

                if (method.TypeParameters.Length != 0)
                {
                    Report(DiagnosticDescriptors.Generic, syntax.TypeParameterList?.GetLocation() ?? identifierLocation,
                        methodDisplay, "method", method.Name);
                }
                return new Common(method, attribute, syntax, containingType, containingTypes, methodDisplay, identifierLocation, emitDefiningDeclaration);
            }

            public ObjectiveResult? Run()
            {
                Common? common = ParseCommon(out bool reported);
                if (common is null)
                    return reported ? Result(null) : null;
                (IMethodSymbol method, AttributeData attribute, MethodDeclarationSyntax syntax, INamedTypeSymbol containingType,
                    List<ContainingTypeSpec> containingTypes, string methodDisplay, Location identifierLocation, bool emitDefiningDeclaration) =
                    (common.Method, common.Attribute, common.Syntax, common.ContainingType, common.ContainingTypes,
                     common.MethodDisplay, common.IdentifierLocation, common.EmitDefiningDeclaration);

                CheckSignature(method, syntax, methodDisplay);
                int dimension = ParseDimension(attribute, methodDisplay, identifierLocation);
                _cancellationToken.ThrowIfCancellationRequested();

                TargetKind target = ParseTarget(method, containingType, methodDisplay, identifierLocation);
                CheckUniqueObjective(method, containingType, attribute, methodDisplay, identifierLocation);
                CheckNameClashes(containingType, target, methodDisplay, identifierLocation);
                if (!HasErrors)
                    CheckHiddenOuterNames(containingType, target, methodDisplay);
                _cancellationToken.ThrowIfCancellationRequested();

                if (HasErrors)
                    return Result(null);

                DerivativeModel? derivative = Differentiate(method, syntax, methodDisplay, identifierLocation, "gradient", dimension, 1);
                ReportBatch(derivative, method, syntax, methodDisplay, identifierLocation);
                return Result(BuildSpec(method, syntax, containingType, containingTypes, target, dimension, emitDefiningDeclaration) with
                {
                    Derivative = derivative,
                    Obsolete = ObsoleteAttribute(method),
                    HidesInherited = HiddenInheritedNames(containingType, target),
                });
            }

            /// <summary>
            /// Translates the body for the analytic derivative; when it is outside the differentiable subset, reports
            /// GENOPT101 at the blocking construct and GENOPT100 at the method (unless the attribute sets
            /// AcceptFiniteDifferences), and returns null (finite differences).
            /// </summary>
            private DerivativeModel? Differentiate(IMethodSymbol method, MethodDeclarationSyntax syntax, string methodDisplay,
                Location identifierLocation, string what, int dimension, int count)
            {
                Differentiator.Outcome outcome = Differentiator.Translate(method, syntax, _context.SemanticModel, dimension, count, _cancellationToken);
                if (outcome.Model is not null)
                    return outcome.Model;
                if (AcceptsFiniteDifferences(_context.Attributes[0]))
                    return null; // finite differences intended: no GENOPT100/GENOPT101
                if (outcome.Location is { } location && outcome.Construct is { } construct)
                {
                    Report(DiagnosticDescriptors.NotDifferentiable, location, construct, methodDisplay, outcome.Reason ?? "");
                    Report(DiagnosticDescriptors.FiniteDifferenceGradient, identifierLocation, what, methodDisplay,
                        $"{outcome.Reason} ('{construct}', line {(location.GetLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)})");
                }
                else
                {
                    Report(DiagnosticDescriptors.FiniteDifferenceGradient, identifierLocation, what, methodDisplay, outcome.Reason ?? "its body cannot be differentiated");
                }
                return null;
            }

            /// <summary>
            /// GENOPT102 when the objective gets no batch evaluation, at the construct that keeps it out of the batch subset.
            /// An objective on finite differences has none either; GENOPT100 (or AcceptFiniteDifferences) already says why.
            /// </summary>
            private void ReportBatch(DerivativeModel? derivative, IMethodSymbol method, MethodDeclarationSyntax syntax, string methodDisplay, Location identifierLocation)
            {
                if (derivative is null || Batch.BatchSubset.Check(derivative) is not { } blocker)
                    return;
                _notes.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoBatch, BatchSite(blocker, syntax, _context.SemanticModel) ?? identifierLocation, methodDisplay, blocker.Construct));
            }

            /// <summary>The syntax of the construct <paramref name="blocker"/> names: the first of its kind in the method
            /// (local functions included; a loop's keyword; a switch on a value that reads a <c>double</c>, as one that
            /// depends on the point does, else the first switch of its kind), or null.</summary>
            private static Location? BatchSite(Batch.BatchBlocker blocker, MethodDeclarationSyntax syntax, SemanticModel model)
            {
                SyntaxNode? body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
                if (body is null)
                    return null;
                if (blocker.Site == Batch.BatchSite.Switch)
                {
                    Location? first = null;
                    foreach (SyntaxNode node in body.DescendantNodes())
                    {
                        (ExpressionSyntax? governing, SyntaxToken keyword) = node switch
                        {
                            SwitchStatementSyntax statement when blocker.Key == "statement" => (statement.Expression, statement.SwitchKeyword),
                            SwitchExpressionSyntax expression when blocker.Key == "expression" => (expression.GoverningExpression, expression.SwitchKeyword),
                            _ => ((ExpressionSyntax?)null, default(SyntaxToken)),
                        };
                        if (governing is null)
                            continue;
                        first ??= keyword.GetLocation();
                        if (ReadsDouble(governing))
                            return keyword.GetLocation();
                    }
                    return first;
                }
                foreach (SyntaxNode node in body.DescendantNodes())
                {
                    switch (blocker.Site)
                    {
                        case Batch.BatchSite.WhileLoop when node is WhileStatementSyntax loop:
                            return loop.WhileKeyword.GetLocation();
                        case Batch.BatchSite.WhileLoop when node is DoStatementSyntax loop:
                            return loop.DoKeyword.GetLocation();
                        case Batch.BatchSite.Stackalloc when node is StackAllocArrayCreationExpressionSyntax:
                        case Batch.BatchSite.Call when node is InvocationExpressionSyntax invocation && CalledName(invocation) == blocker.Key:
                            return node.GetLocation();
                    }
                }
                return null;

                bool ReadsDouble(ExpressionSyntax governing)
                {
                    foreach (SyntaxNode part in governing.DescendantNodesAndSelf())
                    {
                        if (part is ExpressionSyntax expression && model.GetTypeInfo(expression).Type is { SpecialType: SpecialType.System_Double or SpecialType.System_Single })
                            return true;
                    }
                    return false;
                }

                static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText,
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    GenericNameSyntax generic => generic.Identifier.ValueText,
                    _ => null,
                };
            }

            /// <summary>GENOPT001. Returns whether the generator should write the defining declaration.</summary>
            private bool CheckPartialMethod(IMethodSymbol method, MethodDeclarationSyntax syntax, string methodDisplay, Location location)
            {
                bool hasBody = syntax.Body is not null || syntax.ExpressionBody is not null;
                if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.NotPartialMethod, location, methodDisplay,
                        "must be declared 'partial' (GenOpt writes its declaring half); add 'partial' just before the return type",
                        RoleMethod);
                    return false;
                }
                if (!hasBody)
                {
                    // The user may have written both halves and put the attribute on the declaring one.
                    if (method.PartialImplementationPart is not null)
                        return false;
                    Report(DiagnosticDescriptors.NotPartialMethod, location, methodDisplay,
                        "has no body; write the body here, GenOpt writes the declaring half of the partial method",
                        RoleMethod);
                    return false;
                }
                // Both halves written by the user: generate only the Objective struct.
                return method.PartialDefinitionPart is null;
            }

            /// <summary>
            /// True when the user wrote both halves of the partial method and put [Objective] on both (the compiler
            /// reports the duplicate attribute): the declaring half's result stands for the method.
            /// </summary>
            private static bool IsAlsoMarkedOnDeclaringHalf(IMethodSymbol method, AttributeData attribute)
            {
                if (method.PartialDefinitionPart is not { } definition)
                    return false;
                foreach (SyntaxReference declaration in definition.DeclaringSyntaxReferences)
                {
                    foreach (AttributeData other in definition.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(other.AttributeClass, attribute.AttributeClass)
                            && other.ApplicationSyntaxReference is { } reference
                            && reference.SyntaxTree == declaration.SyntaxTree
                            && declaration.Span.Contains(reference.Span))
                        {
                            return true;
                        }
                    }
                }
                return false;
            }

            /// <summary>GENOPT002, GENOPT006 (types), GENOPT008. Returns the chain outermost first, or null if the code is too broken.</summary>
            private List<ContainingTypeSpec>? ParseContainingTypes(IMethodSymbol method, MethodDeclarationSyntax syntax, string methodDisplay)
            {
                var chain = new List<ContainingTypeSpec>();
                INamedTypeSymbol? type = method.ContainingType;
                foreach (SyntaxNode ancestor in syntax.Ancestors())
                {
                    if (ancestor is not BaseTypeDeclarationSyntax declaration)
                        continue;
                    if (type is null || declaration is not TypeDeclarationSyntax typeDeclaration || declaration.Identifier.ValueText != type.Name)
                        return null; // Syntax and symbols disagree: broken code the compiler reports.

                    Location location = declaration.Identifier.GetLocation();
                    string typeDisplay = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

                    if (typeDeclaration is InterfaceDeclarationSyntax)
                    {
                        Report(DiagnosticDescriptors.UnsupportedDeclaration, location, methodDisplay,
                            $"{RoleNoun}s in interfaces are not supported; move it to a partial class or struct (found in interface '{typeDisplay}')",
                            RoleWithArticle);
                    }
                    if (typeDeclaration.TypeParameterList is not null || type.IsGenericType)
                    {
                        Report(DiagnosticDescriptors.Generic, typeDeclaration.TypeParameterList?.GetLocation() ?? location,
                            methodDisplay, "type", typeDisplay);
                    }
                    if (typeDeclaration.Modifiers.Any(SyntaxKind.FileKeyword))
                    {
                        Report(DiagnosticDescriptors.UnsupportedDeclaration, location, methodDisplay,
                            $"the file-local type '{typeDisplay}' cannot be extended from a generated file; remove 'file'",
                            RoleWithArticle);
                    }
                    if (!typeDeclaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                        Report(DiagnosticDescriptors.NotPartialType, location, typeDisplay, methodDisplay, RoleNoun);

                    chain.Add(new ContainingTypeSpec(
                        typeDeclaration.Modifiers.Any(SyntaxKind.RefKeyword) ? "ref " : "",
                        Keyword(typeDeclaration),
                        EscapeIdentifier(type.Name)));
                    type = type.ContainingType;
                }
                if (type is not null)
                    return null;
                chain.Reverse();
                return chain;
            }

            /// <summary>GENOPT003 and GENOPT004.</summary>
            private void CheckSignature(IMethodSymbol method, MethodDeclarationSyntax syntax, string methodDisplay)
            {
                ITypeSymbol returnType = method.ReturnType;
                if (returnType.TypeKind == TypeKind.Error)
                {
                    _incomplete = true;
                }
                else if (returnType.SpecialType != SpecialType.System_Double || method.RefKind != RefKind.None)
                {
                    string prefix = method.RefKind switch
                    {
                        RefKind.Ref => "ref ",
                        RefKind.RefReadOnly => "ref readonly ",
                        _ => "",
                    };
                    Report(DiagnosticDescriptors.ReturnType, syntax.ReturnType.GetLocation(), methodDisplay,
                        prefix + returnType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
                }

                Location parametersLocation = syntax.ParameterList.GetLocation();
                if (method.Parameters.Length != 1)
                {
                    Report(DiagnosticDescriptors.Parameters, parametersLocation, methodDisplay,
                        method.Parameters.Length == 0 ? "it has none" : $"it has {method.Parameters.Length}");
                    return;
                }

                IParameterSymbol parameter = method.Parameters[0];
                if (parameter.Type.TypeKind == TypeKind.Error)
                {
                    _incomplete = true;
                }
                else if (!IsReadOnlySpanOfDouble(parameter.Type))
                {
                    Report(DiagnosticDescriptors.Parameters, parametersLocation, methodDisplay,
                        $"'{parameter.Name}' is a '{parameter.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}'");
                }
                else if (parameter.RefKind != RefKind.None)
                {
                    string refKind = parameter.RefKind switch
                    {
                        RefKind.Ref => "ref",
                        RefKind.Out => "out",
                        RefKind.In => "in",
                        _ => "ref readonly",
                    };
                    Report(DiagnosticDescriptors.Parameters, parametersLocation, methodDisplay,
                        $"'{parameter.Name}' is passed by '{refKind}'");
                }
                else if (parameter.IsParams)
                {
                    Report(DiagnosticDescriptors.Parameters, parametersLocation, methodDisplay,
                        $"'{parameter.Name}' is 'params'");
                }
            }

            /// <summary>GENOPT005. Returns the dimension, or 0 if invalid.</summary>
            private int ParseDimension(AttributeData attribute, string methodDisplay, Location fallbackLocation)
            {
                SyntaxNode? attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken);
                Location location = attributeSyntax?.GetLocation() ?? fallbackLocation;

                // A half-typed or mistyped attribute ('Dimension = ', 'Dimension = 2.5', an unknown argument)
                // is the compiler's to report.
                if (attribute.AttributeConstructor is null
                    || attributeSyntax is null
                    || attributeSyntax.ContainsDiagnostics
                    || _context.SemanticModel.GetDiagnostics(attributeSyntax.Span, _cancellationToken)
                        .Any(static d => d.Severity == DiagnosticSeverity.Error))
                {
                    _incomplete = true;
                    return 0;
                }

                foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                {
                    if (argument.Key != "Dimension")
                        continue;
                    if (argument.Value.Kind == TypedConstantKind.Error || argument.Value.Value is not int dimension)
                    {
                        _incomplete = true;
                        return 0;
                    }
                    if (dimension < 1)
                    {
                        Report(DiagnosticDescriptors.Dimension, location, methodDisplay,
                            dimension.ToString(CultureInfo.InvariantCulture));
                        return 0;
                    }
                    return dimension;
                }

                // Named in the syntax but not bound: a type error the compiler reports.
                if (attributeSyntax is AttributeSyntax { ArgumentList: { } arguments }
                    && arguments.Arguments.Any(static a => a.NameEquals?.Name.Identifier.ValueText == "Dimension"))
                {
                    _incomplete = true;
                    return 0;
                }

                Report(DiagnosticDescriptors.Dimension, location, methodDisplay, "not set");
                return 0;
            }

            /// <summary>GENOPT008 for instance objectives the wrapper struct cannot hold.</summary>
            private TargetKind ParseTarget(IMethodSymbol method, INamedTypeSymbol containingType, string methodDisplay, Location location)
            {
                if (method.IsStatic)
                    return TargetKind.Static;
                if (containingType.IsStatic)
                {
                    _incomplete = true; // instance member in a static class: the compiler reports it
                    return TargetKind.Static;
                }
                if (containingType.IsRefLikeType)
                {
                    Report(DiagnosticDescriptors.UnsupportedDeclaration, location, methodDisplay,
                        "an instance method of a ref struct cannot be wrapped in a generated struct; make the method static",
                        RoleWithArticle);
                    return TargetKind.Static;
                }
                return containingType.TypeKind switch
                {
                    TypeKind.Struct => TargetKind.Struct,
                    TypeKind.Class => TargetKind.Class,
                    _ => TargetKind.Static, // interfaces were reported with the containing types
                };
            }

            /// <summary>GENOPT007: only the first [Objective] of a type (in source order) is generated.</summary>
            private void CheckUniqueObjective(IMethodSymbol method, INamedTypeSymbol containingType, AttributeData attribute, string methodDisplay, Location location)
            {
                INamedTypeSymbol? attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                    return;

                IMethodSymbol? first = null;
                (string Path, int Position) firstKey = default;
                foreach (ISymbol member in containingType.GetMembers())
                {
                    if (member is not IMethodSymbol candidate)
                        continue;
                    foreach (AttributeData candidateAttribute in candidate.GetAttributes())
                    {
                        if (!SymbolEqualityComparer.Default.Equals(candidateAttribute.AttributeClass, attributeClass)
                            || candidateAttribute.ApplicationSyntaxReference is not { } reference)
                        {
                            continue;
                        }
                        (string Path, int Position) key = (reference.SyntaxTree.FilePath, reference.Span.Start);
                        if (first is null
                            || string.CompareOrdinal(key.Path, firstKey.Path) < 0
                            || (key.Path == firstKey.Path && key.Position < firstKey.Position))
                        {
                            first = candidate;
                            firstKey = key;
                        }
                    }
                }

                if (first is null || IsSameMethod(first, method))
                    return;
                Report(DiagnosticDescriptors.Duplicate, location,
                    containingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
                    first.Name,
                    method.Name);
            }

            /// <summary>GENOPT009: the generated members must not collide with the user's.</summary>
            private void CheckNameClashes(INamedTypeSymbol containingType, TargetKind target, string methodDisplay, Location location)
            {
                string typeDisplay = containingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
                if (containingType.Name == GeneratedTypeName || !containingType.GetMembers(GeneratedTypeName).IsEmpty)
                    Report(DiagnosticDescriptors.NameClash, location, typeDisplay, GeneratedTypeName, methodDisplay);
                if (target != TargetKind.Static && !containingType.GetMembers(GeneratedMethodName).IsEmpty)
                    Report(DiagnosticDescriptors.NameClash, location, typeDisplay, GeneratedMethodName, methodDisplay);
            }

            /// <summary>
            /// The generated member names that hide an accessible member inherited from a base class (the generated
            /// declaration then says <c>new</c>, as C# asks): a nested type hides every member of its name; the
            /// parameterless <c>AsObjective()</c>/<c>AsProblem()</c> hide members that are not methods, or methods without
            /// parameters.
            /// </summary>
            private EquatableArray<string> HiddenInheritedNames(INamedTypeSymbol containingType, TargetKind target)
            {
                var hidden = new List<string>();
                foreach (string name in new[] { GeneratedTypeName, GeneratedMethodName, GeneratedProblemTypeName, GeneratedProblemMethodName })
                {
                    bool isMethod = name is GeneratedMethodName or GeneratedProblemMethodName;
                    if (isMethod && target == TargetKind.Static)
                        continue;
                    if (HidesInheritedMember(containingType, name, isMethod))
                        hidden.Add(name);
                }
                return hidden.ToEquatableArray();
            }

            private bool HidesInheritedMember(INamedTypeSymbol containingType, string name, bool isMethod)
            {
                for (INamedTypeSymbol? type = containingType.BaseType; type is not null; type = type.BaseType)
                {
                    foreach (ISymbol member in type.GetMembers(name))
                    {
                        if (member.IsImplicitlyDeclared || !_context.SemanticModel.Compilation.IsSymbolAccessibleWithin(member, containingType))
                            continue;
                        if (member is INamedTypeSymbol { Arity: > 0 })
                            continue; // a generic type has another name (Objective`1)
                        if (isMethod && member is IMethodSymbol { MethodKind: MethodKind.Ordinary } baseMethod
                            && (baseMethod.Parameters.Length != 0 || baseMethod.Arity != 0))
                        {
                            continue; // an overload, not hidden
                        }
                        return true;
                    }
                }
                return false;
            }

            /// <summary>
            /// The <c>[System.Obsolete]</c> attribute of <paramref name="method"/> as C# text to repeat on the generated
            /// members that call it (so they are obsolete too, and their calls raise no warning or error), or null.
            /// </summary>
            private static string? ObsoleteAttribute(IMethodSymbol method) =>
                ObsoleteAttribute((method.PartialImplementationPart ?? method).GetAttributes()
                    .Concat(method.PartialDefinitionPart?.GetAttributes() ?? ImmutableArray<AttributeData>.Empty));

            /// <summary>The <c>[Obsolete]</c> of <paramref name="type"/> or the nearest enclosing type that has one, as C# text, or null.</summary>
            private static string? TypeObsoleteAttribute(INamedTypeSymbol type)
            {
                for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
                {
                    if (ObsoleteAttribute(t.GetAttributes()) is { } obsolete)
                        return obsolete;
                }
                return null;
            }

            /// <summary>
            /// The name of the class of the <c>Multipliers</c> extension: injective in the type's path (<c>Outer.F</c> gives
            /// <c>Outer_FProblemExtensions</c>, <c>OuterF</c> gives <c>OuterFProblemExtensions</c>), and numbered when
            /// the namespace already holds a type of that name.
            /// </summary>
            private static string ExtensionClassName(INamedTypeSymbol containingType)
            {
                var path = new List<string>();
                for (INamedTypeSymbol? t = containingType; t is not null; t = t.ContainingType)
                    path.Insert(0, t.Name.Replace("_", "_0"));
                string stem = string.Join("_", path) + "ProblemExtensions";
                string name = stem;
                for (int n = 2; !containingType.ContainingNamespace.GetTypeMembers(name).IsEmpty; n++)
                    name = stem + n.ToString(CultureInfo.InvariantCulture);
                return name;
            }

            private static string? ObsoleteAttribute(IEnumerable<AttributeData> attributes)
            {
                foreach (AttributeData attribute in attributes)
                {
                    if (attribute.AttributeClass?.ToDisplayString() != "System.ObsoleteAttribute")
                        continue;
                    var arguments = new List<string>();
                    foreach (TypedConstant argument in attribute.ConstructorArguments)
                        arguments.Add(argument.IsNull ? "null" : argument.ToCSharpString());
                    foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                        arguments.Add(argument.Key + " = " + (argument.Value.IsNull ? "null" : argument.Value.ToCSharpString()));
                    return arguments.Count == 0 ? "[global::System.Obsolete]" : "[global::System.Obsolete(" + string.Join(", ", arguments) + ")]";
                }
                return null;
            }

            private static TypeSpec BuildTypeSpec(INamedTypeSymbol containingType, List<ContainingTypeSpec> containingTypes)
            {
                List<string> namespaceParts = [];
                for (INamespaceSymbol? part = containingType.ContainingNamespace; part is { IsGlobalNamespace: false }; part = part.ContainingNamespace)
                    namespaceParts.Insert(0, part.Name);

                List<string> typeNames = [];
                bool namespaceAccessible = true, publicChain = true;
                for (INamedTypeSymbol? type = containingType; type is not null; type = type.ContainingType)
                {
                    typeNames.Insert(0, type.Name);
                    namespaceAccessible &= type.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal;
                    publicChain &= type.DeclaredAccessibility == Accessibility.Public;
                }

                return new TypeSpec(
                    Namespace: namespaceParts.Count == 0 ? null : string.Join(".", namespaceParts.Select(EscapeIdentifier)),
                    ContainingTypes: containingTypes.ToEquatableArray(),
                    FullName: "global::" + string.Join(".", namespaceParts.Concat(typeNames).Select(EscapeIdentifier)),
                    DisplayName: string.Join(".", namespaceParts.Concat(typeNames)),
                    IsNamespaceAccessible: namespaceAccessible,
                    IsPublicChain: publicChain);
            }

            private static ObjectiveSpec BuildSpec(
                IMethodSymbol method,
                MethodDeclarationSyntax syntax,
                INamedTypeSymbol containingType,
                List<ContainingTypeSpec> containingTypes,
                TargetKind target,
                int dimension,
                bool emitDefiningDeclaration)
            {
                TypeSpec type = BuildTypeSpec(containingType, containingTypes);
                string hintName = type.DisplayName + ".Objective.g.cs";

                string modifiers = string.Join(" ", syntax.Modifiers
                    .Where(static m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword) && !m.IsKind(SyntaxKind.ExternKeyword))
                    .Select(static m => m.Text));
                string accessibility = string.Join(" ", syntax.Modifiers
                    .Where(static m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword)
                        || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.PrivateKeyword))
                    .Select(static m => m.Text));
                if (accessibility.Length == 0)
                    accessibility = "private";

                ParameterSyntax parameterSyntax = syntax.ParameterList.Parameters[0];
                string parameterModifiers = string.Concat(parameterSyntax.Modifiers
                    .Where(static m => m.IsKind(SyntaxKind.ThisKeyword) || m.IsKind(SyntaxKind.ScopedKeyword))
                    .Select(static m => m.Text + " "));

                return new ObjectiveSpec(
                    HintName: hintName,
                    Type: type,
                    MethodName: EscapeIdentifier(method.Name),
                    MethodModifiers: modifiers,
                    Accessibility: accessibility,
                    ParameterModifiers: parameterModifiers,
                    ParameterName: EscapeIdentifier(method.Parameters[0].Name),
                    Target: target,
                    Dimension: dimension,
                    EmitDefiningDeclaration: emitDefiningDeclaration);
            }

            public ConstraintResult? RunConstraint()
            {
                Common? common = ParseCommon(out bool reported);
                if (common is null)
                    return reported ? new ConstraintResult(null, null, _diagnostics.ToEquatableArray()) : null;
                (IMethodSymbol method, AttributeData attribute, MethodDeclarationSyntax syntax, INamedTypeSymbol containingType,
                    List<ContainingTypeSpec> containingTypes, string methodDisplay, Location identifierLocation, bool emitDefiningDeclaration) =
                    (common.Method, common.Attribute, common.Syntax, common.ContainingType, common.ContainingTypes,
                     common.MethodDisplay, common.IdentifierLocation, common.EmitDefiningDeclaration);

                bool isVector = CheckConstraintSignature(method, syntax, methodDisplay);
                int count = ParseCount(attribute, isVector, methodDisplay, identifierLocation);
                _cancellationToken.ThrowIfCancellationRequested();

                TargetKind target = ParseTarget(method, containingType, methodDisplay, identifierLocation);
                CheckProblemNameClashes(method, containingType, target, methodDisplay, identifierLocation);
                _cancellationToken.ThrowIfCancellationRequested();

                if (HasErrors)
                    return new ConstraintResult(null, null, _diagnostics.ToEquatableArray());

                DerivativeModel? derivative = Differentiate(method, syntax, methodDisplay, identifierLocation,
                    isVector ? "Jacobian" : "gradient", ObjectiveDimension(containingType), count);

                string modifiers = string.Join(" ", syntax.Modifiers
                    .Where(static m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword) && !m.IsKind(SyntaxKind.ExternKeyword))
                    .Select(static m => m.Text));
                ParameterSyntax parameterSyntax = syntax.ParameterList.Parameters[0];
                string parameterModifiers = string.Concat(parameterSyntax.Modifiers
                    .Where(static m => m.IsKind(SyntaxKind.ThisKeyword) || m.IsKind(SyntaxKind.ScopedKeyword))
                    .Select(static m => m.Text + " "));
                var spec = new ConstraintSpec(
                    Type: BuildTypeSpec(containingType, containingTypes),
                    Kind: _constraintKind!.Value,
                    MethodName: EscapeIdentifier(method.Name),
                    DisplayName: methodDisplay,
                    MethodModifiers: modifiers,
                    ParameterModifiers: parameterModifiers,
                    ParameterName: EscapeIdentifier(method.Parameters[0].Name),
                    ValuesParameterName: isVector ? EscapeIdentifier(method.Parameters[1].Name) : null,
                    Count: count,
                    IsStatic: method.IsStatic,
                    EmitDefiningDeclaration: emitDefiningDeclaration,
                    SourceOrder: ConstraintSourceOrder(containingType, attribute, syntax),
                    TypeHasObjective: HasObjective(containingType),
                    ExtensionMembersAvailable: (int)((CSharpParseOptions)syntax.SyntaxTree.Options).LanguageVersion >= 1400,
                    Derivative: derivative,
                    Obsolete: ObsoleteAttribute(method),
                    ExtensionClassName: ExtensionClassName(containingType),
                    TypeObsolete: TypeObsoleteAttribute(containingType));
                return new ConstraintResult(spec, LocationInfo.From(identifierLocation), _diagnostics.ToEquatableArray());
            }

            /// <summary>
            /// The rank of <paramref name="attribute"/> among the constraint attributes of the type's methods, ordered by
            /// file path, then position: the problem lists its constraints in this order. A rank, unlike a position, stays
            /// the same when lines are added above the constraint.
            /// </summary>
            private int ConstraintSourceOrder(INamedTypeSymbol containingType, AttributeData attribute, MethodDeclarationSyntax syntax)
            {
                (string Path, int Position) own = attribute.ApplicationSyntaxReference is { } ownReference
                    ? (ownReference.SyntaxTree.FilePath, ownReference.Span.Start)
                    : (syntax.SyntaxTree.FilePath, syntax.SpanStart);
                var earlier = new HashSet<(string Path, int Position)>();
                foreach (ISymbol member in containingType.GetMembers())
                {
                    if (member is not IMethodSymbol candidate)
                        continue;
                    _cancellationToken.ThrowIfCancellationRequested();
                    foreach (AttributeData candidateAttribute in candidate.GetAttributes())
                    {
                        if (!IsConstraintAttribute(candidateAttribute) || candidateAttribute.ApplicationSyntaxReference is not { } reference)
                            continue;
                        (string Path, int Position) key = (reference.SyntaxTree.FilePath, reference.Span.Start);
                        int byPath = string.CompareOrdinal(key.Path, own.Path);
                        if (byPath < 0 || (byPath == 0 && key.Position < own.Position))
                            earlier.Add(key);
                    }
                }
                return earlier.Count;
            }

            /// <summary>The Dimension of the type's [Objective], or 0 when there is none (then x.Length is unknown).</summary>
            private static int ObjectiveDimension(INamedTypeSymbol containingType)
            {
                foreach (ISymbol member in containingType.GetMembers())
                {
                    if (member is not IMethodSymbol candidate)
                        continue;
                    foreach (AttributeData attribute in candidate.GetAttributes())
                    {
                        if (attribute.AttributeClass is not { Name: "ObjectiveAttribute", ContainingNamespace: { Name: "GenOpt", ContainingNamespace.IsGlobalNamespace: true } })
                            continue;
                        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                        {
                            if (argument.Key == "Dimension" && argument.Value.Value is int dimension)
                                return dimension;
                        }
                    }
                }
                return 0;
            }

            /// <summary>
            /// GENOPT015: code in the containing type (or a type nested in it) that names, by a simple name, something outside
            /// the type called <c>Objective</c>/<c>Problem</c> (or <c>AsObjective</c>/<c>AsProblem</c>): a namespace-level
            /// type, a member of an enclosing type or of a base class. Once the generated member of that name exists, the
            /// simple name finds it instead, and the user's code breaks with errors that do not say why. Qualified names
            /// (<c>global::Demo.Objective</c>, <c>Outer.Objective</c>, <c>base.Objective</c>) are not affected.
            /// </summary>
            private void CheckHiddenOuterNames(INamedTypeSymbol containingType, TargetKind target, string methodDisplay)
            {
                var names = new List<string> { GeneratedTypeName };
                if (target != TargetKind.Static)
                    names.Add(GeneratedMethodName);
                if (HasConstraint(containingType))
                {
                    names.Add(GeneratedProblemTypeName);
                    if (target != TargetKind.Static)
                        names.Add(GeneratedProblemMethodName);
                }
                Compilation compilation = _context.SemanticModel.Compilation;
                string typeDisplay = containingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
                foreach (SyntaxReference reference in containingType.DeclaringSyntaxReferences)
                {
                    SyntaxNode declaration = reference.GetSyntax(_cancellationToken);
                    SemanticModel? model = null;
                    foreach (SyntaxToken token in declaration.DescendantTokens())
                    {
                        if (!token.IsKind(SyntaxKind.IdentifierToken) || !names.Contains(token.ValueText) || token.Parent is not IdentifierNameSyntax name
                            || !IsFoundBySimpleNameLookup(name))
                        {
                            continue;
                        }
                        _cancellationToken.ThrowIfCancellationRequested();
                        model ??= declaration.SyntaxTree == _context.SemanticModel.SyntaxTree ? _context.SemanticModel : compilation.GetSemanticModel(declaration.SyntaxTree);
                        SymbolInfo info = model.GetSymbolInfo(name, _cancellationToken);
                        ISymbol? symbol = info.Symbol ?? (info.CandidateSymbols.IsEmpty ? null : info.CandidateSymbols[0]);
                        if (symbol is null or ILocalSymbol or IParameterSymbol or ITypeParameterSymbol or IRangeVariableSymbol or ILabelSymbol
                            || IsWithin(symbol.ContainingType, containingType))
                        {
                            continue; // found before the generated member, or the type's own member (GENOPT009)
                        }
                        // Code that does not bind yet (Objective.Dimension, new Objective(this)) means the generated member.
                        SyntaxNode use = name.Parent ?? name;
                        if (model.GetDiagnostics(use.Span, _cancellationToken).Any(static d => d.Severity == DiagnosticSeverity.Error))
                            continue;
                        string kind = symbol switch
                        {
                            INamedTypeSymbol type => type.TypeKind.ToString().ToLowerInvariant(),
                            INamespaceSymbol => "namespace",
                            IFieldSymbol => "field",
                            IPropertySymbol => "property",
                            IMethodSymbol => "method",
                            IEventSymbol => "event",
                            _ => "member",
                        };
                        Report(DiagnosticDescriptors.HiddenName, name.GetLocation(), token.ValueText,
                            $"{kind} '{symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}'", typeDisplay, methodDisplay);
                    }
                }
            }

            /// <summary>Whether <paramref name="name"/> is looked up as a simple name (or as <c>this.name</c>), not after a qualifier.</summary>
            private static bool IsFoundBySimpleNameLookup(IdentifierNameSyntax name)
            {
                switch (name.Parent)
                {
                    case MemberAccessExpressionSyntax access when access.Name == name:
                        return access.Expression is ThisExpressionSyntax;
                    case QualifiedNameSyntax qualified when qualified.Right == name:
                    case AliasQualifiedNameSyntax alias when alias.Name == name:
                    case MemberBindingExpressionSyntax:
                    case NameColonSyntax:
                    case NameEqualsSyntax:
                        return false;
                }
                // nameof(Objective) is "Objective" whatever it finds.
                if (name.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } } })
                    return false;
                // The attribute [Objective(...)] binds to GenOpt.ObjectiveAttribute, not to the generated struct.
                return name.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute || !attribute.Name.Span.Contains(name.Span);
            }

            private static bool IsWithin(INamedTypeSymbol? type, INamedTypeSymbol container)
            {
                for (; type is not null; type = type.ContainingType)
                {
                    if (SymbolEqualityComparer.Default.Equals(type, container))
                        return true;
                }
                return false;
            }

            private static bool HasConstraint(INamedTypeSymbol containingType)
            {
                foreach (ISymbol member in containingType.GetMembers())
                {
                    if (member is not IMethodSymbol candidate)
                        continue;
                    foreach (AttributeData attribute in candidate.GetAttributes())
                    {
                        if (IsConstraintAttribute(attribute))
                            return true;
                    }
                }
                return false;
            }

            private static bool IsConstraintAttribute(AttributeData attribute) =>
                attribute.AttributeClass is { Name: "EqualityConstraintAttribute" or "InequalityConstraintAttribute", ContainingNamespace: { Name: "GenOpt", ContainingNamespace.IsGlobalNamespace: true } };

            private static bool HasObjective(INamedTypeSymbol containingType)
            {
                foreach (ISymbol member in containingType.GetMembers())
                {
                    if (member is not IMethodSymbol candidate)
                        continue;
                    foreach (AttributeData attribute in candidate.GetAttributes())
                    {
                        if (attribute.AttributeClass is { Name: "ObjectiveAttribute", ContainingNamespace: { Name: "GenOpt", ContainingNamespace.IsGlobalNamespace: true } })
                            return true;
                    }
                }
                return false;
            }

            /// <summary>GENOPT011. Returns whether the method has the vector shape <c>void M(ReadOnlySpan&lt;double&gt;, Span&lt;double&gt;)</c>.</summary>
            private bool CheckConstraintSignature(IMethodSymbol method, MethodDeclarationSyntax syntax, string methodDisplay)
            {
                Location location = syntax.ParameterList.GetLocation();
                string name = method.Name;
                if (method.ReturnType.TypeKind == TypeKind.Error || method.Parameters.Any(static p => p.Type.TypeKind == TypeKind.Error))
                {
                    _incomplete = true;
                    return false;
                }
                bool isVector = method.ReturnsVoid;
                if (!isVector && (method.ReturnType.SpecialType != SpecialType.System_Double || method.RefKind != RefKind.None))
                {
                    Report(DiagnosticDescriptors.ConstraintSignature, syntax.ReturnType.GetLocation(), methodDisplay, name,
                        $"it returns '{method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}'");
                    return false;
                }
                int expected = isVector ? 2 : 1;
                if (method.Parameters.Length != expected)
                {
                    Report(DiagnosticDescriptors.ConstraintSignature, location, methodDisplay, name,
                        $"it {(isVector ? "returns void and " : "")}has {method.Parameters.Length} parameter{(method.Parameters.Length == 1 ? "" : "s")}");
                    return isVector;
                }
                IParameterSymbol point = method.Parameters[0];
                if (!IsReadOnlySpanOfDouble(point.Type) || point.RefKind != RefKind.None || point.IsParams)
                {
                    Report(DiagnosticDescriptors.ConstraintSignature, location, methodDisplay, name,
                        $"the first parameter '{point.Name}' must be a plain 'ReadOnlySpan<double>'");
                    return isVector;
                }
                if (isVector)
                {
                    IParameterSymbol values = method.Parameters[1];
                    if (!IsSpanOfDouble(values.Type) || values.RefKind != RefKind.None || values.IsParams)
                    {
                        Report(DiagnosticDescriptors.ConstraintSignature, location, methodDisplay, name,
                            $"the second parameter '{values.Name}' must be a plain 'Span<double>'");
                    }
                }
                return isVector;
            }

            /// <summary>GENOPT012. Returns the number of components (1 for a scalar constraint), or 0 if invalid.</summary>
            private int ParseCount(AttributeData attribute, bool isVector, string methodDisplay, Location fallbackLocation)
            {
                SyntaxNode? attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken);
                Location location = attributeSyntax?.GetLocation() ?? fallbackLocation;
                if (attribute.AttributeConstructor is null
                    || attributeSyntax is null
                    || attributeSyntax.ContainsDiagnostics
                    || _context.SemanticModel.GetDiagnostics(attributeSyntax.Span, _cancellationToken)
                        .Any(static d => d.Severity == DiagnosticSeverity.Error))
                {
                    _incomplete = true;
                    return 0;
                }
                int count = 1;
                foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                {
                    if (argument.Key != "Count")
                        continue;
                    if (argument.Value.Kind == TypedConstantKind.Error || argument.Value.Value is not int value)
                    {
                        _incomplete = true;
                        return 0;
                    }
                    count = value;
                }
                string shown = count.ToString(CultureInfo.InvariantCulture);
                if (count < 1)
                {
                    Report(DiagnosticDescriptors.ConstraintCount, location, methodDisplay, shown, "it must be at least 1");
                    return 0;
                }
                if (!isVector && count != 1)
                {
                    Report(DiagnosticDescriptors.ConstraintCount, location, methodDisplay, shown,
                        "a constraint returning double has one component; for several, declare 'void M(ReadOnlySpan<double> x, Span<double> values)'");
                    return 0;
                }
                return count;
            }

            /// <summary>GENOPT009 for the members generated for a constrained problem.</summary>
            private void CheckProblemNameClashes(IMethodSymbol method, INamedTypeSymbol containingType, TargetKind target, string methodDisplay, Location location)
            {
                string typeDisplay = containingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
                if (containingType.Name == GeneratedProblemTypeName || !containingType.GetMembers(GeneratedProblemTypeName).IsEmpty)
                    Report(DiagnosticDescriptors.NameClash, location, typeDisplay, GeneratedProblemTypeName, methodDisplay);
                if (target != TargetKind.Static && !containingType.GetMembers(GeneratedProblemMethodName).IsEmpty)
                    Report(DiagnosticDescriptors.NameClash, location, typeDisplay, GeneratedProblemMethodName, methodDisplay);
                // The constraint names its property in the generated Problem.Multipliers view.
                if (method.Name == GeneratedMultipliersTypeName)
                    Report(DiagnosticDescriptors.NameClash, location, "Problem.Multipliers", method.Name, methodDisplay);
            }

            private void Report(DiagnosticDescriptor descriptor, Location location, params string[] args) =>
                _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));

            private ObjectiveResult Result(ObjectiveSpec? spec) =>
                new(spec, _diagnostics.Concat(_notes).ToEquatableArray());
        }

        private static bool IsSameMethod(IMethodSymbol a, IMethodSymbol b) =>
            SymbolEqualityComparer.Default.Equals(a, b)
            || SymbolEqualityComparer.Default.Equals(a.PartialImplementationPart, b)
            || SymbolEqualityComparer.Default.Equals(a.PartialDefinitionPart, b);

        private static bool IsSpanOfDouble(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "Span", TypeArguments.Length: 1 } named
            && named.TypeArguments[0].SpecialType == SpecialType.System_Double
            && named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

        private static bool IsReadOnlySpanOfDouble(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } named
            && named.TypeArguments[0].SpecialType == SpecialType.System_Double
            && named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

        /// <summary>The keyword(s) that declare the kind of type.</summary>
        private static string Keyword(TypeDeclarationSyntax declaration) =>
            declaration switch
            {
                RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                RecordDeclarationSyntax => "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };

        /// <summary>Prefixes reserved keywords with <c>@</c> so that the name can be written in C#.</summary>
        internal static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
