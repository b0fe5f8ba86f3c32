using System.Globalization;
using System.Linq;
using System.Text;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    internal static partial class Emitter
    {
        public static void EmitProblem(SourceProductionContext context, ProblemSpec spec, bool gradientCheck)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            string? text = WriteWithFallback(
                () => WriteProblem(spec, gradientCheck),
                () => WriteProblem(WithoutDerivatives(spec), gradientCheck),
                HasDerivatives(spec),
                "constraint Jacobians", spec.Type.DisplayName + ".Problem", context);
            if (text is not null)
                context.AddSource(spec.HintName, SourceText.From(text, Encoding.UTF8));
        }

        private static bool HasDerivatives(ProblemSpec spec) =>
            spec.Objective?.HasAnalyticGradient == true
            || spec.Equalities.Concat(spec.Inequalities).Any(static c => c.Derivative is not null);

        /// <summary><paramref name="spec"/> with finite differences for the objective and every constraint.</summary>
        private static ProblemSpec WithoutDerivatives(ProblemSpec spec) => spec with
        {
            Objective = spec.Objective is { } objective ? objective with { HasAnalyticGradient = false, DerivativeUsesObsolete = false } : null,
            Equalities = spec.Equalities.Select(static c => c with { Derivative = null }).ToEquatableArray(),
            Inequalities = spec.Inequalities.Select(static c => c with { Derivative = null }).ToEquatableArray(),
        };

        /// <summary>
        /// The generated source for a constrained problem: the constraints' defining declarations and, when the
        /// problem is valid, the nested <c>Problem</c> struct and its multiplier view.
        /// </summary>
        public static string WriteProblem(ProblemSpec spec, bool gradientCheck = false) =>
            WriteFile(
                spec.Type.Namespace,
                spec.Type.ContainingTypes,
                writer => WriteProblemMembers(writer, spec, gradientCheck),
                spec.EmitMultiplierExtension && spec.Objective is { } objective
                    ? writer =>
                    {
                        writer.WriteLine();
                        WriteMultiplierExtension(writer, spec, objective);
                    }
                    : null,
                suppressObsolete: spec.Objective?.DerivativeUsesObsolete == true
                    || spec.Equalities.Concat(spec.Inequalities).Any(static c => c.Derivative?.UsesObsolete == true));

        /// <summary>
        /// The <c>[Obsolete]</c> of the generated <c>Problem</c> members, which call the objective and every constraint: the
        /// objective's, else the first obsolete constraint's; null when none is obsolete. Any one will do for the calls
        /// (inside an obsolete member C# reports no use of obsolete members, errors included).
        /// </summary>
        private static string? ProblemObsolete(ProblemSpec spec, ProblemObjectiveSpec objective)
        {
            if (objective.Obsolete is not null)
                return objective.Obsolete;
            foreach (ConstraintSpec constraint in spec.Equalities.Concat(spec.Inequalities))
            {
                if (constraint.Obsolete is not null)
                    return constraint.Obsolete;
            }
            return null;
        }

        private static void WriteProblemMembers(IndentedWriter writer, ProblemSpec spec, bool gradientCheck)
        {
            bool first = true;
            foreach (ConstraintSpec constraint in spec.Equalities.Concat(spec.Inequalities))
            {
                if (!constraint.EmitDefiningDeclaration)
                    continue;
                string signature = constraint.ValuesParameterName is { } values
                    ? $"void {constraint.MethodName}({constraint.ParameterModifiers}{ReadOnlySpanOfDouble} {constraint.ParameterName}, {SpanOfDouble} {values})"
                    : $"double {constraint.MethodName}({constraint.ParameterModifiers}{ReadOnlySpanOfDouble} {constraint.ParameterName})";
                writer.WriteLine($"{Prefix(constraint.MethodModifiers)}partial {signature};");
                first = false;
            }

            if (spec.Objective is not { } objective)
                return;
            if (!first)
                writer.WriteLine();

            string problem = spec.Type.FullName + ".Problem";
            if (objective.Target != TargetKind.Static)
            {
                writer.WriteLine("/// <summary>");
                writer.WriteLine($"/// Wraps this instance as a constrained problem: {MethodCref(objective.TypeFullName, objective.MethodName)} subject to its constraints.");
                writer.WriteLine("/// </summary>");
                WriteObsolete(writer, ProblemObsolete(spec, objective));
                writer.WriteLine(GeneratedCodeAttribute());
                writer.WriteLine($"{objective.Accessibility} {New(objective.HidesInherited, "AsProblem")}{problem} AsProblem() => new {problem}(this);");
                writer.WriteLine();
            }
            WriteProblemStruct(writer, spec, objective, gradientCheck);
        }

        private static void WriteProblemStruct(IndentedWriter writer, ProblemSpec spec, ProblemObjectiveSpec objective, bool gradientCheck)
        {
            bool analyticJacobians = spec.Equalities.Concat(spec.Inequalities).All(static c => c.Derivative is not null);
            int equalityCount = spec.Equalities.Sum(static c => c.Count);
            int inequalityCount = spec.Inequalities.Sum(static c => c.Count);

            writer.WriteLine("/// <summary>");
            writer.WriteLine($"/// Minimize {MethodCref(objective.TypeFullName, objective.MethodName)} (dimension {Dimension(objective.Dimension)}) subject to {Plural(equalityCount, "equality constraint")}");
            writer.WriteLine($"/// <c>h(x) = 0</c> and {Plural(inequalityCount, "inequality constraint")} <c>g(x) &gt;= 0</c>, as a");
            writer.WriteLine("/// <see cref=\"global::GenOpt.IConstrainedProblem\"/> for <c>GenOpt.Slsqp</c>.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine("/// <remarks>");
            WriteConstraintList(writer, "Equalities", spec.Equalities);
            WriteConstraintList(writer, "Inequalities", spec.Inequalities);
            writer.WriteLine((objective.HasAnalyticGradient, analyticJacobians) switch
            {
                (true, true) => "/// <para>The gradient and the Jacobians are the exact derivatives of the methods' bodies, written at compile time.</para>",
                (true, false) => "/// <para>The gradient is exact (written at compile time); the Jacobians are computed by central finite differences.</para>",
                (false, true) => "/// <para>The gradient is computed by central finite differences; the Jacobians are exact (written at compile time).</para>",
                _ => "/// <para>The gradient and the Jacobians are computed by central finite differences.</para>",
            });
            writer.WriteLine("/// </remarks>");
            WriteObsolete(writer, ProblemObsolete(spec, objective));
            writer.WriteLine(GeneratedCodeAttribute());
            writer.WriteLine($"{objective.Accessibility} {New(objective.HidesInherited, "Problem")}struct Problem : global::GenOpt.IConstrainedProblem");
            using (writer.Block())
            {
                if (objective.Target != TargetKind.Static)
                    WriteTargetMembers(writer, spec.Type, objective.Target, "Problem", "AsProblem");

                writer.WriteLine($"/// <summary>The number of decision variables, {Dimension(objective.Dimension)}.</summary>");
                writer.WriteLine($"public static int Dimension => {Dimension(objective.Dimension)};");
                writer.WriteLine();
                writer.WriteLine($"/// <summary>The number of equality constraints (components), {Number(equalityCount)}.</summary>");
                writer.WriteLine($"public static int EqualityCount => {Number(equalityCount)};");
                writer.WriteLine();
                writer.WriteLine($"/// <summary>The number of inequality constraints (components), {Number(inequalityCount)}.</summary>");
                writer.WriteLine($"public static int InequalityCount => {Number(inequalityCount)};");
                writer.WriteLine();

                string receiver = Receiver(objective);
                writer.WriteLine($"/// <summary>Evaluates {MethodCref(objective.TypeFullName, objective.MethodName)} at <paramref name=\"x\"/>.</summary>");
                writer.WriteLine($"public double Value({ReadOnlySpanOfDouble} x) => {receiver}.{objective.MethodName}(x);");
                writer.WriteLine();

                writer.WriteLine("/// <summary>");
                if (objective.HasAnalyticGradient)
                {
                    writer.WriteLine("/// Evaluates the objective at <paramref name=\"x\"/>, writes its exact gradient to <paramref name=\"gradient\"/>");
                    writer.WriteLine("/// and returns the value (see <see cref=\"Objective.ValueAndGradient\"/>).");
                    writer.WriteLine("/// </summary>");
                    writer.WriteLine($"public double ValueAndGradient({ReadOnlySpanOfDouble} x, {SpanOfDouble} gradient) =>");
                    string create = objective.Target switch
                    {
                        TargetKind.Static => "default(Objective)",
                        TargetKind.Struct => "new Objective(_target)",
                        _ => "new Objective(Target)",
                    };
                    using (writer.Indent())
                        writer.WriteLine($"{create}.ValueAndGradient(x, gradient);");
                }
                else
                {
                    writer.WriteLine("/// Evaluates the objective at <paramref name=\"x\"/>, writes its central finite-difference gradient");
                    writer.WriteLine("/// to <paramref name=\"gradient\"/> and returns the value.");
                    writer.WriteLine("/// </summary>");
                    writer.WriteLine($"public double ValueAndGradient({ReadOnlySpanOfDouble} x, {SpanOfDouble} gradient) =>");
                    using (writer.Indent())
                        writer.WriteLine("global::GenOpt.FiniteDifference.CentralGradient(ref this, x, gradient);");
                }
                writer.WriteLine();

                writer.WriteLine("/// <summary>Evaluates every constraint at <paramref name=\"x\"/>, in the order listed on <see cref=\"Problem\"/>.</summary>");
                writer.WriteLine($"public void Constraints({ReadOnlySpanOfDouble} x, {SpanOfDouble} equalities, {SpanOfDouble} inequalities)");
                using (writer.Block())
                {
                    writer.WriteLine("global::GenOpt.ConstrainedProblem.CheckLengths<Problem>(x, equalities, inequalities);");
                    WriteConstraintCalls(writer, spec.Equalities, "equalities", objective);
                    WriteConstraintCalls(writer, spec.Inequalities, "inequalities", objective);
                }
                writer.WriteLine();

                if (analyticJacobians)
                {
                    WriteAnalyticJacobians(writer, spec, objective, gradientCheck);
                }
                else
                {
                    writer.WriteLine("/// <summary>");
                    writer.WriteLine("/// Writes the constraint Jacobians at <paramref name=\"x\"/> (row-major, one row per constraint component)");
                    writer.WriteLine("/// by central finite differences.");
                    writer.WriteLine("/// </summary>");
                    writer.WriteLine($"public void ConstraintJacobians({ReadOnlySpanOfDouble} x, {SpanOfDouble} equalityJacobian, {SpanOfDouble} inequalityJacobian) =>");
                    using (writer.Indent())
                        writer.WriteLine("global::GenOpt.FiniteDifference.CentralConstraintJacobians(ref this, x, equalityJacobian, inequalityJacobian);");
                }
                writer.WriteLine();

                WriteMultipliersView(writer, spec, equalityCount + inequalityCount);
            }
        }

        /// <summary>
        /// <c>ConstraintJacobians</c> from the constraints' bodies: one reverse sweep per row (a scalar constraint is one
        /// row; a vector constraint of Count components is Count rows, each re-running its forward sweep).
        /// </summary>
        private static void WriteAnalyticJacobians(IndentedWriter writer, ProblemSpec spec, ProblemObjectiveSpec objective, bool gradientCheck)
        {
            string n = Dimension(objective.Dimension);
            if (gradientCheck)
            {
                writer.WriteLine("// Set once the first Jacobians have been compared with finite differences (Debug builds).");
                writer.WriteLine("private static bool s_jacobiansChecked;");
                writer.WriteLine();
            }
            writer.WriteLine("/// <summary>");
            writer.WriteLine("/// Writes the exact constraint Jacobians at <paramref name=\"x\"/> (row-major, one row per constraint component),");
            writer.WriteLine("/// differentiating each constraint's body in reverse mode.");
            if (gradientCheck)
                writer.WriteLine("/// The first call compares them with finite differences (this build is not optimized).");
            writer.WriteLine("/// </summary>");
            writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match the problem.</exception>");
            writer.WriteLine($"public void ConstraintJacobians({ReadOnlySpanOfDouble} x, {SpanOfDouble} equalityJacobian, {SpanOfDouble} inequalityJacobian)");
            using (writer.Block())
            {
                writer.WriteLine("global::GenOpt.GradientCheck.CheckJacobianLengths<Problem>(x, equalityJacobian, inequalityJacobian);");
                WriteJacobianCalls(writer, spec.Equalities, "equalityJacobian", n);
                WriteJacobianCalls(writer, spec.Inequalities, "inequalityJacobian", n);
                if (gradientCheck)
                {
                    writer.WriteLine("if (!s_jacobiansChecked)");
                    using (writer.Block())
                    {
                        writer.WriteLine("s_jacobiansChecked = true;");
                        writer.WriteLine($"global::GenOpt.GradientCheck.VerifyJacobians(ref this, x, equalityJacobian, inequalityJacobian, {StringLiteral(spec.Type.DisplayName + ".Problem")});");
                    }
                }
            }

            foreach (ConstraintSpec constraint in spec.Equalities.Concat(spec.Inequalities))
            {
                writer.WriteLine();
                DerivativeModel derivative = constraint.Derivative!;
                if (constraint.ValuesParameterName is { } values)
                {
                    writer.WriteLine($"/// <summary>Row <paramref name=\"row\"/> of the Jacobian of {ConstraintCref(constraint)}.</summary>");
                    writer.WriteLine($"private void {JacobianMethod(constraint)}({ReadOnlySpanOfDouble} x, int row, {SpanOfDouble} gradient)");
                    using (writer.Block())
                        new AdjointWriter(writer, derivative.Function, derivative.Helpers).WriteVectorRow(values, constraint.Count, "row");
                }
                else
                {
                    writer.WriteLine($"/// <summary>Evaluates {ConstraintCref(constraint)} and writes its gradient.</summary>");
                    writer.WriteLine($"private double {JacobianMethod(constraint)}({ReadOnlySpanOfDouble} x, {SpanOfDouble} gradient)");
                    using (writer.Block())
                        new AdjointWriter(writer, derivative.Function, derivative.Helpers).WriteObjective();
                }
            }
            // Each constraint's helpers (its local functions may read the instance); one adjoint per helper.
            var written = new System.Collections.Generic.HashSet<string>();
            foreach (ConstraintSpec constraint in spec.Equalities.Concat(spec.Inequalities))
                WriteHelperAdjoints(writer, constraint.Derivative!.Helpers, written);
        }

        private static string JacobianMethod(ConstraintSpec constraint) =>
            constraint.MethodName.TrimStart('@') + (constraint.ValuesParameterName is null ? "Gradient" : "JacobianRow");

        private static void WriteJacobianCalls(IndentedWriter writer, EquatableArray<ConstraintSpec> constraints, string destination, string n)
        {
            int offset = 0;
            foreach (ConstraintSpec constraint in constraints)
            {
                if (constraint.ValuesParameterName is null)
                {
                    writer.WriteLine($"{JacobianMethod(constraint)}(x, {destination}.Slice({Number(offset)} * {n}, {n}));");
                }
                else
                {
                    writer.WriteLine($"for (int row = 0; row < {Number(constraint.Count)}; row++)");
                    using (writer.Indent())
                        writer.WriteLine($"{JacobianMethod(constraint)}(x, row, {destination}.Slice(({Number(offset)} + row) * {n}, {n}));");
                }
                offset += constraint.Count;
            }
        }

        private static void WriteConstraintList(IndentedWriter writer, string title, EquatableArray<ConstraintSpec> constraints)
        {
            if (constraints.Count == 0)
                return;
            writer.WriteLine($"/// <para>{title}, in order:</para>");
            writer.WriteLine("/// <list type=\"number\">");
            int offset = 0;
            foreach (ConstraintSpec constraint in constraints)
            {
                string range = constraint.Count == 1 ? $"index {Number(offset)}" : $"indices {Number(offset)} to {Number(offset + constraint.Count - 1)}";
                writer.WriteLine($"/// <item><description>{ConstraintCref(constraint)} ({range})</description></item>");
                offset += constraint.Count;
            }
            writer.WriteLine("/// </list>");
        }

        private static void WriteConstraintCalls(IndentedWriter writer, EquatableArray<ConstraintSpec> constraints, string destination, ProblemObjectiveSpec objective)
        {
            int offset = 0;
            foreach (ConstraintSpec constraint in constraints)
            {
                string receiver = constraint.IsStatic ? constraint.Type.FullName : Receiver(objective);
                if (constraint.ValuesParameterName is null)
                    writer.WriteLine($"{destination}[{Number(offset)}] = {receiver}.{constraint.MethodName}(x);");
                else
                    writer.WriteLine($"{receiver}.{constraint.MethodName}(x, {destination}.Slice({Number(offset)}, {Number(constraint.Count)}));");
                offset += constraint.Count;
            }
        }

        private static void WriteMultipliersView(IndentedWriter writer, ProblemSpec spec, int total)
        {
            writer.WriteLine("/// <summary>");
            writer.WriteLine("/// The Lagrange multipliers of this problem by constraint name, read from the multipliers SLSQP reports");
            writer.WriteLine("/// (equalities first, then inequalities, in the order listed on <see cref=\"Problem\"/>).");
            writer.WriteLine("/// </summary>");
            writer.WriteLine(GeneratedCodeAttribute());
            writer.WriteLine("public readonly struct Multipliers");
            using (writer.Block())
            {
                writer.WriteLine("private readonly global::System.ReadOnlyMemory<double> _lagrangeMultipliers;");
                writer.WriteLine();
                writer.WriteLine("/// <summary>Names the entries of <paramref name=\"lagrangeMultipliers\"/> after their constraints.</summary>");
                writer.WriteLine($"/// <param name=\"lagrangeMultipliers\">{Number(total)} multipliers: equalities first, then inequalities.</param>");
                writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The length is not EqualityCount + InequalityCount.</exception>");
                writer.WriteLine("public Multipliers(global::System.ReadOnlyMemory<double> lagrangeMultipliers)");
                using (writer.Block())
                {
                    writer.WriteLine($"if (lagrangeMultipliers.Length != {Number(total)})");
                    using (writer.Indent())
                    {
                        writer.WriteLine("throw new global::System.ArgumentException(");
                        using (writer.Indent())
                            writer.WriteLine($"$\"Expected {Number(total)} multipliers (equalities, then inequalities) but got {{lagrangeMultipliers.Length}}.\", nameof(lagrangeMultipliers));");
                    }
                    writer.WriteLine("_lagrangeMultipliers = lagrangeMultipliers;");
                }

                int offset = 0;
                foreach (ConstraintSpec constraint in spec.Equalities.Concat(spec.Inequalities))
                {
                    writer.WriteLine();
                    string kind = constraint.Kind == ConstraintKind.Equality ? "equality" : "inequality";
                    if (constraint.ValuesParameterName is null)
                    {
                        writer.WriteLine($"/// <summary>Multiplier of the {kind} constraint {ConstraintCref(constraint)}.</summary>");
                        writer.WriteLine($"public double {constraint.MethodName} => _lagrangeMultipliers.Span[{Number(offset)}];");
                    }
                    else
                    {
                        writer.WriteLine($"/// <summary>Multipliers of the {Number(constraint.Count)} components of the {kind} constraint {ConstraintCref(constraint)}.</summary>");
                        writer.WriteLine($"public global::System.ReadOnlySpan<double> {constraint.MethodName} => _lagrangeMultipliers.Span.Slice({Number(offset)}, {Number(constraint.Count)});");
                    }
                    offset += constraint.Count;
                }
            }
        }

        private static void WriteMultiplierExtension(IndentedWriter writer, ProblemSpec spec, ProblemObjectiveSpec objective)
        {
            bool isPublic = spec.Type.IsPublicChain && objective.Accessibility == "public";
            ConstraintSpec first = spec.Equalities.Concat(spec.Inequalities).First();
            string className = first.ExtensionClassName;
            string problem = spec.Type.FullName + ".Problem";
            writer.WriteLine($"/// <summary>Names the Lagrange multipliers of <see cref=\"{problem}\"/> after their constraints.</summary>");
            // At namespace level: obsolete when the problem's members are, or when the type naming them is.
            WriteObsolete(writer, ProblemObsolete(spec, objective) ?? first.TypeObsolete);
            writer.WriteLine(GeneratedCodeAttribute());
            writer.WriteLine($"{(isPublic ? "public" : "internal")} static class {className}");
            using (writer.Block())
            {
                writer.WriteLine($"extension(global::GenOpt.SlsqpResult<{problem}> result)");
                using (writer.Block())
                {
                    writer.WriteLine("/// <summary>The Lagrange multipliers by constraint name (<c>result.Multipliers.ConstraintName</c>).</summary>");
                    writer.WriteLine($"public {problem}.Multipliers Multipliers => new {problem}.Multipliers(result.LagrangeMultipliers);");
                }
            }
        }

        private static string Receiver(ProblemObjectiveSpec objective) => TargetReceiver.Of(objective.Target, objective.TypeFullName);

        private static string ConstraintCref(ConstraintSpec constraint) =>
            constraint.ValuesParameterName is null
                ? $"<see cref=\"{constraint.Type.FullName}.{constraint.MethodName}(global::System.ReadOnlySpan{{double}})\"/>"
                : $"<see cref=\"{constraint.Type.FullName}.{constraint.MethodName}(global::System.ReadOnlySpan{{double}}, global::System.Span{{double}})\"/>";

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{Number(count)} {noun}s";
    }
}
