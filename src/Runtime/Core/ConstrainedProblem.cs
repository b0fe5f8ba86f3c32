using System;

namespace GenOpt;

/// <summary>Helpers for implementations of <see cref="IConstrainedProblem"/> (used by generated problems).</summary>
public static class ConstrainedProblem
{
    /// <summary>
    /// Checks the span lengths of an <see cref="IConstrainedProblem.Constraints"/> call: <paramref name="x"/> has
    /// <c>Dimension</c> entries, <paramref name="equalities"/> <c>EqualityCount</c> and <paramref name="inequalities"/>
    /// <c>InequalityCount</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match; the message names the span.</exception>
    public static void CheckLengths<TProblem>(ReadOnlySpan<double> x, Span<double> equalities, Span<double> inequalities)
        where TProblem : IConstrainedProblem
    {
        if (x.Length != TProblem.Dimension)
            Throw(nameof(x), x.Length, TProblem.Dimension, "Dimension");
        if (equalities.Length != TProblem.EqualityCount)
            Throw(nameof(equalities), equalities.Length, TProblem.EqualityCount, "EqualityCount");
        if (inequalities.Length != TProblem.InequalityCount)
            Throw(nameof(inequalities), inequalities.Length, TProblem.InequalityCount, "InequalityCount");
    }

    private static void Throw(string name, int actual, int expected, string property) =>
        throw new ArgumentException($"Expected a span of length {expected} (the problem's {property}) but got {actual}.", name);
}
