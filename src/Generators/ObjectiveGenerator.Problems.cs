using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using GenOpt.Generators.Model;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    /// <summary>
    /// Groups the constraints of each type with the type's objective into a <see cref="ProblemSpec"/>, and finds
    /// what only the whole problem shows: a constraint without an objective, an instance constraint of a static
    /// objective, more equalities than variables. Works on plain values only.
    /// </summary>
    internal static class Problems
    {
        /// <summary>
        /// Most constraint components one problem may have. SLSQP's workspace is dense (about (m + 2n) x n doubles),
        /// so far smaller problems already exhaust memory; the limit keeps the generated counts within int.
        /// </summary>
        internal const int MaxComponents = 1_000_000;

        public static ImmutableArray<ProblemResult> Build(ImmutableArray<ConstraintSpec> constraints, ImmutableArray<ProblemObjectiveSpec> objectives)
        {
            if (constraints.IsDefaultOrEmpty)
                return ImmutableArray<ProblemResult>.Empty;

            var objectiveByType = new Dictionary<string, ProblemObjectiveSpec>(StringComparer.Ordinal);
            foreach (ProblemObjectiveSpec objective in objectives)
            {
                if (!objectiveByType.ContainsKey(objective.TypeFullName))
                    objectiveByType.Add(objective.TypeFullName, objective);
            }

            // Group by type in order of first appearance; within a type, source order.
            var order = new List<string>();
            var byType = new Dictionary<string, List<ConstraintSpec>>(StringComparer.Ordinal);
            var seen = new HashSet<ConstraintSpec>();
            foreach (ConstraintSpec constraint in constraints)
            {
                if (!seen.Add(constraint))
                    continue;
                if (!byType.TryGetValue(constraint.Type.FullName, out List<ConstraintSpec>? list))
                {
                    byType.Add(constraint.Type.FullName, list = []);
                    order.Add(constraint.Type.FullName);
                }
                list.Add(constraint);
            }

            ImmutableArray<ProblemResult>.Builder results = ImmutableArray.CreateBuilder<ProblemResult>(order.Count);
            var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string typeName in order)
            {
                List<ConstraintSpec> list = byType[typeName];
                list.Sort(CompareSourceOrder);
                objectiveByType.TryGetValue(typeName, out ProblemObjectiveSpec? objective);
                results.Add(Build(list, objective, hintNames));
            }
            return results.MoveToImmutable();
        }

        private static ProblemResult Build(List<ConstraintSpec> constraints, ProblemObjectiveSpec? objective, HashSet<string> hintNames)
        {
            TypeSpec type = constraints[0].Type;
            var findings = new List<ProblemFinding>();
            long total = 0;
            foreach (ConstraintSpec constraint in constraints)
            {
                total += constraint.Count;
                if (total > MaxComponents)
                {
                    findings.Add(Finding(DiagnosticDescriptors.ConstraintCount, constraint,
                        constraint.DisplayName, constraint.Count.ToString(CultureInfo.InvariantCulture),
                        $"the constraints of '{type.DisplayName}' would have more than {MaxComponents.ToString(CultureInfo.InvariantCulture)} components in total"));
                    break;
                }
            }

            if (findings.Count != 0)
            {
                // Counts out of range: the checks below would overflow.
            }
            else if (objective is null)
            {
                // An objective with errors has been reported already; without any objective, say so here.
                if (!constraints[0].TypeHasObjective)
                {
                    foreach (ConstraintSpec constraint in constraints)
                        findings.Add(Finding(DiagnosticDescriptors.ConstraintWithoutObjective, constraint,
                            constraint.DisplayName, type.DisplayName));
                }
            }
            else if (objective is not null)
            {
                if (objective.Target == TargetKind.Static)
                {
                    foreach (ConstraintSpec constraint in constraints)
                    {
                        if (!constraint.IsStatic)
                            findings.Add(Finding(DiagnosticDescriptors.InstanceConstraint, constraint,
                                constraint.DisplayName, objective.MethodName));
                    }
                }
                int equalities = constraints.Where(static c => c.Kind == ConstraintKind.Equality).Sum(static c => c.Count);
                if (equalities > objective.Dimension)
                {
                    ConstraintSpec first = constraints.First(static c => c.Kind == ConstraintKind.Equality);
                    findings.Add(Finding(DiagnosticDescriptors.TooManyEqualities, first,
                        type.DisplayName,
                        equalities.ToString(CultureInfo.InvariantCulture),
                        objective.Dimension.ToString(CultureInfo.InvariantCulture)));
                }
            }

            ProblemObjectiveSpec? valid = findings.Count == 0 ? objective : null;
            bool extension = valid is not null
                && type.IsNamespaceAccessible
                && valid.Accessibility is "public" or "internal"
                && constraints.TrueForAll(static c => c.ExtensionMembersAvailable);

            const string suffix = ".Problem.g.cs";
            string hintName = type.DisplayName + suffix;
            for (int n = 2; !hintNames.Add(hintName); n++)
                hintName = $"{type.DisplayName}.Problem.{n}.g.cs";

            var spec = new ProblemSpec(
                HintName: hintName,
                Type: type,
                Objective: valid,
                Equalities: constraints.Where(static c => c.Kind == ConstraintKind.Equality).ToEquatableArray(),
                Inequalities: constraints.Where(static c => c.Kind == ConstraintKind.Inequality).ToEquatableArray(),
                EmitMultiplierExtension: extension);
            return new ProblemResult(spec, findings.ToEquatableArray());
        }

        /// <summary>Source order: <see cref="ConstraintSpec.SourceOrder"/>, then equalities first (one method with both attributes).</summary>
        private static int CompareSourceOrder(ConstraintSpec a, ConstraintSpec b)
        {
            int bySource = a.SourceOrder.CompareTo(b.SourceOrder);
            return bySource != 0 ? bySource : a.Kind.CompareTo(b.Kind);
        }

        private static ProblemFinding Finding(DiagnosticDescriptor descriptor, ConstraintSpec constraint, params string[] messageArgs) =>
            new(descriptor.Id, constraint.Type.FullName, constraint.SourceOrder, new EquatableArray<string>(messageArgs));

        /// <summary>
        /// The diagnostics channel: each finding of <paramref name="problems"/> as a diagnostic at the name of its
        /// constraint, found among <paramref name="constraints"/> by type and <see cref="ConstraintSpec.SourceOrder"/>.
        /// The problems' files do not depend on this step, so a constraint that only moves changes the diagnostics'
        /// locations and nothing else.
        /// </summary>
        public static EquatableArray<DiagnosticInfo> Locate(ImmutableArray<EquatableArray<ProblemFinding>> problems, ImmutableArray<ConstraintResult> constraints)
        {
            var locations = new Dictionary<(string, int), LocationInfo?>();
            foreach (ConstraintResult constraint in constraints)
            {
                if (constraint.Spec is { } spec && !locations.ContainsKey((spec.Type.FullName, spec.SourceOrder)))
                    locations.Add((spec.Type.FullName, spec.SourceOrder), constraint.Location);
            }
            var diagnostics = new List<DiagnosticInfo>();
            foreach (EquatableArray<ProblemFinding> findings in problems)
            {
                foreach (ProblemFinding finding in findings)
                {
                    locations.TryGetValue((finding.TypeFullName, finding.SourceOrder), out LocationInfo? location);
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ById(finding.DescriptorId), location, [.. finding.MessageArgs]));
                }
            }
            return diagnostics.ToEquatableArray();
        }
    }
}
