using System;

namespace Corpus;

/// <summary>
/// Deterministic data for the corpus objectives: a 64-bit linear congruential generator (Knuth's MMIX constants), so
/// the same numbers come out on every platform and runtime.
/// </summary>
public static class CorpusData
{
    /// <summary><paramref name="count"/> numbers uniform in [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    public static double[] Uniform(int count, ulong seed, double lo, double hi)
    {
        var values = new double[count];
        ulong state = seed * 2862933555777941757UL + 3037000493UL;
        for (int i = 0; i < count; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            values[i] = lo + (hi - lo) * ((state >> 11) * (1.0 / 9007199254740992.0));
        }
        return values;
    }

    /// <summary>Labels 0 or 1 from the sign of a fixed linear function of each row of <paramref name="features"/>, with some flipped.</summary>
    public static double[] Labels(double[] features, int columns, ulong seed)
    {
        int rows = features.Length / columns;
        double[] noise = Uniform(rows, seed, 0, 1);
        var labels = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double z = 0.3;
            for (int j = 0; j < columns; j++)
                z += (j % 2 == 0 ? 1.5 : -1.0) * features[i * columns + j];
            bool positive = z > 0;
            labels[i] = positive != (noise[i] < 0.15) ? 1 : 0;
        }
        return labels;
    }

    /// <summary>Class indices 0..<paramref name="classes"/>-1 for each row of <paramref name="features"/>.</summary>
    public static int[] Classes(double[] features, int columns, int classes)
    {
        int rows = features.Length / columns;
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            double z = 0;
            for (int j = 0; j < columns; j++)
                z += (j + 1) * features[i * columns + j];
            labels[i] = (int)Math.Abs(Math.Floor(3 * z)) % classes;
        }
        return labels;
    }
}
