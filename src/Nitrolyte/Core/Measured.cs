namespace Nitrolyte.Core;

/// <summary>A value with its standard error (NaN when the method gives none).</summary>
public readonly record struct Measured(double Value, double StdErr)
{
    public static Measured Exact(double value) => new(value, double.NaN);
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
