// DistributedTuning: fits a simulated oscillator with CMA-ES, its populations evaluated across an Orleans cluster of
// silo processes on this machine, with a checkpoint after every generation. See README.md ("Evaluating across an
// Orleans cluster") for the commands.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DistributedTuning;
using GenOpt;
using GenOpt.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

const int SiloPort = 11111, GatewayPort = 30000;
var x0 = new double[] { 1, 1, 1 };
var bounds = new Bounds([0.1, 0, 0], [5, 2, 3]);
var options = new CmaEsOptions { Seed = 7, Sigma0 = 0.5, MaxEvaluations = 420, TargetValue = 1e-12 };

switch (args.FirstOrDefault())
{
    case "silo":
        return await Silo(int.Parse(args[1]), args.Contains("--until-eof"));
    case "driver":
        return await Driver(Option("--silos", 3), OptionText("--checkpoint", "tuning.checkpoint"), args.Contains("--resume"));
    case "local":
    {
        using var cma = new CmaEs<OscillatorFit>(options);
        OptimizationResult r = cma.Minimize(x0, bounds, info => Console.WriteLine(Line(info)));
        return Report(r);
    }
    case "bench":
        return await Bench();
    default:
        Console.WriteLine("""
            usage: DistributedTuning silo <index> [--until-eof]
                                                       start silo <index> (0 first: the primary; ports 11111+i, 30000+i);
                                                       it stops on Ctrl+C or SIGTERM (kill), or with --until-eof when
                                                       its standard input ends
                   DistributedTuning driver [--silos N] [--checkpoint FILE] [--resume]
                                                       fit the oscillator on silos 0..N-1, checkpoint after every generation
                   DistributedTuning local             the same fit in this process (the same bits)
                   DistributedTuning bench             evaluations per second on 1, 2 and 3 silo processes
            """);
        return 0;
}

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

string OptionText(string name, string fallback) =>
    Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

static string Line(IterationInfo info) =>
    $"generation {info.Iteration,4}  evaluations {info.Evaluations,5}  best {info.BestValue,12:E4}  sigma {info.StepSize,10:E3}";

static int Report(OptimizationResult r)
{
    Console.WriteLine($"{r}");
    Console.WriteLine($"k, c, a = {string.Join(", ", r.Point.ToArray().Select(v => v.ToString("R")))} (truth {string.Join(", ", OscillatorFit.Truth)})");
    Console.WriteLine($"f bits = 0x{BitConverter.DoubleToInt64Bits(r.Value):X16}");
    return r.Value < 1e-6 ? 0 : 1;
}

// A silo: hosts the objectives; localhost clustering with silo 0 as the primary.
static async Task<int> Silo(int index, bool untilEndOfInput)
{
    HostApplicationBuilder builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Error);
    builder.UseOrleans(silo => silo
        .UseLocalhostClustering(SiloPort + index, GatewayPort + index, new IPEndPoint(IPAddress.Loopback, SiloPort))
        .AddGenOptObjective<OscillatorFit>()
        .AddGenOptObjective<Busy20ms>()
        .AddGenOptObjective<Sleep20ms>()
        .AddGenOptObjective<Trivial>());
    using IHost host = builder.Build();
    await host.StartAsync();
    Console.WriteLine($"silo {index} up (silo port {SiloPort + index}, gateway port {GatewayPort + index}); {(untilEndOfInput ? "end of input" : "Ctrl+C or kill")} stops it");
    // The host stops on Ctrl+C and SIGTERM. With --until-eof (how the benchmark runs its silo processes) it stops when
    // standard input closes too; not by default, since a silo started in the background (`&`) has no input to read:
    // it would stop at once, or be suspended by the terminal.
    if (untilEndOfInput)
    {
        _ = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        });
    }
    await host.WaitForShutdownAsync();
    return 0;
}

static async Task<IHost> Client(int silos)
{
    HostApplicationBuilder builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Error);
    builder.UseOrleansClient(client => client.UseLocalhostClustering(Enumerable.Range(GatewayPort, silos).ToArray()));
    IHost host = builder.Build();
    await host.StartAsync();
    return host;
}

// The driver: CMA-ES through MinimizeAsync's batch evaluator; after every generation a checkpoint (written to a
// temporary file, then moved over the old one), so that a driver started with --resume goes on where one stopped.
async Task<int> Driver(int silos, string checkpointPath, bool resume)
{
    using IHost client = await Client(silos);
    var evaluator = ClusterEvaluator.For<OscillatorFit>(client.Services.GetRequiredService<IClusterClient>());
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    using var cma = new CmaEs<OscillatorFit>(options);
    var clock = Stopwatch.StartNew();
    void Progress(IterationInfo info)
    {
        File.WriteAllBytes(checkpointPath + ".tmp", cma.SaveCheckpoint());
        File.Move(checkpointPath + ".tmp", checkpointPath, overwrite: true);
        string bySilo = string.Join(", ", evaluator.EvaluationsBySilo.OrderBy(p => p.Key).Select(p => $"{p.Key.Split(':')[1]}: {p.Value}"));
        Console.WriteLine($"{Line(info)}  {evaluator.Evaluations / clock.Elapsed.TotalSeconds,6:F1} evaluations/s  retries {evaluator.Retries}  [{bySilo}]");
    }
    OptimizationResult r;
    if (resume && File.Exists(checkpointPath))
    {
        cma.RestoreCheckpoint(File.ReadAllBytes(checkpointPath));
        Console.WriteLine($"resuming from {checkpointPath}");
        r = await cma.ResumeAsync(evaluator.EvaluateAsync, Progress, cancel.Token);
    }
    else
    {
        r = await cma.MinimizeAsync(x0, bounds, evaluator.EvaluateAsync, Progress, cancel.Token);
    }
    if (r.Status == TerminationReason.Cancelled)
    {
        Console.WriteLine(File.Exists(checkpointPath)
            ? $"cancelled; run the driver with --resume to go on from {checkpointPath}"
            : "cancelled before the first generation ended: no checkpoint yet");
        await client.StopAsync();
        return 2;
    }
    File.Delete(checkpointPath);
    await client.StopAsync();
    return Report(r);
}

// The benchmark: silo processes of this program on this machine; CMA-ES populations of 60 candidates, 12 slices.
static async Task<int> Bench()
{
    const int Population = 60, BusyGenerations = 4, SleepGenerations = 5, TrivialGenerations = 200;
    // Every run uses its whole budget of generations: the stopping tests that could end one early are off.
    var population = new CmaEsOptions { Seed = 1, PopulationSize = Population, TolFun = 0, TolX = 0, TolFunHist = 0, TolFlatFitness = 0 };
    Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
    Local<Busy20ms>(population with { MaxIterations = 1 });   // warm-up
    double busyLocal = Local<Busy20ms>(population with { MaxIterations = BusyGenerations });
    Local<Trivial>(population with { MaxIterations = 20 });
    double trivialLocal = Local<Trivial>(population with { MaxIterations = TrivialGenerations });
    Console.WriteLine($"in this process, one thread: CPU-bound 20 ms objective {1 / busyLocal,6:F1} evaluations/s; " +
        $"trivial objective with CMA-ES's own work {trivialLocal * 1e6,6:F2} µs per evaluation");
    for (int silos = 1; silos <= 3; silos++)
    {
        var processes = Enumerable.Range(0, silos).Select(StartSilo).ToArray();
        try
        {
            using IHost client = await Client(silos);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            await Run<Busy20ms>(grains, population with { MaxIterations = 1 });   // warm-up
            double busy = await Run<Busy20ms>(grains, population with { MaxIterations = BusyGenerations });
            await Run<Sleep20ms>(grains, population with { MaxIterations = 1 });
            double sleep = await Run<Sleep20ms>(grains, population with { MaxIterations = SleepGenerations });
            await Run<Trivial>(grains, population with { MaxIterations = 20 });
            double trivial = await Run<Trivial>(grains, population with { MaxIterations = TrivialGenerations });
            await client.StopAsync();
            Console.WriteLine($"{silos} silo(s): CPU-bound 20 ms objective {1 / busy,6:F1} evaluations/s; " +
                $"20 ms sleep objective {1 / sleep,6:F1} evaluations/s; " +
                $"distribution overhead {(trivial - trivialLocal) * 1e6,6:F1} µs per evaluation ({trivial * Population * 1e3:F2} ms per generation of {Population}); load average {LoadAverage()}");
        }
        finally
        {
            foreach (Process p in processes)
            {
                p.StandardInput.Close();
                if (!p.WaitForExit(10_000))
                    p.Kill(entireProcessTree: true);
                p.Dispose();
            }
        }
    }
    return 0;
}

// The one-minute load average (Linux), to tell a quiet machine from a shared one.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

static double Local<T>(CmaEsOptions options) where T : struct, IObjective
{
    using var cma = new CmaEs<T>(options);
    var clock = Stopwatch.StartNew();
    OptimizationResult r = cma.Minimize(new double[T.Dimension]);
    return clock.Elapsed.TotalSeconds / r.Evaluations;
}

static async Task<double> Run<T>(IClusterClient grains, CmaEsOptions options) where T : struct, IObjective
{
    using var cma = new CmaEs<T>(options);
    var evaluator = ClusterEvaluator.For<T>(grains);
    var clock = Stopwatch.StartNew();
    OptimizationResult r = await cma.MinimizeAsync(new double[T.Dimension], null, evaluator.EvaluateAsync);
    return clock.Elapsed.TotalSeconds / r.Evaluations;
}

static Process StartSilo(int index)
{
    string host = Environment.ProcessPath!;
    var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        start.ArgumentList.Add(typeof(OscillatorFit).Assembly.Location);
    start.ArgumentList.Add("silo");
    start.ArgumentList.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    start.ArgumentList.Add("--until-eof");
    Process process = Process.Start(start)!;
    while (process.StandardOutput.ReadLine() is string line)
        if (line.StartsWith("silo ", StringComparison.Ordinal))
            return process;
    throw new InvalidOperationException($"silo {index} did not start (exit code {(process.HasExited ? process.ExitCode : 0)}).");
}
