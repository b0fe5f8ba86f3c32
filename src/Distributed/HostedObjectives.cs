using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace GenOpt.Orleans;

/// <summary>An objective a silo hosts, behind a name the driver sends.</summary>
public abstract class HostedObjective
{
    /// <summary>Only GenOpt.Orleans implements it (<c>AddGenOptObjective</c> wraps the objective struct).</summary>
    private protected HostedObjective()
    {
    }

    /// <summary>Coordinates per candidate.</summary>
    public abstract int Dimension { get; }

    /// <summary>f(x).</summary>
    public abstract double Value(ReadOnlySpan<double> x);

    /// <summary>True when the objective implements <see cref="IBatchObjective"/> (a generated objective inside the batch subset, or a hand-written batch).</summary>
    public abstract bool HasBatch { get; }

    /// <summary>
    /// Writes <c>values[k] = f(points[(k n)..((k + 1) n)])</c> for <c>k &lt; values.Length</c>: through one
    /// <see cref="IBatchObjective.ValueBatch"/> call when <paramref name="useBatch"/> is set and <see cref="HasBatch"/>,
    /// else candidate by candidate with <see cref="Value"/>. Before a batch call every entry is set to NaN, so an entry the
    /// batch leaves unwritten counts as a non-finite value.
    /// </summary>
    public abstract void Evaluate(ReadOnlySpan<double> points, Span<double> values, bool useBatch);

    /// <summary>The name an objective type is hosted under unless another is given: its full type name.</summary>
    public static string NameOf<TObjective>() where TObjective : struct, IObjective => typeof(TObjective).FullName ?? typeof(TObjective).Name;
}

/// <summary>Evaluates a copy of one objective struct per call, so that concurrent activations never share its state.</summary>
internal sealed class HostedObjective<TObjective>(TObjective objective) : HostedObjective where TObjective : struct, IObjective
{
    private static readonly bool s_hasBatch = typeof(IBatchObjective).IsAssignableFrom(typeof(TObjective));

    public override int Dimension => TObjective.Dimension;

    public override bool HasBatch => s_hasBatch;

    public override double Value(ReadOnlySpan<double> x)
    {
        TObjective copy = objective;
        return copy.Value(x);
    }

    public override void Evaluate(ReadOnlySpan<double> points, Span<double> values, bool useBatch)
    {
        int n = TObjective.Dimension;
        if (useBatch && s_hasBatch)
        {
            // An IObjective-constrained type parameter cannot call ValueBatch directly: one boxed copy per call (a grain
            // call allocates its reply anyway). Entries the batch leaves unwritten are NaN (non-finite), as in-process.
            values.Fill(double.NaN);
            ((IBatchObjective)(object)objective).ValueBatch(points[..(values.Length * n)], values);
            return;
        }
        for (int k = 0; k < values.Length; k++)
            values[k] = Value(points.Slice(k * n, n));
    }
}

/// <summary>The objectives a silo hosts, by name (a singleton in the silo's services).</summary>
public sealed class HostedObjectives
{
    private readonly ConcurrentDictionary<string, HostedObjective> _byName = new(StringComparer.Ordinal);

    /// <summary>Hosts <paramref name="objective"/> as <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Another objective is registered under that name.</exception>
    public void Add(string name, HostedObjective objective)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(objective);
        if (!_byName.TryAdd(name, objective))
            throw new ArgumentException($"An objective is already registered as '{name}'.", nameof(name));
    }

    /// <summary>The objective hosted as <paramref name="name"/>.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out HostedObjective? objective) => _byName.TryGetValue(name, out objective);
}

/// <summary>Hosting GenOpt objectives in an Orleans silo.</summary>
public static class GenOptSiloBuilderExtensions
{
    /// <summary>
    /// Hosts the stateless objective <typeparamref name="TObjective"/> (its <c>default</c> value) in this silo, under
    /// <paramref name="name"/> (default: its full type name, what <see cref="ClusterEvaluator.For{TObjective}"/> sends).
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="TObjective"/> requires an instance (it carries data): use the overload that takes it.</exception>
    public static ISiloBuilder AddGenOptObjective<TObjective>(this ISiloBuilder builder, string? name = null) where TObjective : struct, IObjective
    {
        if (TObjective.RequiresInstance)
            throw new ArgumentException($"{typeof(TObjective).Name} is an instance objective (it carries data): pass the instance to AddGenOptObjective(objective).", nameof(TObjective));
        return builder.AddGenOptObjective(default(TObjective), name);
    }

    /// <summary>
    /// Hosts <paramref name="objective"/> in this silo under <paramref name="name"/> (default: its full type name). Each
    /// batch is evaluated on a copy of the struct, so the objective must give the same value for the same point on any
    /// copy (data shared through references must not change): that is what makes the run the same bits on any silo.
    /// </summary>
    public static ISiloBuilder AddGenOptObjective<TObjective>(this ISiloBuilder builder, TObjective objective, string? name = null)
        where TObjective : struct, IObjective
    {
        ArgumentNullException.ThrowIfNull(builder);
        Registry(builder.Services).Add(name ?? HostedObjective.NameOf<TObjective>(), new HostedObjective<TObjective>(objective));
        return builder;
    }

    private static HostedObjectives Registry(IServiceCollection services)
    {
        foreach (ServiceDescriptor d in services)
            if (d.ServiceType == typeof(HostedObjectives) && d.ImplementationInstance is HostedObjectives existing)
                return existing;
        var registry = new HostedObjectives();
        services.AddSingleton(registry);
        return registry;
    }
}
