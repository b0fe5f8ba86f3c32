using System;

namespace GenOpt.Tests;

/// <summary>The allocation helper reports what the measured action allocates, and only that.</summary>
public class AllocationsTests
{
    [Fact]
    public void Measure_ReportsADeliberateAllocation()
    {
        object? kept = null;
        Action allocate = () => kept = new double[100];
        allocate(); // warm-up
        long bytes = Allocations.Measure(allocate);
        Assert.True(bytes >= 100 * sizeof(double), $"measured {bytes} bytes for an array of 100 doubles");
        GC.KeepAlive(kept);
    }

    [Fact]
    public void AssertNone_FailsOnADeliberateAllocation_NamingWhatAllocated()
    {
        object? kept = null;
        Action allocate = () => kept = new double[10];
        allocate();
        var e = Assert.ThrowsAny<Exception>(() => Allocations.AssertNone("the test action", allocate));
        Assert.Contains("the test action allocated", e.Message);
        GC.KeepAlive(kept);
    }

    [Fact]
    public void Measure_CountsNothingForAnActionThatDoesNotAllocate()
    {
        var values = new double[16];
        Action fill = () => { for (int i = 0; i < values.Length; i++) values[i] = i; };
        fill();
        Assert.Equal(0, Allocations.Measure(fill));
        Allocations.AssertNone("filling an array", fill);
    }
}
