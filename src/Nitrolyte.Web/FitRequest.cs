using System.Globalization;
using System.Text.Json.Serialization;
using Nitrolyte.Impedance;

namespace Nitrolyte.Web;

/// <summary>Pellet geometry from the page or the manifest (mm, cm²).</summary>
public sealed class GeometryDto
{
    [JsonPropertyName("thickness_mm")] public double? ThicknessMm { get; set; }
    [JsonPropertyName("diameter_mm")] public double? DiameterMm { get; set; }
    [JsonPropertyName("area_cm2")] public double? AreaCm2 { get; set; }
    [JsonPropertyName("relative_density")] public double? RelativeDensity { get; set; }

    public PelletGeometry? ToGeometry()
    {
        if (ThicknessMm is null || (DiameterMm is null && AreaCm2 is null)) return null;
        if (!(ThicknessMm > 0) || DiameterMm is <= 0 || AreaCm2 is <= 0) throw new BadRequestException("geometry: thickness, diameter and area must be positive");
        return PelletGeometry.FromMm(ThicknessMm.Value, DiameterMm, AreaCm2, RelativeDensity);
    }
}

/// <summary>A request that a handler refuses with HTTP 400 and this message.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>
/// What the page sends for a fit (and, in parts, for simulate/compare/series/decisions). Key names are the
/// manifest option names: circuit, fixed, initial, bounds, exclude ("LO:HI" in Hz), exclude_points (0-based indices).
/// </summary>
public sealed class FitRequest
{
    public const int MaxMultiStart = 200;
    public const int MaxCircuits = 8;
    public const int MaxSeriesFiles = 60;

    [JsonPropertyName("file")] public string? File { get; set; }
    [JsonPropertyName("files")] public List<string>? Files { get; set; }
    [JsonPropertyName("spectrum")] public int Spectrum { get; set; } = 1;
    [JsonPropertyName("circuit")] public string? Circuit { get; set; }
    [JsonPropertyName("circuits")] public List<string>? Circuits { get; set; }
    [JsonPropertyName("weighting")] public string? Weighting { get; set; }
    [JsonPropertyName("fixed")] public Dictionary<string, double>? Fixed { get; set; }
    [JsonPropertyName("initial")] public Dictionary<string, double>? Initial { get; set; }
    [JsonPropertyName("bounds")] public Dictionary<string, double[]>? Bounds { get; set; }
    [JsonPropertyName("exclude")] public List<string>? Exclude { get; set; }
    [JsonPropertyName("exclude_points")] public List<int>? ExcludePoints { get; set; }
    [JsonPropertyName("values")] public Dictionary<string, double>? Values { get; set; }
    [JsonPropertyName("multistart")] public int? MultiStart { get; set; }
    [JsonPropertyName("seed")] public int? Seed { get; set; }
    [JsonPropertyName("geometry")] public GeometryDto? Geometry { get; set; }
    [JsonPropertyName("cell")] public string? Cell { get; set; }

    public Circuit ParseCircuit(string? text = null)
    {
        text ??= Circuit;
        if (string.IsNullOrWhiteSpace(text)) throw new BadRequestException("no circuit given");
        try { return Impedance.Circuit.Parse(text); }
        catch (Exception e) when (e is not BadRequestException) { throw new BadRequestException($"circuit '{text}': {e.Message}"); }
    }

    public CellType CellType => (Cell ?? "blocking").Trim().ToLowerInvariant() switch
    {
        "blocking" => Impedance.CellType.Blocking,
        "symmetric" => Impedance.CellType.Symmetric,
        var x => throw new BadRequestException($"cell: '{x}' is not blocking or symmetric"),
    };

    public CircuitFitOptions Options(Circuit c)
    {
        void Check(IEnumerable<string>? names, string what)
        {
            foreach (var n in names ?? [])
                if (c.IndexOf(n) < 0) throw new BadRequestException($"{what}: circuit {c.Text} has no parameter '{n}' (it has {string.Join(", ", c.Parameters.Select(p => p.Name))})");
        }
        Check(Fixed?.Keys, "fixed"); Check(Initial?.Keys, "initial"); Check(Bounds?.Keys, "bounds");
        var bounds = Bounds?.ToDictionary(kv => kv.Key, kv => kv.Value is { Length: 2 } b && b[0] < b[1] ? (b[0], b[1]) : throw new BadRequestException($"bounds: {kv.Key} needs [low, high] with low < high"), StringComparer.OrdinalIgnoreCase);
        int ms = MultiStart ?? 24;
        if (ms < 0 || ms > MaxMultiStart) throw new BadRequestException($"multistart must be 0 to {MaxMultiStart}");
        Weighting w;
        try { w = WeightingNames.Parse(Weighting ?? "modulus"); } catch (Exception e) { throw new BadRequestException(e.Message); }
        return new CircuitFitOptions
        {
            Weighting = w,
            Fixed = Fixed is { Count: > 0 } ? new Dictionary<string, double>(Fixed, StringComparer.OrdinalIgnoreCase) : null,
            Initial = Initial is { Count: > 0 } ? new Dictionary<string, double>(Initial, StringComparer.OrdinalIgnoreCase) : null,
            Bounds = bounds is { Count: > 0 } ? bounds : null,
            MultiStart = ms,
            Seed = Seed ?? 1,
        };
    }

    /// <summary>The indices (0-based, into the file's spectrum) kept after the point mask and the excluded frequency ranges.</summary>
    public int[] KeptIndices(ImpedanceSpectrum s)
    {
        var ranges = (Exclude ?? []).Select(ParseRange).ToList();
        var drop = new HashSet<int>(ExcludePoints ?? []);
        foreach (var i in drop)
            if (i < 0 || i >= s.Count) throw new BadRequestException($"exclude_points: {i} is not a point index (the spectrum has {s.Count} points, 0 to {s.Count - 1})");
        var kept = Enumerable.Range(0, s.Count).Where(i => !drop.Contains(i) && !ranges.Any(r => s.FrequenciesHz[i] >= r.Lo && s.FrequenciesHz[i] <= r.Hi)).ToArray();
        if (kept.Length < 3) throw new BadRequestException($"only {kept.Length} points left after the mask: unmask some points");
        return kept;
    }

    public static (double Lo, double Hi) ParseRange(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi) && lo >= 0 && hi >= lo)
            return (lo, hi);
        throw new BadRequestException($"exclude: '{text}' is not a frequency range LO:HI in Hz (e.g. 0.01:1)");
    }
}
