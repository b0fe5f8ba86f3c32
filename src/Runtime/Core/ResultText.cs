using System;
using System.Globalization;
using System.Text;

namespace GenOpt;

/// <summary>The one-line text of every result type's <c>ToString</c>.</summary>
internal static class ResultText
{
    /// <summary>Coordinates printed before the point is abbreviated.</summary>
    private const int PointCoordinates = 6;

    /// <summary>
    /// <c>"Converged (FunctionTolerance): f = 1.2e-10 at [0.1, 0.2, … 8 more], 1234 evaluations, 56 iterations, 3.2 ms"</c>;
    /// <paramref name="point"/> may be empty (annealing: the best state is the caller's), <paramref name="extra"/> is
    /// appended when not null.
    /// </summary>
    public static string Format(TerminationReason status, double value, ReadOnlySpan<double> point, long evaluations,
        long iterations, TimeSpan elapsed, int restarts, string? extra)
    {
        var text = new StringBuilder();
        text.Append(status.IsConverged() ? "Converged" : status == TerminationReason.ScheduleCompleted ? "Finished" : "Stopped");
        text.Append(" (").Append(status.ToString()).Append("): f = ").Append(value.ToString("G10", CultureInfo.InvariantCulture));
        if (point.Length > 0)
        {
            text.Append(" at [");
            int shown = Math.Min(point.Length, PointCoordinates);
            for (int i = 0; i < shown; i++)
            {
                if (i > 0) text.Append(", ");
                text.Append(point[i].ToString("G6", CultureInfo.InvariantCulture));
            }
            if (shown < point.Length)
                text.Append(", … ").Append((point.Length - shown).ToString(CultureInfo.InvariantCulture)).Append(" more");
            text.Append(']');
        }
        text.Append(", ").Append(evaluations.ToString(CultureInfo.InvariantCulture)).Append(" evaluations, ")
            .Append(iterations.ToString(CultureInfo.InvariantCulture)).Append(" iterations");
        if (restarts > 0)
            text.Append(", ").Append(restarts.ToString(CultureInfo.InvariantCulture)).Append(restarts == 1 ? " restart" : " restarts");
        if (extra is not null)
            text.Append(", ").Append(extra);
        text.Append(", ").Append(FormatElapsed(elapsed));
        return text.ToString();
    }

    private static string FormatElapsed(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1
            ? elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : elapsed.TotalMilliseconds >= 1
                ? elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms"
                : (elapsed.Ticks / 10.0).ToString("0.#", CultureInfo.InvariantCulture) + " µs";
}
