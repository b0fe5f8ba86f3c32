using BenchmarkDotNet.Running;

namespace GenOpt.Benchmarks;

public static class Program
{
    // dotnet run -c Release --project tests/GenOpt.Benchmarks -- --filter '*'
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--quick")
        {
            QuickTiming.Run();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
