using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    /// <summary>Writes the source file for one <see cref="ObjectiveSpec"/>.</summary>
    internal static partial class Emitter
    {
        /// <summary>The version written in <c>[GeneratedCode]</c>: the generator assembly's version.</summary>
        internal static readonly string Version =
            typeof(ObjectiveGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

        private const string ReadOnlySpanOfDouble = "global::System.ReadOnlySpan<double>";
        private const string SpanOfDouble = "global::System.Span<double>";

        public static void Emit(SourceProductionContext context, ObjectiveSpec spec, bool gradientCheck)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            string? text = WriteWithFallback(
                () => Write(spec, gradientCheck),
                () => Write(spec with { Derivative = null }, gradientCheck),
                spec.Derivative is not null,
                "gradient", spec.Type.DisplayName + "." + spec.MethodName.TrimStart('@'), context);
            if (text is not null)
                context.AddSource(spec.HintName, SourceText.From(text, Encoding.UTF8));
        }

        internal const string StackFallbackReason = "its derivative is nested too deeply for the stack the generator runs on";

        /// <summary>
        /// <paramref name="write"/>, or, when writing the analytic derivatives fails, <paramref name="writeWithFiniteDifferences"/>
        /// with a GENOPT100 saying why: the emitter recurses once per level of nesting (which the parser limits to
        /// <see cref="Differentiator.MaxNesting"/>), so a deeply nested body on a thread with a small stack can run out of
        /// stack, and an unexpected failure must not take the user's build down with it. When even the finite-difference
        /// file cannot be written, GENOPT099 is reported and null returned: the generator never throws.
        /// </summary>
        internal static string? WriteWithFallback(Func<string> write, Func<string> writeWithFiniteDifferences, bool hasDerivatives,
            string what, string name, SourceProductionContext? context)
        {
            try
            {
                return write();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                string reason = e is InsufficientExecutionStackException
                    ? StackFallbackReason
                    : $"writing its analytic derivative failed ({e.GetType().Name}: {e.Message}; please report this)";
                if (hasDerivatives)
                {
                    try
                    {
                        string text = writeWithFiniteDifferences();
                        context?.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FiniteDifferenceGradient, Location.None, what, name, reason));
                        return text;
                    }
                    catch (Exception inner) when (inner is not OperationCanceledException)
                    {
                        e = inner;
                    }
                }
                context?.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, Location.None,
                    $"writing '{name}' failed ({e.GetType().Name}: {e.Message})"));
                return null;
            }
        }

        /// <summary>The objective's file, with the finite-difference gradient when the analytic one cannot be written (<paramref name="fellBack"/>).</summary>
        internal static string WriteWithFallback(ObjectiveSpec spec, bool gradientCheck, out bool fellBack)
        {
            bool failed = false;
            string? text = WriteWithFallback(
                () => Write(spec, gradientCheck),
                () => { failed = true; return Write(spec with { Derivative = null }, gradientCheck); },
                spec.Derivative is not null, "gradient", spec.MethodName, null);
            fellBack = failed;
            return text ?? throw new InvalidOperationException("the objective's file could not be written");
        }

        /// <summary>
        /// The generated source for <paramref name="spec"/>. With <paramref name="gradientCheck"/>, the first analytic
        /// gradient is compared with finite differences (Debug builds).
        /// </summary>
        public static string Write(ObjectiveSpec spec, bool gradientCheck = false) =>
            WriteFile(spec.Type.Namespace, spec.Type.ContainingTypes, writer => WriteMembers(writer, spec, gradientCheck),
                suppressObsolete: spec.Derivative?.UsesObsolete == true);

        /// <summary>
        /// A generated file: header, namespace, the chain of partial type declarations with <paramref name="members"/>
        /// in the innermost, then <paramref name="afterTypes"/> at namespace level.
        /// </summary>
        private static string WriteFile(
            string? ns,
            EquatableArray<ContainingTypeSpec> containingTypes,
            System.Action<IndentedWriter> members,
            System.Action<IndentedWriter>? afterTypes = null,
            bool suppressObsolete = false)
        {
            var writer = new IndentedWriter();
            writer.WriteLine("// <auto-generated/>");
            writer.WriteLine("#nullable enable");
            if (suppressObsolete)
                writer.WriteLine("#pragma warning disable CS0612, CS0618 // obsolete members the user's body uses (reported there) are repeated here");

            writer.WriteLine();
            if (ns is not null)
            {
                writer.WriteLine($"namespace {ns};");
                writer.WriteLine();
            }

            WriteContainingTypes(writer, containingTypes, 0, members);
            afterTypes?.Invoke(writer);
            return writer.ToString();
        }

        private static bool IsLowerCaseAscii(string name)
        {
            foreach (char c in name)
            {
                if (c is < 'a' or > 'z')
                    return false;
            }
            return name.Length != 0;
        }

        private static void WriteContainingTypes(IndentedWriter writer, EquatableArray<ContainingTypeSpec> containingTypes, int index, System.Action<IndentedWriter> members)
        {
            ContainingTypeSpec type = containingTypes[index];
            // A lower-case name is written verbatim (@name): C# warns (CS8981) at each declaration of such a type, and the
            // user's own declaration already says so (or suppresses it).
            string name = IsLowerCaseAscii(type.Name) ? "@" + type.Name : type.Name;
            writer.WriteLine($"{type.Modifiers}partial {type.Keyword} {name}");
            using (writer.Block())
            {
                if (index + 1 < containingTypes.Count)
                    WriteContainingTypes(writer, containingTypes, index + 1, members);
                else
                    members(writer);
            }
        }

        private static void WriteMembers(IndentedWriter writer, ObjectiveSpec spec, bool gradientCheck)
        {
            if (spec.EmitDefiningDeclaration)
            {
                writer.WriteLine($"{Prefix(spec.MethodModifiers)}partial double {spec.MethodName}({spec.ParameterModifiers}{ReadOnlySpanOfDouble} {spec.ParameterName});");
                writer.WriteLine();
            }

            string objective = spec.Type.FullName + ".Objective";
            if (spec.Target != TargetKind.Static)
            {
                writer.WriteLine("/// <summary>");
                writer.WriteLine($"/// Wraps this instance as an optimizable objective: {MethodCref(spec.Type.FullName, spec.MethodName)} with dimension {Dimension(spec.Dimension)}.");
                writer.WriteLine("/// </summary>");
                WriteObsolete(writer, spec.Obsolete);
                writer.WriteLine(GeneratedCodeAttribute());
                writer.WriteLine($"{spec.Accessibility} {New(spec.HidesInherited, "AsObjective")}{objective} AsObjective() => new {objective}(this);");
                writer.WriteLine();
            }

            WriteObjectiveStruct(writer, spec, gradientCheck);
        }

        private static void WriteObjectiveStruct(IndentedWriter writer, ObjectiveSpec spec, bool gradientCheck)
        {
            string dimension = Dimension(spec.Dimension);
            writer.WriteLine("/// <summary>");
            writer.WriteLine($"/// The objective {MethodCref(spec.Type.FullName, spec.MethodName)} as a <see cref=\"global::GenOpt.IDifferentiableObjective\"/>");
            writer.WriteLine($"/// of dimension {dimension}, to pass to GenOpt optimizers.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine("/// <remarks>");
            writer.WriteLine(spec.Derivative is null
                ? "/// The gradient is computed by central finite differences, which costs 2n + 1 evaluations of the objective."
                : "/// The gradient is the exact derivative of the method's body, written at compile time (reverse mode).");
            if (spec.Target == TargetKind.Class)
            {
                writer.WriteLine($"/// Create it with <c>new {spec.Type.DisplayName}.Objective(instance)</c> or <c>instance.AsObjective()</c>;");
                writer.WriteLine("/// a default-constructed value has no instance to evaluate.");
            }
            else if (spec.Target == TargetKind.Struct)
            {
                writer.WriteLine($"/// Create it with <c>new {spec.Type.DisplayName}.Objective(instance)</c> or <c>instance.AsObjective()</c>;");
                writer.WriteLine("/// it holds a copy of the instance.");
            }
            writer.WriteLine("/// </remarks>");
            WriteObsolete(writer, spec.Obsolete);
            writer.WriteLine(GeneratedCodeAttribute());
            bool batch = spec.Derivative is { } model && Batch.BatchSubset.Check(model) is null;
            writer.WriteLine($"{spec.Accessibility} {New(spec.HidesInherited, "Objective")}struct Objective : global::GenOpt.IDifferentiableObjective{(batch ? ", global::GenOpt.IBatchObjective" : "")}");
            using (writer.Block())
            {
                if (spec.Target != TargetKind.Static)
                    WriteTargetMembers(writer, spec.Type, spec.Target);

                writer.WriteLine($"/// <summary>The number of decision variables, {dimension}.</summary>");
                writer.WriteLine($"public static int Dimension => {dimension};");
                writer.WriteLine();

                string receiver = TargetReceiver.Of(spec.Target, spec.Type.FullName);
                writer.WriteLine($"/// <summary>Evaluates {MethodCref(spec.Type.FullName, spec.MethodName)} at <paramref name=\"x\"/>.</summary>");
                writer.WriteLine($"public double Value({ReadOnlySpanOfDouble} x) => {receiver}.{spec.MethodName}(x);");
                writer.WriteLine();

                if (batch)
                {
                    Batch.BatchWriter.Write(writer, spec.Derivative!, spec.Dimension);
                    writer.WriteLine();
                }

                if (spec.Derivative is { } derivative)
                {
                    WriteAnalyticGradient(writer, spec, derivative, gradientCheck);
                    return;
                }
                writer.WriteLine("/// <summary>");
                writer.WriteLine("/// Evaluates the objective at <paramref name=\"x\"/>, writes its central finite-difference gradient");
                writer.WriteLine("/// to <paramref name=\"gradient\"/> and returns the value.");
                writer.WriteLine("/// </summary>");
                writer.WriteLine($"public double ValueAndGradient({ReadOnlySpanOfDouble} x, {SpanOfDouble} gradient) =>");
                using (writer.Indent())
                    writer.WriteLine("global::GenOpt.FiniteDifference.CentralGradient(ref this, x, gradient);");
            }
        }

        private static void WriteAnalyticGradient(IndentedWriter writer, ObjectiveSpec spec, DerivativeModel derivative, bool gradientCheck)
        {
            string dimension = Dimension(spec.Dimension);
            if (gradientCheck)
            {
                writer.WriteLine("// Set once the first gradient has been compared with finite differences (Debug builds).");
                writer.WriteLine("private static bool s_gradientChecked;");
                writer.WriteLine();
            }
            writer.WriteLine("/// <summary>");
            writer.WriteLine("/// Evaluates the objective at <paramref name=\"x\"/>, writes its exact gradient to <paramref name=\"gradient\"/>");
            writer.WriteLine("/// and returns the value: the method's body (forward sweep), then its derivative in reverse order (adjoint sweep).");
            if (gradientCheck)
                writer.WriteLine("/// The first call compares the gradient with finite differences (this build is not optimized).");
            writer.WriteLine("/// </summary>");
            writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A span's length is not the dimension.</exception>");
            if (gradientCheck)
                writer.WriteLine("/// <exception cref=\"global::GenOpt.GradientCheckException\">The first gradient disagrees with finite differences.</exception>");
            writer.WriteLine($"public double ValueAndGradient({ReadOnlySpanOfDouble} x, {SpanOfDouble} gradient)");
            using (writer.Block())
            {
                writer.WriteLine($"if (x.Length != {dimension} || gradient.Length != {dimension})");
                using (writer.Indent())
                    writer.WriteLine($"global::GenOpt.GradientCheck.ThrowLengths(x.Length, gradient.Length, {dimension});");
                var adjoint = new AdjointWriter(writer, derivative.Function, derivative.Helpers);
                adjoint.WriteObjective(gradientCheck
                    ? value =>
                    {
                        writer.WriteLine();
                        writer.WriteLine("if (!s_gradientChecked)");
                        using (writer.Block())
                        {
                            writer.WriteLine("s_gradientChecked = true;");
                            writer.WriteLine($"global::GenOpt.GradientCheck.Verify(ref this, x, gradient, {value}, {StringLiteral(spec.Type.DisplayName + "." + spec.MethodName.TrimStart('@'))});");
                        }
                    }
                    : null);
            }
            WriteHelperAdjoints(writer, derivative.Helpers);
        }

        /// <summary>
        /// One private adjoint method per helper, and for a local function a private method computing its value too
        /// (static, unless the local function may read the instance).
        /// <paramref name="written"/> holds the adjoints already written to the type.
        /// </summary>
        private static void WriteHelperAdjoints(IndentedWriter writer, System.Collections.Generic.IEnumerable<HelperModel> helpers,
            System.Collections.Generic.HashSet<string>? written = null)
        {
            written ??= new System.Collections.Generic.HashSet<string>();
            foreach (HelperModel helper in helpers)
            {
                if (!written.Add(helper.AdjointName))
                    continue;
                writer.WriteLine();
                var names = new System.Collections.Generic.HashSet<string>(helper.Function.Names);
                string Claim(string stem)
                {
                    string name = stem;
                    for (int n = 2; !names.Add(name); n++)
                        name = stem + n.ToString(CultureInfo.InvariantCulture);
                    return name;
                }
                string seed = Claim("resultBar");
                // 'int' parameters are passed through and have no adjoint.
                var adjoints = new System.Collections.Generic.List<string>();
                for (int i = 0; i < helper.Parameters.Count; i++)
                {
                    if (!helper.IsInteger(i))
                        adjoints.Add(Claim(helper.Parameters[i].TrimStart('@') + "Bar"));
                }
                var parameters = new System.Collections.Generic.List<string>();
                for (int i = 0; i < helper.Parameters.Count; i++)
                    parameters.Add(helper.ParameterType(i) + " " + helper.Parameters[i]);
                string modifier = helper.IsInstance ? "" : "static ";
                if (helper.IsLocal)
                {
                    writer.WriteLine("/// <summary>The value of a local function of the objective, which the generated code cannot call.</summary>");
                    writer.WriteLine($"private {modifier}double {helper.Name}({string.Join(", ", parameters)})");
                    using (writer.Block())
                        new AdjointWriter(writer, helper.Function, new EquatableArray<HelperModel>([.. helpers]), reserved: helper.Function.Names)
                            .WriteValue();
                    writer.WriteLine();
                }
                parameters.Add("double " + seed);
                foreach (string adjoint in adjoints)
                    parameters.Add("ref double " + adjoint);
                // The cref names the overload: helpers may be overloaded (by their number of 'double' parameters).
                string signature = helper.Name + "(" + string.Join(", ", System.Linq.Enumerable.Select(System.Linq.Enumerable.Range(0, helper.Parameters.Count), helper.ParameterType)) + ")";
                writer.WriteLine($"/// <summary>Adds <paramref name=\"{seed}\"/> times the gradient of <see cref=\"{signature}\"/> to the parameters' adjoints.</summary>");
                writer.WriteLine($"private {modifier}void {helper.AdjointName}({string.Join(", ", parameters)})");
                using (writer.Block())
                    new AdjointWriter(writer, helper.Function, new EquatableArray<HelperModel>([.. helpers]), reserved: names)
                        .WriteHelper(helper, adjoints, seed);
            }
        }

        private static void WriteTargetMembers(IndentedWriter writer, TypeSpec containingType, TargetKind target, string structName = "Objective", string factory = "AsObjective")
        {
            string type = containingType.FullName;
            if (target == TargetKind.Class)
            {
                writer.WriteLine($"private readonly {type}? _target;");
                writer.WriteLine();
                writer.WriteLine($"/// <summary>Creates the {structName.ToLowerInvariant()} of <paramref name=\"target\"/>.</summary>");
                writer.WriteLine("/// <param name=\"target\">The instance whose objective method is evaluated.</param>");
                writer.WriteLine("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"target\"/> is <see langword=\"null\"/>.</exception>");
                writer.WriteLine($"public {structName}({type} target)");
                using (writer.Block())
                    writer.WriteLine("_target = target ?? throw new global::System.ArgumentNullException(nameof(target));");
                writer.WriteLine();
                writer.WriteLine("/// <summary>The instance whose objective method is evaluated.</summary>");
                writer.WriteLine("/// <exception cref=\"global::System.InvalidOperationException\">This value was default-constructed.</exception>");
                writer.WriteLine($"public {type} Target => _target ?? throw NotConstructed();");
                writer.WriteLine();
                writer.WriteLine("private static global::System.InvalidOperationException NotConstructed() =>");
                using (writer.Indent())
                {
                    string message =
                        $"This {containingType.DisplayName}.{structName} has no instance to evaluate because it was default-constructed. " +
                        $"Create it with 'new {containingType.DisplayName}.{structName}(instance)' or 'instance.{factory}()'.";
                    writer.WriteLine($"new global::System.InvalidOperationException({StringLiteral(message)});");
                }
            }
            else
            {
                writer.WriteLine($"private {type} _target;");
                writer.WriteLine();
                writer.WriteLine($"/// <summary>Creates the {structName.ToLowerInvariant()} of a copy of <paramref name=\"target\"/>.</summary>");
                writer.WriteLine("/// <param name=\"target\">The instance whose objective method is evaluated.</param>");
                writer.WriteLine($"public {structName}({type} target)");
                using (writer.Block())
                    writer.WriteLine("_target = target;");
                writer.WriteLine();
                writer.WriteLine("/// <summary>The instance whose objective method is evaluated (a copy).</summary>");
                writer.WriteLine($"public {type} Target => _target;");
            }
            writer.WriteLine();
            writer.WriteLine("/// <summary>");
            writer.WriteLine("/// True: a value made without an instance has none to evaluate, so the optimizers' constructors that take no");
            writer.WriteLine($"/// {structName.ToLowerInvariant()} throw; pass one built with <c>instance.{factory}()</c>.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine("public static bool RequiresInstance => true;");
            writer.WriteLine();
        }

        /// <summary><c>new </c> when the generated member <paramref name="name"/> hides an inherited member.</summary>
        private static string New(EquatableArray<string> hidesInherited, string name) =>
            System.Linq.Enumerable.Contains(hidesInherited, name) ? "new " : "";

        /// <summary>
        /// Repeats the user's <c>[Obsolete]</c> on a generated member that calls the obsolete method: the member is obsolete
        /// too, its own calls raise nothing (also for <c>[Obsolete(..., true)]</c>), and its users are warned.
        /// </summary>
        private static void WriteObsolete(IndentedWriter writer, string? obsolete)
        {
            if (obsolete is not null)
                writer.WriteLine(obsolete);
        }

        private static string Prefix(string modifiers) => modifiers.Length == 0 ? "" : modifiers + " ";

        private static string Dimension(int dimension) => dimension.ToString(CultureInfo.InvariantCulture);

        private static string MethodCref(string typeFullName, string methodName) =>
            $"<see cref=\"{typeFullName}.{methodName}(global::System.ReadOnlySpan{{double}})\"/>";

        private static string GeneratedCodeAttribute() =>
            $"[global::System.CodeDom.Compiler.GeneratedCode(\"GenOpt\", {StringLiteral(Version)})]";

        private static string StringLiteral(string value)
        {
            var builder = new StringBuilder(value.Length + 2);
            builder.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    default: builder.Append(c); break;
                }
            }
            builder.Append('"');
            return builder.ToString();
        }
    }
}
