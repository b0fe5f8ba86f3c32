using System;

namespace GenOpt;

/// <summary>The validation rules that every optimizer's options share (same exception, parameter name and message).</summary>
internal static class OptionChecks
{
    /// <summary>A count or limit that must be at least 1 (MaxIterations, MaxEvaluations, ...).</summary>
    public static void Positive(long value, string name)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }

    /// <summary>An optional count or limit (null = the method's default): when given, at least 1.</summary>
    public static void Positive(long? value, string name)
    {
        if (value is { } v)
            Positive(v, name);
    }

    /// <summary>A target value: any number or infinity, but not NaN.</summary>
    public static void NotNaN(double value, string name)
    {
        if (double.IsNaN(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be NaN.");
    }
}
