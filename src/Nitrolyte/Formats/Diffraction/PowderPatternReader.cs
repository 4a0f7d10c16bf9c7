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

/// <summary>Reads a measured powder pattern by extension and content: Bruker binary RAW (by its magic bytes, any extension), .xrdml, .brml, .chi (Fit2D), powder CIF (.cif profile blocks), GSAS (.gsa/.gss/.fxye or a BANK line, also as .raw), else columns.</summary>
public static class PowderPatternReader
{
    public static MeasuredPattern Read(string path, PatternReadOptions? opt = null)
    {
        opt ??= new PatternReadOptions();
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (LooksLikeBrukerRaw(path)) return BrukerRawReader.Read(path, opt.Scan);
        switch (ext)
        {
            case ".xrdml": return XrdmlReader.Read(path, opt.Scan);
            case ".brml": return BrmlReader.Read(path, opt.Scan);
            case ".chi": return ChiReader.Read(path, opt.Axis);
            case ".cif" or ".pdcif" or ".rtv": return PdCifReader.Read(path, opt.Scan);
            case ".gsa" or ".gss" or ".fxye" or ".gsas": return GsasReader.Read(path, opt.Bank, opt.Axis);
        }
        var lines = File.ReadAllLines(path);
        if (GsasReader.LooksLikeGsas(lines)) return GsasReader.Parse(lines, path, opt.Bank, opt.Axis);
        if (ext == ".raw") throw new NitrolyteFormatException(path, "a .raw that is neither Bruker binary RAW (no 'RAW1.01'/'RAW4.00' magic) nor GSAS text (no BANK line)");
        if (lines.Take(5).Any(l => l.TrimStart().StartsWith("<?xml", StringComparison.Ordinal) || l.Contains("<xrdMeasurements", StringComparison.Ordinal)))
            return XrdmlReader.Read(path, opt.Scan);
        return PowderTextReader.Parse(lines, path, opt.Axis);
    }

    /// <summary>
    /// Bruker binary RAW: "RAW1.01"/"RAW4.00" followed by NUL, or another "RAW…" magic followed by binary bytes (a NUL in
    /// the first 64), so that a text file whose title happens to start with "RAW" still goes to the text readers.
    /// </summary>
    private static bool LooksLikeBrukerRaw(string path)
    {
        Span<byte> head = stackalloc byte[64];
        int n;
        using (var f = File.OpenRead(path)) n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (!BrukerRawReader.HasMagic(head)) return false;
        return head.IndexOf((byte)0) >= 0;
    }
}
