using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CmaBbob;

namespace GenOpt.Tests;

/// <summary>
/// SaveCheckpoint / RestoreCheckpoint / Resume of CMA-ES and PSO: a run cut after any generation and continued in a fresh
/// instance gives the bits of the uninterrupted run; a bad checkpoint is refused with a message naming the problem.
/// </summary>
public class CheckpointTests
{
    private static readonly Bounds Box10 = Bounds.Uniform(10, -5.12, 5.12);
    private static readonly double[] X0 = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2];

    // IPOP with short runs: four runs (lambda 10, 20, 40, 80) of 30 generations each.
    private static readonly CmaEsOptions Ipop = new()
    {
        Seed = 23, Sigma0 = 2, Restarts = RestartStrategy.Ipop, MaxRestarts = 3, MaxIterations = 30,
    };

    // BIPOP draws from the generator when it restarts (the small runs' lambda and sigma0).
    private static readonly CmaEsOptions Bipop = new()
    {
        Seed = 41, Sigma0 = 2, Restarts = RestartStrategy.Bipop, MaxRestarts = 3, MaxIterations = 25,
    };

    private static readonly PsoOptions RandomTopology = new()
    {
        Seed = 31, SwarmSize = 24, Topology = PsoTopology.Random, InertiaSchedule = PsoInertiaSchedule.Linear, MaxIterations = 120,
    };

    private delegate TerminationReason TellStep(ReadOnlySpan<double> values);

    /// <summary>Runs <paramref name="generations"/> ask/tell generations of f = T (fewer if the run stops first).</summary>
    private static void Step<T>(Func<Population> ask, TellStep tell, Func<TerminationReason> status, int generations) where T : struct, IObjective
    {
        var values = new double[4096];
        for (int g = 0; g < generations && status() == TerminationReason.None; g++)
        {
            Population pop = ask();
            for (int k = 0; k < pop.Count; k++)
                values[k] = default(T).Value(pop[k]);
            tell(values.AsSpan(0, pop.Count));
        }
    }

    private static void Step<T>(CmaEs<T> cma, int generations) where T : struct, IObjective =>
        Step<T>(cma.Ask, cma.Tell, () => cma.Status, generations);

    private static void Step<T>(Pso<T> pso, int iterations) where T : struct, IObjective =>
        Step<T>(pso.Ask, pso.Tell, () => pso.Status, iterations);

    [Fact]
    public void Resume_WithAResultBuffer_AllocatesNothing()
    {
        using var cma = new CmaEs<Rastrigin<D10>>(Ipop) { ResultBuffer = new double[10] };
        cma.Initialize(X0, Box10);
        Step(cma, 40);
        byte[] cmaCheckpoint = cma.SaveCheckpoint();
        cma.RestoreCheckpoint(cmaCheckpoint);
        cma.Resume(); // warm-up
        // Restoring copies into the existing workspace (its reader allocates a few hundred bytes once per restore);
        // the resumed run's loop allocates nothing.
        Allocations.AssertNone("CmaEs.Resume", () => cma.Resume(), prepare: () => cma.RestoreCheckpoint(cmaCheckpoint));

        using var pso = new Pso<Rastrigin<D10>>(RandomTopology) { ResultBuffer = new double[10] };
        pso.Initialize(Box10);
        Step(pso, 50);
        byte[] psoCheckpoint = pso.SaveCheckpoint();
        pso.RestoreCheckpoint(psoCheckpoint);
        pso.Resume();
        Allocations.AssertNone("Pso.Resume", () => pso.Resume(), prepare: () => pso.RestoreCheckpoint(psoCheckpoint));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(30)]   // at the first restart
    [InlineData(61)]   // inside the third run
    [InlineData(110)]  // inside the last run
    public void CmaEs_Ipop_CutAfterAnyGeneration_FinishesWithTheBitsOfTheUninterruptedRun(int generations)
    {
        using var reference = new CmaEs<Rastrigin<D10>>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        Assert.Equal(3, direct.Restarts);

        using var first = new CmaEs<Rastrigin<D10>>(Ipop);
        first.Initialize(X0, Box10);
        Step(first, generations);
        byte[] checkpoint = first.SaveCheckpoint();

        // Another seed: the restored instance takes the saved one.
        using var second = new CmaEs<Rastrigin<D10>>(Ipop with { Seed = 999 });
        second.RestoreCheckpoint(checkpoint);
        Assert.Equal(23UL, second.Seed);
        SameBits.Assert(direct, second.Resume());
        // The instance that saved goes on unchanged by saving.
        SameBits.Assert(direct, first.Resume());
    }

    [Fact]
    public void CmaEs_RunsEndedByTheirOwnCriteria_CutJustBeforeEachEnd_FinishWithTheSameBits()
    {
        // No iteration limit: pycma's criteria (TolFun, TolFunHist, stagnation, flat fitness, ...) end every run, so
        // their histories must survive the checkpoint. Cut 1, 3 and 10 generations before each run ends.
        var options = new CmaEsOptions { Seed = 9, Restarts = RestartStrategy.Ipop, MaxRestarts = 2 };
        using var reference = new CmaEs<Rastrigin<D10>>(options);
        var runEnds = new System.Collections.Generic.List<long>();
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10, info =>
        {
            if (info.Restart > runEnds.Count)
                runEnds.Add(info.Iteration);
        }));
        runEnds.Add(direct.Iterations);
        Assert.Equal(3, runEnds.Count);
        Assert.NotEqual(TerminationReason.MaxIterations, direct.Status);

        foreach (long end in runEnds)
            foreach (int before in new[] { 1, 3, 10 })
                SameBits.Assert(direct, CutAndResume(default(Rastrigin<D10>), options, X0, (int)end - before, Box10));
    }

    [Fact]
    public void CmaEs_RunEndedByStagnation_CutJustBeforeItsEnd_FinishesWithTheSameBits()
    {
        // Run 0 of the Katsuura runs of the termination tests ends with Stagnation: its records must survive.
        var f = new Katsuura<Dim10>(1);
        double[] x0 = BbobInstance.StartPoint(10, 0);
        var options = new CmaEsOptions { Sigma0 = 2, Seed = 1, TargetValue = 1e-8 };
        using var reference = new CmaEs<Katsuura<Dim10>>(f, options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(x0));
        Assert.Equal(TerminationReason.Stagnation, direct.Status);
        for (int before = 1; before <= 15; before++)   // three records of every 5th generation
            SameBits.Assert(direct, CutAndResume(f, options, x0, (int)direct.Iterations - before));
    }

    /// <summary>f = 1 outside the unit disc, |x|^2 inside: from (10, 10) every generation is flat.</summary>
    private struct Plateau : IObjective
    {
        public static int Dimension => 2;

        public readonly double Value(ReadOnlySpan<double> x) => Math.Min(1, x[0] * x[0] + x[1] * x[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void CmaEs_RunEndedByFlatFitness_CutInTheFlatStretch_FinishesWithTheSameBits(int generations)
    {
        var options = new CmaEsOptions { Seed = 1, Sigma0 = 0.5, TolFlatFitness = 5 };
        double[] x0 = [10, 10];
        using var reference = new CmaEs<Plateau>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(x0));
        Assert.Equal(TerminationReason.FlatFitness, direct.Status);
        Assert.Equal(6, direct.Iterations);
        SameBits.Assert(direct, CutAndResume(default(Plateau), options, x0, generations));
    }

    /// <summary>Runs <paramref name="generations"/> generations, then finishes the run in a fresh instance from a checkpoint.</summary>
    private static OptimizationResult CutAndResume<T>(T objective, CmaEsOptions options, double[] x0, int generations, Bounds? bounds = null)
        where T : struct, IObjective
    {
        using var first = new CmaEs<T>(objective, options);
        first.Initialize(x0, bounds);
        var values = new double[4096];
        for (int g = 0; g < generations && first.Status == TerminationReason.None; g++)
        {
            Population pop = first.Ask();
            for (int k = 0; k < pop.Count; k++)
                values[k] = objective.Value(pop[k]);
            first.Tell(values.AsSpan(0, pop.Count));
        }
        using var second = new CmaEs<T>(objective, options);
        second.RestoreCheckpoint(first.SaveCheckpoint());
        return SameBits.Own(second.Resume());
    }


    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(45)]
    [InlineData(100)]
    public void RestoredState_SavesTheSameBytes(int generations)
    {
        // Every field written is read back into the same place.
        using var cma = new CmaEs<Rastrigin<D10>>(Ipop);
        cma.Initialize(X0, Box10);
        Step(cma, generations);
        byte[] bytes = cma.SaveCheckpoint();
        using var cmaCopy = new CmaEs<Rastrigin<D10>>(Ipop);
        cmaCopy.RestoreCheckpoint(bytes);
        Assert.Equal(bytes, cmaCopy.SaveCheckpoint());

        using var pso = new Pso<Rastrigin<D10>>(RandomTopology);
        pso.Initialize(X0, Box10);
        Step(pso, generations);
        bytes = pso.SaveCheckpoint();
        using var psoCopy = new Pso<Rastrigin<D10>>(RandomTopology);
        psoCopy.RestoreCheckpoint(bytes);
        Assert.Equal(bytes, psoCopy.SaveCheckpoint());
    }

    [Theory]
    [InlineData(12)]
    [InlineData(40)]
    [InlineData(75)]
    public void CmaEs_Bipop_ThroughAStream_FinishesWithTheBitsOfTheUninterruptedRun(int generations)
    {
        using var reference = new CmaEs<Rastrigin<D10>>(Bipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        Assert.True(direct.Restarts > 3, "BIPOP made small runs between the large ones"); // small runs do not count against MaxRestarts

        using var first = new CmaEs<Rastrigin<D10>>(Bipop);
        first.Initialize(X0, Box10);
        Step(first, generations);
        using var stream = new MemoryStream();
        first.SaveCheckpoint(stream);
        stream.WriteByte(0x5A); // what follows a checkpoint in the stream is not read
        stream.Position = 0;

        using var second = new CmaEs<Rastrigin<D10>>(Bipop with { Threads = 3 });
        second.RestoreCheckpoint(stream);
        Assert.Equal(stream.Length - 1, stream.Position);
        SameBits.Assert(direct, second.Resume());
    }

    [Fact]
    public void CmaEs_CutBetweenAskAndTell_AsksTheSameCandidatesAndFinishesAlike()
    {
        using var reference = new CmaEs<Rastrigin<D10>>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));

        using var first = new CmaEs<Rastrigin<D10>>(Ipop);
        first.Initialize(X0, Box10);
        Step(first, 33);
        double[] asked = first.Ask().AsSpan().ToArray();
        byte[] checkpoint = first.SaveCheckpoint();

        using var second = new CmaEs<Rastrigin<D10>>(Ipop);
        second.RestoreCheckpoint(checkpoint);
        Assert.Equal(asked, second.Ask().AsSpan().ToArray());
        SameBits.Assert(direct, second.Resume());
    }

    [Fact]
    public async Task CmaEs_CheckpointFromTheProgressOfMinimizeAsync_ResumeAsyncFinishesWithTheSameBits()
    {
        using var reference = new CmaEs<Rastrigin<D10>>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));

        ValueTask Batch(Population pop, Memory<double> values, CancellationToken ct)
        {
            for (int k = 0; k < pop.Count; k++)
                values.Span[k] = default(Rastrigin<D10>).Value(pop[k]);
            return ValueTask.CompletedTask;
        }

        using var first = new CmaEs<Rastrigin<D10>>(Ipop);
        byte[]? saved = null;
        using var cancel = new CancellationTokenSource();
        OptimizationResult cut = await first.MinimizeAsync(X0, Box10, Batch, info =>
        {
            if (info.Iteration == 47)
            {
                saved = first.SaveCheckpoint(); // the run is paused at its report: allowed
                cancel.Cancel();               // the driving process "dies" here
            }
        }, cancel.Token);
        Assert.Equal(TerminationReason.Cancelled, cut.Status);
        Assert.Equal(47, cut.Iterations);
        Assert.NotNull(saved);

        using var second = new CmaEs<Rastrigin<D10>>(Ipop);
        second.RestoreCheckpoint(saved);
        long reports = 0;
        OptimizationResult resumed = await second.ResumeAsync(Batch, info => reports++);
        SameBits.Assert(direct, resumed);
        Assert.Equal(direct.Iterations - 47, reports);
    }

    [Fact]
    public void CmaEs_CheckpointFromTheObserverOfMinimize_ResumesWithTheSameBits()
    {
        using var reference = new CmaEs<Rastrigin<D10>>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));

        using var first = new CmaEs<Rastrigin<D10>>(Ipop);
        byte[]? saved = null;
        OptimizationResult full = SameBits.Own(first.Minimize(X0, Box10, info =>
        {
            if (info.Iteration == 64)
                saved = first.SaveCheckpoint();
        }));
        SameBits.Assert(direct, full);

        using var second = new CmaEs<Rastrigin<D10>>(Ipop);
        second.RestoreCheckpoint(saved);
        SameBits.Assert(direct, second.Resume());
    }

    [Fact]
    public async Task CmaEs_SaveCheckpointWhileAGenerationIsBeingEvaluated_Throws()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 3 });
        InvalidOperationException? refused = null;
        await cma.MinimizeAsync(X0, null, (x, ct) =>
        {
            refused ??= Assert.Throws<InvalidOperationException>(() => cma.SaveCheckpoint());
            return new ValueTask<double>(default(Sphere<D10>).Value(x.Span));
        });
        Assert.NotNull(refused);
        Assert.Contains("SaveCheckpoint", refused.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(119)]
    public void Pso_RandomTopology_CutAfterAnyIteration_FinishesWithTheBitsOfTheUninterruptedRun(int iterations)
    {
        using var reference = new Pso<Rastrigin<D10>>(RandomTopology);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        Assert.Equal(120, direct.Iterations);

        using var first = new Pso<Rastrigin<D10>>(RandomTopology);
        first.Initialize(X0, Box10);
        Step(first, iterations);
        byte[] checkpoint = first.SaveCheckpoint();

        using var second = new Pso<Rastrigin<D10>>(RandomTopology with { Seed = null, Threads = 2 });
        second.RestoreCheckpoint(checkpoint);
        Assert.Equal(31UL, second.Seed);
        SameBits.Assert(direct, second.Resume());
    }

    [Fact]
    public async Task Pso_CheckpointFromTheProgressOfMinimizeAsync_ResumeAsyncFinishesWithTheSameBits()
    {
        var options = RandomTopology with { MaxIterations = null, MaxEvaluations = 1000 }; // the last iteration asks for 16 of 24
        using var reference = new Pso<Rastrigin<D10>>(options);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        Assert.Equal(1000, direct.Evaluations);

        Func<ReadOnlyMemory<double>, CancellationToken, ValueTask<double>> evaluate = async (x, ct) =>
        {
            await Task.Yield();
            return default(Rastrigin<D10>).Value(x.Span);
        };
        using var first = new Pso<Rastrigin<D10>>(options);
        byte[]? saved = null;
        await first.MinimizeAsync(X0, Box10, evaluate, info =>
        {
            if (info.Iteration == 20)
                saved = first.SaveCheckpoint();
        });
        using var second = new Pso<Rastrigin<D10>>(options);
        second.RestoreCheckpoint(saved);
        SameBits.Assert(direct, await second.ResumeAsync(evaluate));
    }

    // ---- Refused checkpoints ------------------------------------------------------------------------

    private static byte[] CmaCheckpoint()
    {
        using var cma = new CmaEs<Rastrigin<D10>>(Ipop);
        cma.Initialize(X0, Box10);
        Step(cma, 5);
        return cma.SaveCheckpoint();
    }

    /// <summary>Rewrites the checksum after a deliberate change to the header, so that the header check is what fails.</summary>
    private static byte[] Resealed(byte[] bytes)
    {
        int end = bytes.Length - 8;
        ulong hash = 0xCBF29CE484222325UL;
        for (int i = 0; i < end; i++)
            hash = (hash ^ bytes[i]) * 0x100000001B3UL;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(end), hash);
        return bytes;
    }

    private static InvalidDataException Refused(byte[] checkpoint, CmaEsOptions? options = null)
    {
        using var cma = new CmaEs<Rastrigin<D10>>(options ?? Ipop);
        return Assert.Throws<InvalidDataException>(() => cma.RestoreCheckpoint(checkpoint));
    }

    [Fact]
    public void CorruptCheckpoint_IsRefused_NamingTheChecksum()
    {
        byte[] bytes = CmaCheckpoint();
        bytes[bytes.Length / 2] ^= 0x10;
        Assert.Contains("checksum", Refused(bytes).Message);
    }

    [Fact]
    public void TruncatedCheckpoint_IsRefused()
    {
        byte[] bytes = CmaCheckpoint();
        Assert.Contains("truncated", Refused(bytes[..^9]).Message);
        Assert.Contains("truncated", Refused(bytes[..10]).Message);
        using var cma = new CmaEs<Rastrigin<D10>>(Ipop);
        var e = Assert.Throws<InvalidDataException>(() => cma.RestoreCheckpoint(new MemoryStream(bytes[..^1])));
        Assert.Contains("truncated", e.Message);
    }

    /// <summary>A stream that reads from another and cannot seek (a pipe, a socket).</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void StreamWhoseHeaderAnnouncesAHugeState_IsRefusedAsTruncated_WithoutAllocatingThatState()
    {
        // A corrupt length field of 2 GB in a stream of a few bytes: the reader takes what the stream holds, not what
        // the header announces.
        byte[] bytes = CmaCheckpoint();
        byte[] corrupt = bytes[..64];
        BinaryPrimitives.WriteInt32LittleEndian(corrupt.AsSpan(20), int.MaxValue - 200);
        using var cma = new CmaEs<Rastrigin<D10>>(Ipop);
        foreach (bool seekable in new[] { true, false })
        {
            Stream stream = seekable ? new MemoryStream(corrupt) : new ForwardOnlyStream(new MemoryStream(corrupt));
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<InvalidDataException>(() => cma.RestoreCheckpoint(stream));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains("truncated", e.Message);
            Assert.True(allocated < 1 << 20, $"seekable {seekable}: {allocated} bytes allocated to read a 64-byte stream");
        }
        // Whole checkpoints still come through both kinds of stream.
        using var viaPipe = new CmaEs<Rastrigin<D10>>(Ipop);
        viaPipe.RestoreCheckpoint(new ForwardOnlyStream(new MemoryStream(bytes)));
        Assert.Equal(bytes, viaPipe.SaveCheckpoint());
    }

    [Fact]
    public void NotACheckpoint_IsRefused()
    {
        Assert.Contains("not a GenOpt checkpoint", Refused(new byte[64]).Message);
    }

    [Fact]
    public void OtherFormatVersion_IsRefused()
    {
        byte[] bytes = CmaCheckpoint();
        bytes[4] = 99;
        Assert.Contains("format version 99", Refused(Resealed(bytes)).Message);
    }

    [Fact]
    public void CheckpointOfAnotherOptimizer_IsRefused()
    {
        using var pso = new Pso<Rastrigin<D10>>(RandomTopology);
        pso.Initialize(Box10);
        Assert.Contains("saved by Pso, not CmaEs", Refused(pso.SaveCheckpoint()).Message);
    }

    [Fact]
    public void CheckpointOfAnotherDimension_IsRefused()
    {
        using var other = new CmaEs<Rastrigin<D2>>(Ipop);
        other.Initialize([1, 1]);
        var e = Assert.Throws<InvalidDataException>(() => new CmaEs<Rastrigin<D10>>(Ipop).RestoreCheckpoint(other.SaveCheckpoint()));
        Assert.Contains("dimension 2", e.Message);
    }

    [Fact]
    public void CheckpointWithOtherOptions_IsRefused_AndLeavesTheInstanceAsItWas()
    {
        byte[] bytes = CmaCheckpoint();
        Assert.Contains("other options", Refused(bytes, Ipop with { Sigma0 = 1 }).Message);
        Assert.Contains("other options", Refused(bytes, Ipop with { Restarts = RestartStrategy.Bipop }).Message);

        // A refused checkpoint changes nothing: the instance finishes its own run with the uninterrupted bits.
        using var reference = new CmaEs<Rastrigin<D10>>(Ipop);
        OptimizationResult direct = SameBits.Own(reference.Minimize(X0, Box10));
        using var cma = new CmaEs<Rastrigin<D10>>(Ipop);
        cma.Initialize(X0, Box10);
        Step(cma, 9);
        byte[] corrupt = (byte[])bytes.Clone();
        corrupt[30] ^= 1;
        Assert.Throws<InvalidDataException>(() => cma.RestoreCheckpoint(corrupt));
        SameBits.Assert(direct, cma.Resume());
    }

    /// <summary>A CMA-ES checkpoint whose payload <paramref name="change"/> rewrote, with its length and checksum made to fit again.</summary>
    private static byte[] WithPayload(Func<byte[], byte[]> change)
    {
        byte[] bytes = CmaCheckpoint();
        byte[] payload = change(bytes[24..^8]);
        byte[] result = new byte[24 + payload.Length + 8];
        bytes.AsSpan(0, 24).CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(20), payload.Length);
        payload.CopyTo(result, 24);
        return Resealed(result);
    }

    // Payload of a 10-D CMA-ES checkpoint: the covariance model's block (model 4 bytes, then the diagonal of C and the
    // limited-memory paths, 4 + 0 each with the full model), seed (8), random state (32), starting point (4 + 80),
    // bounded flag (1), ...
    [Theory]
    [InlineData("random", "random generator state is all zero")]
    [InlineData("length", "starting point has 9 entries where this optimizer has 10")]
    [InlineData("flag", "has 2 where a flag (0 or 1) belongs")]
    [InlineData("short", "ends early")]
    [InlineData("long", "3 bytes more than this optimizer's layout")]
    public void CheckpointWhoseStateDoesNotFit_IsRefused_AndLeavesTheInstanceUninitialized(string change, string message)
    {
        byte[] bytes = WithPayload(p =>
        {
            switch (change)
            {
                case "random": Array.Clear(p, 12 + 8, 32); return p;
                case "length": p[12 + 40] = 9; return p;
                case "flag": p[12 + 124] = 2; return p;
                case "short": return p[..^5];
                default: return [.. p, 1, 2, 3];
            }
        });
        using var cma = new CmaEs<Rastrigin<D10>>(Ipop);
        cma.Initialize(X0, Box10);
        var e = Assert.Throws<InvalidDataException>(() => cma.RestoreCheckpoint(bytes));
        Assert.Contains(message, e.Message);
        Assert.Contains("Nothing to resume", Assert.Throws<InvalidOperationException>(() => cma.Resume()).Message);
        Assert.Contains("Nothing to save", Assert.Throws<InvalidOperationException>(() => cma.SaveCheckpoint()).Message);
    }

    [Fact]
    public void CheckpointWithAnOutOfRangeField_IsRefused_NamingTheField()
    {
        // The last two fields of PSO's state are its status and the number of particles asked for (an int each).
        using var pso = new Pso<Rastrigin<D10>>(RandomTopology);
        pso.Initialize(Box10);
        Step(pso, 3);
        byte[] bytes = pso.SaveCheckpoint();
        int asked = bytes.Length - 8 - 4, status = asked - 4;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(status), 1000);
        using var same = new Pso<Rastrigin<D10>>(RandomTopology);
        Assert.Contains("status 1000 is not a termination reason", Assert.Throws<InvalidDataException>(() => same.RestoreCheckpoint(Resealed(bytes))).Message);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(status), 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(asked), 25);
        Assert.Contains("particles asked for is 25, outside [0, 24]", Assert.Throws<InvalidDataException>(() => same.RestoreCheckpoint(Resealed(bytes))).Message);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(asked), 0);
        same.RestoreCheckpoint(Resealed(bytes));   // the original fields again: taken
        Assert.Equal(bytes, same.SaveCheckpoint());
    }

    /// <summary>The offset of the first coordinate of the lower bounds -5.12 (x10) in a checkpoint of a run in <see cref="Box10"/>.</summary>
    private static int LowerBoundsOffset(byte[] bytes)
    {
        var pattern = new byte[4 + 80];
        BinaryPrimitives.WriteInt32LittleEndian(pattern, 10);
        for (int i = 0; i < 10; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(pattern.AsSpan(4 + 8 * i), -5.12);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at > 0 && bytes.AsSpan(at + 1).IndexOf(pattern) < 0, "one array of lower bounds");
        return at + 4;
    }

    [Theory]
    [InlineData(10.0, "CmaEs")]          // lower > upper
    [InlineData(double.NaN, "CmaEs")]
    [InlineData(10.0, "Pso")]
    [InlineData(double.NegativeInfinity, "Pso")]   // PSO needs a finite box
    public void CheckpointWithBoundsThatAreNotABox_IsRefused_EvenWithAFittingChecksum(double lower0, string optimizer)
    {
        byte[] bytes;
        if (optimizer == "CmaEs")
            bytes = CmaCheckpoint();
        else
        {
            using var pso = new Pso<Rastrigin<D10>>(RandomTopology);
            pso.Initialize(Box10);
            Step(pso, 3);
            bytes = pso.SaveCheckpoint();
        }
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(LowerBoundsOffset(bytes)), lower0);
        Resealed(bytes);
        Exception? e = optimizer == "CmaEs"
            ? Record.Exception(() => new CmaEs<Rastrigin<D10>>(Ipop).RestoreCheckpoint(bytes))
            : Record.Exception(() => new Pso<Rastrigin<D10>>(RandomTopology).RestoreCheckpoint(bytes));
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains("bounds of coordinate 0", e.Message);
    }

    [Fact]
    public void PsoCheckpoint_IsCheckedToo()
    {
        using var pso = new Pso<Rastrigin<D10>>(RandomTopology);
        pso.Initialize(Box10);
        Step(pso, 3);
        byte[] bytes = pso.SaveCheckpoint();
        using var other = new Pso<Rastrigin<D10>>(RandomTopology with { SwarmSize = 25 });
        Assert.Contains("other options", Assert.Throws<InvalidDataException>(() => other.RestoreCheckpoint(bytes)).Message);
        bytes[^1] ^= 0x80;
        using var same = new Pso<Rastrigin<D10>>(RandomTopology);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => same.RestoreCheckpoint(bytes)).Message);
    }

    [Fact]
    public void NothingToSaveOrResume_Throws()
    {
        using var cma = new CmaEs<Sphere<D10>>(new CmaEsOptions { Seed = 1, MaxIterations = 2 });
        Assert.Contains("Nothing to save", Assert.Throws<InvalidOperationException>(() => cma.SaveCheckpoint()).Message);
        Assert.Contains("Nothing to resume", Assert.Throws<InvalidOperationException>(() => cma.Resume()).Message);
        cma.Minimize(X0);
        Assert.Contains("has stopped", Assert.Throws<InvalidOperationException>(() => cma.Resume()).Message);
        using var pso = new Pso<Sphere<D10>>();
        Assert.Contains("Nothing to save", Assert.Throws<InvalidOperationException>(() => pso.SaveCheckpoint()).Message);
        Assert.Contains("Nothing to resume", Assert.Throws<InvalidOperationException>(() => { _ = pso.ResumeAsync((x, ct) => ValueTask.FromResult(0.0)); }).Message); // thrown at once
    }
}
