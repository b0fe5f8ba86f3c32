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

    [Fact]
    public void AssertNone_MeasuresAgainAfterANonZeroWindow_AndFailsOnlyWhenEveryWindowAllocates()
    {
        object? kept = null;
        int calls = 0;
        // Allocates in its first measured run only, as a retired allocation context charged to the thread reads.
        Action once = () => { if (calls++ == 0) kept = new double[10]; };
        Allocations.AssertNone("an action that allocates once", once);
        Assert.Equal(2, calls);

        calls = 0;
        Action always = () => { calls++; kept = new double[10]; };
        var e = Assert.ThrowsAny<Exception>(() => Allocations.AssertNone("an action that always allocates", always));
        Assert.Equal(Allocations.Windows, calls);
        Assert.Contains($"in {Allocations.Windows} runs", e.Message);
        GC.KeepAlive(kept);
    }
}
