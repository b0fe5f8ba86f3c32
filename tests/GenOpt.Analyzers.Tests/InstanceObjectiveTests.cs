using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace GenOpt.Analyzers.Tests;

/// <summary>GENOPT026: an optimizer of an objective that needs its instance, created by a constructor without an objective.</summary>
public sealed class InstanceObjectiveTests
{
    private const string Prelude = """
        using System;
        using GenOpt;
        namespace Demo;

        public readonly partial record struct Scaled(double[] Weights)
        {
            [Objective(Dimension = 2)]
            public partial double Loss(ReadOnlySpan<double> x) => Weights[0] * x[0] * x[0] + Weights[1] * x[1] * x[1];
        }

        public sealed partial class Fit
        {
            private readonly double[] _y = [1, 2];

            [Objective(Dimension = 2)]
            public partial double Error(ReadOnlySpan<double> p) => (p[0] - _y[0]) * (p[0] - _y[0]) + (p[1] - _y[1]) * (p[1] - _y[1]);
        }

        public partial struct OnLine
        {
            public double Sum;

            [Objective(Dimension = 2)]
            public readonly partial double Norm(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];

            [EqualityConstraint]
            public readonly partial double Line(ReadOnlySpan<double> x) => x[0] + x[1] - Sum;
        }

        public static partial class Sphere
        {
            [Objective(Dimension = 2)]
            public static partial double Value(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1];
        }

        public struct Remote : IObjective
        {
            public object Connection;
            public static int Dimension => 2;
            public static bool RequiresInstance => true;
            public double Value(ReadOnlySpan<double> x) => Connection.GetHashCode() + x[0];
        }

        public struct RemoteExplicit : IObjective
        {
            public object Connection;
            public static int Dimension => 2;
            static bool IObjective.RequiresInstance => true;
            public double Value(ReadOnlySpan<double> x) => Connection.GetHashCode() + x[0];
        }

        public struct Plain : IObjective
        {
            public static int Dimension => 2;
            public double Value(ReadOnlySpan<double> x) => x[0];
        }

        public struct Logged<T>(T inner) : IObjective where T : struct, IObjective
        {
            private T _inner = inner;
            public static int Dimension => T.Dimension;
            public static bool RequiresInstance => T.RequiresInstance;
            public double Value(ReadOnlySpan<double> x) => _inner.Value(x);
        }

        """;

    [Fact]
    public Task ConstructorsWithoutTheObjectiveOfAnInstanceObjectiveAreReported() => Harness.VerifyAsync(Prelude + """
        public static class Runs
        {
            public static void Run()
            {
                var a = {|GENOPT026:new CmaEs<Scaled.Objective>(new CmaEsOptions { Seed = 1 })|};
                var b = {|GENOPT026:new CmaEs<Scaled.Objective>()|};
                CmaEs<Fit.Objective> c = {|GENOPT026:new(new CmaEsOptions())|};
                using var d = {|GENOPT026:new Pso<Fit.Objective>(new PsoOptions())|};
                var e = {|GENOPT026:new DualAnnealing<Scaled.Objective>(new DualAnnealingOptions())|};
                var f = {|GENOPT026:new Lbfgsb<Scaled.Objective>()|};
                var g = {|GENOPT026:new Slsqp<OnLine.Problem>(new SlsqpOptions())|};
                var h = {|GENOPT026:new Slsqp<UnconstrainedProblem<Scaled.Objective>>()|};
                var i = {|GENOPT026:new Lbfgsb<FiniteDifferenceObjective<Fit.Objective>>()|};
                var j = {|GENOPT026:new CmaEs<Remote>()|};
                var k = {|GENOPT026:new CmaEs<Logged<Scaled.Objective>>()|};
                var l = {|GENOPT026:new CmaEs<RemoteExplicit>()|};
            }
        }
        """);

    [Fact]
    public Task ConstructorsGivenTheObjectiveOrStaticObjectivesAreNotReported() => Harness.VerifyAsync(Prelude + """
        public static class Runs
        {
            public static void Run(Scaled scaled, Fit fit, OnLine line, Remote remote, RemoteExplicit remoteExplicit)
            {
                var a = new CmaEs<Scaled.Objective>(scaled.AsObjective(), new CmaEsOptions { Seed = 1 });
                var b = new CmaEs<Scaled.Objective>(new Scaled.Objective(scaled));
                using var c = new Pso<Fit.Objective>(fit.AsObjective(), new PsoOptions());
                var d = new Slsqp<OnLine.Problem>(line.AsProblem(), new SlsqpOptions());
                var e = new Slsqp<UnconstrainedProblem<Scaled.Objective>>(new UnconstrainedProblem<Scaled.Objective>(scaled.AsObjective()));
                var f = new Lbfgsb<FiniteDifferenceObjective<Fit.Objective>>(new FiniteDifferenceObjective<Fit.Objective>(fit.AsObjective()));
                var g = new CmaEs<Remote>(remote);
                var h = new CmaEs<Logged<Scaled.Objective>>(new Logged<Scaled.Objective>(scaled.AsObjective()));
                var i = new CmaEs<Sphere.Objective>(new CmaEsOptions());
                var j = new Slsqp<UnconstrainedProblem<Sphere.Objective>>();
                var k = new Lbfgsb<FiniteDifferenceObjective<Plain>>();
                var l = new CmaEs<Logged<Sphere.Objective>>();
                var m = new Pso<Plain>();
                m.Dispose();
                var n = new CmaEs<RemoteExplicit>(remoteExplicit);
            }
        }
        """);

    [Fact]
    public async Task MessageNamesTheTypeAndHowToBuildIt()
    {
        ImmutableArray<Diagnostic> diagnostics = await Harness.AnalyzeAsync(Prelude + """
            public static class Runs
            {
                public static object First() => new CmaEs<Scaled.Objective>(new CmaEsOptions());
                public static object Second() => new Slsqp<UnconstrainedProblem<Fit.Objective>>();
                public static object Third() => new Slsqp<OnLine.Problem>();
            }
            """);
        string[] messages = [.. diagnostics.Where(static d => d.Id == "GENOPT026").OrderBy(static d => d.Location.SourceSpan.Start)
            .Select(static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(3, messages.Length);
        Assert.Equal("'new GenOpt.CmaEs<Demo.Scaled.Objective>' passes no objective, but 'Demo.Scaled.Objective' evaluates an instance method and needs the instance it is built from; this constructor throws ArgumentException. Pass the objective, built with 'instance.AsObjective()', to the constructor that takes it.", messages[0]);
        Assert.Contains("'Demo.Fit.Objective' evaluates an instance method", messages[1]);
        Assert.True(messages[1].Contains("built with 'new UnconstrainedProblem<Fit.Objective>(instance.AsObjective())'", System.StringComparison.Ordinal), messages[1]);
        Assert.Contains("built with 'instance.AsProblem()'", messages[2]);
        Assert.All(diagnostics.Where(static d => d.Id == "GENOPT026"), static d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }
}
