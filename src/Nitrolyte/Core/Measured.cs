namespace Nitrolyte.Core;

/// <summary>A value with its standard error (NaN when the method gives none).</summary>
public readonly record struct Measured(double Value, double StdErr)
{
    public static Measured Exact(double value) => new(value, double.NaN);

    /// <summary>How many standard errors the value lies above <paramref name="threshold"/> (negative: below); null without a
    /// finite, positive standard error. In log10 space when <paramref name="logarithmic"/> (a conductivity whose error is
    /// relative): (log10 v − log10 t) / (SE / (v ln 10)).</summary>
    public double? StandardErrorsAbove(double threshold, bool logarithmic = false)
    {
        if (!(StdErr > 0) || !double.IsFinite(StdErr) || !double.IsFinite(Value)) return null;
        if (!logarithmic) return (Value - threshold) / StdErr;
        if (!(Value > 0) || !(threshold > 0)) return null;
        return (Math.Log10(Value) - Math.Log10(threshold)) / (StdErr / (Value * Math.Log(10)));
    }
    public override string ToString() => double.IsNaN(StdErr) ? Value.ToString("G6") : $"{Value:G6} ± {StdErr:G3}";
}

/// <summary>Where a result came from: the inputs and options that reproduce it.</summary>
public sealed record Provenance(string Analysis, IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> InputFiles)
{
    public static Provenance Of(string analysis, IReadOnlyList<string>? files = null, params (string Key, object? Value)[] options) =>
        new(analysis,
            options.ToDictionary(o => o.Key, o => Convert.ToString(o.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            files ?? []);
}
