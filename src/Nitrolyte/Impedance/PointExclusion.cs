using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

/// <summary>A frequency range [Low, High] in Hz; a null end is open.</summary>
public sealed record FrequencyRangeHz(double? LowHz, double? HighHz)
{
    public bool Contains(double f) => (LowHz is null || f >= LowHz) && (HighHz is null || f <= HighHz);
    public override string ToString() => $"{LowHz?.ToString("G4", CultureInfo.InvariantCulture) ?? ""}:{HighHz?.ToString("G4", CultureInfo.InvariantCulture) ?? ""}";
}

/// <summary>
/// Points left out of an analysis (ZView's "delete points", kept in the outputs and flagged): frequency ranges
/// ("0.01:0.1,1e6:" = 10 mHz to 100 mHz and everything from 1 MHz up) and point numbers (1-based, in the order of
/// the spectrum as read).
/// </summary>
public sealed class PointExclusion
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public IReadOnlyList<FrequencyRangeHz> Ranges { get; }
    public IReadOnlyList<int> Points { get; }

    public PointExclusion(IReadOnlyList<FrequencyRangeHz>? ranges = null, IReadOnlyList<int>? points = null)
    {
        Ranges = ranges ?? [];
        Points = points ?? [];
    }

    public bool IsEmpty => Ranges.Count == 0 && Points.Count == 0;

    /// <summary>Parses "lo:hi[,lo:hi...]" (either end may be empty) and "i[,j...]"; errors name the option.</summary>
    public static PointExclusion Parse(string? ranges, string? points, string rangeOption = "--exclude", string pointOption = "--exclude-points")
    {
        var rs = new List<FrequencyRangeHz>();
        if (!string.IsNullOrWhiteSpace(ranges))
            foreach (var part in ranges.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var lh = part.Split(':');
                if (lh.Length != 2) throw new NitrolyteInputException($"{rangeOption}: '{part}' is not a frequency range LOW:HIGH in Hz (either end may be left open, e.g. 0.01:0.1 or 1e6:)");
                double? Num(string t)
                {
                    if (t.Trim().Length == 0) return null;
                    if (!double.TryParse(t, NumberStyles.Float, Inv, out var v) || !(v >= 0) || !double.IsFinite(v))
                        throw new NitrolyteInputException($"{rangeOption}: '{t}' in '{part}' is not a frequency in Hz");
                    return v;
                }
                var lo = Num(lh[0]); var hi = Num(lh[1]);
                if (lo is null && hi is null) throw new NitrolyteInputException($"{rangeOption}: '{part}' excludes every frequency");
                if (lo is { } a && hi is { } b && a > b) throw new NitrolyteInputException($"{rangeOption}: in '{part}' the low end {a.ToString(Inv)} Hz is above the high end {b.ToString(Inv)} Hz");
                rs.Add(new FrequencyRangeHz(lo, hi));
            }
        var ps = new List<int>();
        if (!string.IsNullOrWhiteSpace(points))
            foreach (var part in points.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.Integer, Inv, out var i) || i < 1)
                    throw new NitrolyteInputException($"{pointOption}: '{part}' is not a point number (1 = the first point of the spectrum as read)");
                ps.Add(i);
            }
        return new PointExclusion(rs, ps.Distinct().Order().ToList());
    }

    /// <summary>True for each excluded point of <paramref name="s"/>; a point number beyond the spectrum is an error.</summary>
    public bool[] Mask(ImpedanceSpectrum s)
    {
        var m = new bool[s.Count];
        foreach (var i in Points)
        {
            if (i > s.Count) throw new NitrolyteInputException($"{s.SourceFile ?? "spectrum"}: point {i} cannot be excluded, the spectrum has {s.Count} points");
            m[i - 1] = true;
        }
        for (int i = 0; i < s.Count; i++)
            if (Ranges.Any(r => r.Contains(s.FrequenciesHz[i]))) m[i] = true;
        return m;
    }

    public string Describe() => string.Join("; ", new[]
    {
        Ranges.Count > 0 ? "frequencies " + string.Join(", ", Ranges.Select(r => r.ToString())) + " Hz" : null,
        Points.Count > 0 ? "points " + string.Join(",", Points) : null,
    }.Where(x => x is not null));
}

/// <summary>A spectrum as read, which of its points are excluded, and the points kept for the analysis.</summary>
public sealed record SpectrumSelection(ImpedanceSpectrum Original, bool[] Excluded, ImpedanceSpectrum Kept)
{
    public int[] KeptIndices => Enumerable.Range(0, Original.Count).Where(i => !Excluded[i]).ToArray();
    public int ExcludedCount => Excluded.Count(x => x);

    /// <summary>Applies an exclusion (and optional extra mask, e.g. an fmin/fmax window) to a spectrum.</summary>
    public static SpectrumSelection Make(ImpedanceSpectrum s, PointExclusion? exclusion, Func<int, bool>? alsoExclude = null)
    {
        var m = exclusion?.Mask(s) ?? new bool[s.Count];
        if (alsoExclude is not null) for (int i = 0; i < s.Count; i++) m[i] |= alsoExclude(i);
        var keep = Enumerable.Range(0, s.Count).Where(i => !m[i]).ToArray();
        if (keep.Length == 0) throw new NitrolyteInputException($"{s.SourceFile ?? "spectrum"}: every point is excluded");
        return new SpectrumSelection(s, m, keep.Length == s.Count ? s : s.Select(keep));
    }
}
