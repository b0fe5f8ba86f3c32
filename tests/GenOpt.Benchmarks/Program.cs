using BenchmarkDotNet.Running;

namespace GenOpt.Benchmarks;

public static class Program
{
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --filter '*'    (BenchmarkDotNet)
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --quick [name]   (stopwatch, for quick comparisons)
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --quick LargeScale (stopwatch: sep-CMA-ES and LM-MA-ES, docs/cma-large-scale.md)
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --large-cma-counts [case ...] (their evaluation counts)
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --generator [name] (source generator time and output size)
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --corpus [all|name] (stopwatch: value and gradient over value, corpus objectives)
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --scale           (stopwatch: PSO/DA overhead at n = 10..1000, NetworkScale's networks)
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--quick")
        {
            QuickTiming.Run(args.Length > 1 ? args[1] : "");
            return;
        }
        if (args.Length > 0 && args[0] == "--large-cma-counts")
        {
            CmaEsLargeScaleCounts.Run(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == "--scale")
        {
            ScaleOverheadBenchmarks.Quick();
            NetworkScaleTiming.Run();
            return;
        }
        if (args.Length > 0 && args[0] == "--corpus")
        {
            CorpusGradientTiming.Run(args.Length > 1 ? args[1] : "");
            return;
        }
        if (args.Length > 0 && args[0] == "--generator")
        {
            GeneratorTiming.Run(args.Length > 1 ? args[1] : "");
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
