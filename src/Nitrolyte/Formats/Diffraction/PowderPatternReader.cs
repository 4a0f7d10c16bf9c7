using Nitrolyte.Core;
using Nitrolyte.Diffraction;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>Options for reading a measured pattern: abscissa override, GSAS bank, XRDML scan.</summary>
public sealed record PatternReadOptions
{
    public PatternAxis? Axis { get; init; }
    public int Bank { get; init; } = 1;
    public int Scan { get; init; } = 1;

    public static PatternAxis ParseAxis(string text) => text.Trim().ToLowerInvariant() switch
    {
        "2theta" or "2θ" or "tth" or "two-theta" or "twotheta" => PatternAxis.TwoThetaDeg,
        "q" => PatternAxis.QPerA,
        "d" => PatternAxis.DA,
        "tof" => PatternAxis.TofMicroseconds,
        _ => throw new NitrolyteInputException($"--x-axis '{text}': one of 2theta, q, d, tof"),
    };
}

/// <summary>Reads a measured powder pattern by extension and content: .xrdml, .brml, .chi (Fit2D), GSAS (.gsa/.gss/.fxye or a BANK line), else columns.</summary>
public static class PowderPatternReader
{
    public static MeasuredPattern Read(string path, PatternReadOptions? opt = null)
    {
        opt ??= new PatternReadOptions();
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".xrdml": return XrdmlReader.Read(path, opt.Scan);
            case ".brml": return BrmlReader.Read(path, opt.Scan);
            case ".chi": return ChiReader.Read(path, opt.Axis);
            case ".gsa" or ".gss" or ".fxye" or ".gsas": return GsasReader.Read(path, opt.Bank, opt.Axis);
        }
        var lines = File.ReadAllLines(path);
        if (GsasReader.LooksLikeGsas(lines)) return GsasReader.Parse(lines, path, opt.Bank, opt.Axis);
        if (lines.Take(5).Any(l => l.TrimStart().StartsWith("<?xml", StringComparison.Ordinal) || l.Contains("<xrdMeasurements", StringComparison.Ordinal)))
            return XrdmlReader.Read(path, opt.Scan);
        return PowderTextReader.Parse(lines, path, opt.Axis);
    }
}
