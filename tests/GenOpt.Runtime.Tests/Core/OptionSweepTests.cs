using System;
using System.Collections.Generic;
using System.Reflection;

namespace GenOpt.Tests;

/// <summary>
/// Every numeric option of every optimizer, set to an extreme value (int/long MaxValue and MinValue, 0, -1, NaN, ±infinity,
/// double.MaxValue, double.Epsilon, ...), either is accepted by the constructor or is rejected with an
/// ArgumentOutOfRangeException whose ParamName is that option: never another exception (OutOfMemoryException,
/// OverflowException, a ParamName "options") and never a large allocation first.
/// </summary>
public class OptionSweepTests
{
    private static readonly Dictionary<Type, Func<object, object>> Constructors = new()
    {
        [typeof(CmaEsOptions)] = o => new CmaEs<Sphere<D10>>((CmaEsOptions)o),
        [typeof(PsoOptions)] = o => new Pso<Sphere<D10>>((PsoOptions)o),
        [typeof(DualAnnealingOptions)] = o => new DualAnnealing<AnalyticRosenbrock<D10>>((DualAnnealingOptions)o),
        [typeof(LbfgsbOptions)] = o => new Lbfgsb<AnalyticRosenbrock<D10>>((LbfgsbOptions)o),
        [typeof(SlsqpOptions)] = o => new Slsqp<Generated.Hs71.Problem>((SlsqpOptions)o),
        [typeof(SimulatedAnnealingOptions)] = o => new SimulatedAnnealing<int[], ScaledWalk>(new ScaledWalk { Scale = 1, Top = 10 }, (SimulatedAnnealingOptions)o),
    };

    private static readonly object[] IntValues = [int.MaxValue, int.MinValue, 0, -1, 1, 1000];
    private static readonly object[] LongValues = [long.MaxValue, long.MinValue, 0L, -1L, 1L, (long)int.MaxValue];
    private static readonly object[] DoubleValues =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.MaxValue,
        0.0, -0.0, -1.0, 1.0, double.Epsilon, (double)int.MaxValue, 1e300, 1e-300,
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (Type type in Constructors.Keys)
            foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!p.CanWrite) continue;
                foreach (object value in ValuesFor(p.PropertyType))
                    data.Add(type.Name, p.Name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
            }
        return data;
    }

    private static object[] ValuesFor(Type t)
    {
        Type u = Nullable.GetUnderlyingType(t) ?? t;
        if (u == typeof(int)) return IntValues;
        if (u == typeof(long)) return LongValues;
        if (u == typeof(double)) return DoubleValues;
        return [];
    }

    private static object Parse(Type t, string text)
    {
        Type u = Nullable.GetUnderlyingType(t) ?? t;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (u == typeof(int)) return int.Parse(text, c);
        if (u == typeof(long)) return long.Parse(text, c);
        return double.Parse(text, c);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExtremeOption_IsAcceptedOrRejectedByName(string typeName, string option, string value)
    {
        Type type = typeof(CmaEsOptions).Assembly.GetType("GenOpt." + typeName)!;
        object options = Activator.CreateInstance(type)!;
        PropertyInfo p = type.GetProperty(option)!;
        p.SetValue(options, Parse(p.PropertyType, value));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? e = Record.Exception(() =>
        {
            object optimizer = Constructors[type](options);
            (optimizer as IDisposable)?.Dispose();
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L << 20, $"{typeName}.{option} = {value}: the constructor allocated {allocated} bytes");
        if (e is null)
            return;
        var range = Assert.IsType<ArgumentOutOfRangeException>(e);
        // A rule that relates two options (CMA-ES: Sigma0 > TolX) names the option its check is attached to and
        // states the swept one in its message; every other rejection names the swept option itself.
        if (range.ParamName != option)
            Assert.Contains((typeName, option, range.ParamName), CrossOptionRules);
        Assert.Contains(option, range.Message);
    }

    private static readonly (string Type, string Option, string? ParamName)[] CrossOptionRules =
    [
        ("CmaEsOptions", "TolX", "Sigma0"),
    ];

    public static TheoryData<object, string> KnownBadOptions => new()
    {
        { new SimulatedAnnealingOptions { TemperatureSamples = int.MaxValue }, "TemperatureSamples" },
        { new SimulatedAnnealingOptions { TemperatureSamples = SimulatedAnnealingOptions.MaxTemperatureSamples + 1 }, "TemperatureSamples" },
        { new SimulatedAnnealingOptions { StartTemperature = double.Epsilon }, "StartTemperature" },
        { new CmaEsOptions { PopulationSize = int.MaxValue }, "PopulationSize" },
        { new CmaEsOptions { PopulationSize = int.MaxValue, Restarts = RestartStrategy.Ipop }, "PopulationSize" },
        { new CmaEsOptions { PopulationSize = 1 << 23 }, "PopulationSize" },                 // 2^23 x 10 > 2^26
        { new CmaEsOptions { Restarts = RestartStrategy.Ipop, MaxRestarts = 16, PopulationGrowth = 16 }, "MaxRestarts" },
        { new CmaEsOptions { TolFun = double.PositiveInfinity }, "TolFun" },
        { new CmaEsOptions { TolX = double.PositiveInfinity }, "TolX" },
        { new PsoOptions { SwarmSize = int.MaxValue }, "SwarmSize" },
        { new PsoOptions { FTol = double.PositiveInfinity }, "FTol" },
    };

    [Theory]
    [MemberData(nameof(KnownBadOptions))]
    public void KnownBadOptions_AreRejectedByName(object options, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Constructors[options.GetType()](options));
        Assert.Equal(name, e.ParamName);
    }

    public static TheoryData<object> LargeButSaneOptions => new()
    {
        new SimulatedAnnealingOptions { TemperatureSamples = 1 << 20 },
        new CmaEsOptions { PopulationSize = 100_000 },
        new CmaEsOptions { PopulationSize = 1000, Restarts = RestartStrategy.Ipop, MaxRestarts = 9 },
        new PsoOptions { SwarmSize = 100_000 },
    };

    [Theory]
    [MemberData(nameof(LargeButSaneOptions))]
    public void LargeButSaneOptions_AreAccepted(object options)
    {
        object optimizer = Constructors[options.GetType()](options);
        (optimizer as IDisposable)?.Dispose();
    }
}
