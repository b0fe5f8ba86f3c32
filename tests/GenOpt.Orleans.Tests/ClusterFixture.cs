using System;
using System.Threading.Tasks;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace GenOpt.Orleans.Tests;

/// <summary>Hosts the test objectives in every silo.</summary>
public sealed class SiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder
        .AddGenOptObjective<Rastrigin10>()
        .AddGenOptObjective<SlowRastrigin10>()
        .AddGenOptObjective<ThrowingRastrigin10>()
        .AddGenOptObjective<VerySlow10>()
        .AddGenOptObjective<Blocking10>()
        .AddGenOptObjective<JitterRastrigin10>()
        .AddGenOptObjective<UlpBatchRastrigin10>()
        .AddGenOptObjective<ThrowingBatchRastrigin10>()
        .AddGenOptObjective<BatchOnlyThrows10>()
        .AddGenOptObjective<FirstOnlyBatch10>()
        .AddGenOptObjective(new TrackedSlowRastrigin10(siloBuilder.Configuration["Orleans:Name"] ?? "?"));
}

/// <summary>An in-process cluster of three silos.</summary>
public sealed class ThreeSilos : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public static async Task<TestCluster> StartAsync(short silos = 3)
    {
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task InitializeAsync() => Cluster = await StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
