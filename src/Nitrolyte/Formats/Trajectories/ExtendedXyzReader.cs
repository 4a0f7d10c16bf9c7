using System.Globalization;
using System.Text;
using Nitrolyte.Chemistry;
using Nitrolyte.Dynamics;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// Extended XYZ (ASE / QUIP convention), streamed: per frame an atom count, a comment line with key=value pairs
/// (Lattice="ax ay az bx by bz cx cy cz" is required, Properties=species:S:1:pos:R:3:... optional), then one line
/// per atom. Positions are Cartesian Å. All frames must hold the same species in the same order.
/// </summary>
public sealed class ExtendedXyzReader : ITrajectorySource
{
    private TextLines? _lines;
    private readonly TrajectoryFrame _first;
    private readonly string[] _species;

    public string Path { get; }
    public string Format => "extxyz";
    public IReadOnlyList<string> Species => _species;

    public ExtendedXyzReader(string path)
    {
        Path = path;
        _lines = new TextLines(path);
        var f = ReadFrame(_lines, _names, 0, null) ?? throw new Core.NitrolyteFormatException(path, "empty file: no extended XYZ frame", 1);
        _first = f.Frame;
        _species = f.Species;
    }

    public IEnumerable<TrajectoryFrame> Frames()
    {
        var t = _lines ?? throw new InvalidOperationException("frames can be enumerated only once");
        _lines = null;
        try
        {
            yield return _first;
            int index = 1, jobs = Jobs is { } j ? Core.Jobs.Resolve(j) : 1;
            if (ChunkedFrames.Applies(t, jobs, MinParallelBytes))
            {
                long offset = t.NextOffset, lines = t.LineNumber;
                t.Dispose();
                foreach (var range in ChunkedFrames.Read(Path, offset, lines, 1, jobs, IsCountLine, ParseRange, r => r.Count, ChunkBytes))
                    foreach (var f in range)
                        yield return new TrajectoryFrame { Index = index++, Lattice = f.Lattice, Frac = f.Frac, IsUnwrapped = f.IsUnwrapped };
                yield break;
            }
            while (true)
            {
                var f = ReadFrame(t, _names, index, _species);
                if (f is null) yield break;
                index++;
                yield return f.Value.Frame;
            }
        }
        finally { t.Dispose(); }
    }

    private readonly SpeciesNames _names = new();

    /// <summary>Cores for the chunked parallel parse (null or 1 = serial, the default: on the 2-core test machine it was not faster; 0 = all cores). Any value gives the same frames.</summary>
    public int? Jobs { get; init; }
    /// <summary>Bytes per parallel range and the least file size to cut (tests lower them to force many ranges).</summary>
    internal int ChunkBytes { get; init; } = ChunkedFrames.DefaultChunkBytes;
    internal long MinParallelBytes { get; init; } = ChunkedFrames.DefaultMinParallelBytes;

    /// <summary>A line holding only a positive integer (the atom count that opens a frame): where ranges are cut.</summary>
    private static bool IsCountLine(ReadOnlySpan<byte> line)
    {
        int i = 0, n = line.Length;
        while (i < n && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
        while (n > i && (line[n - 1] == (byte)' ' || line[n - 1] == (byte)'\t')) n--;
        if (i >= n) return false;
        for (int k = i; k < n; k++) if ((uint)(line[k] - (byte)'0') > 9) return false;
        return true;
    }

    /// <summary>The frames of a byte range (or of the serial fallback up to <paramref name="stop"/>), with their own name cache.</summary>
    private List<TrajectoryFrame> ParseRange(TextLines t, long stop, int firstIndex)
    {
        var frames = new List<TrajectoryFrame>();
        var names = new SpeciesNames();
        int index = firstIndex;
        while (t.NextOffset < stop)
        {
            var f = ReadFrame(t, names, index++, _species);
            if (f is null) break;
            frames.Add(f.Value.Frame);
        }
        return frames;
    }

    private static (TrajectoryFrame Frame, string[] Species)? ReadFrame(TextLines t, SpeciesNames names, int index, string[]? expectedSpecies)
    {
        string? countLine;
        do { countLine = t.Next(); if (countLine is null) return null; } while (countLine.Trim().Length == 0);
        if (!int.TryParse(countLine.Trim(), out var n) || n <= 0)
            throw t.Error($"expected the number of atoms of frame {index + 1}, found '{TextLines.Trunc(countLine)}'");
        var comment = t.Require("the extended XYZ comment line");
        var kv = ParseKeyValues(comment);
        if (!kv.TryGetValue("lattice", out var latText))
            throw t.Error("no Lattice=\"...\" in the comment line: periodic trajectory analysis needs the cell");
        var lv = TextLines.Tokens(latText).Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();
        if (lv.Length != 9 || lv.Any(double.IsNaN)) throw t.Error($"Lattice must hold 9 numbers, found '{latText}'");
        Lattice lat;
        try { lat = new Lattice(new double[,] { { lv[0], lv[1], lv[2] }, { lv[3], lv[4], lv[5] }, { lv[6], lv[7], lv[8] } }); }
        catch (Core.NitrolyteInputException e) { throw t.Error(e.Message); }
        int speciesCol = 0, posCol = 1;
        if (kv.TryGetValue("properties", out var props))
        {
            var parts = props.Split(':');
            if (parts.Length % 3 != 0) throw t.Error($"Properties '{props}' is not name:type:count triples");
            int col = 0; speciesCol = -1; posCol = -1;
            for (int i = 0; i < parts.Length; i += 3)
            {
                var name = parts[i].ToLowerInvariant();
                if (!int.TryParse(parts[i + 2], out var cnt)) throw t.Error($"Properties '{props}': bad column count '{parts[i + 2]}'");
                if (name is "species" or "element" or "symbols") speciesCol = col;
                if (name is "pos" or "positions") posCol = col;
                col += cnt;
            }
            if (speciesCol < 0 || posCol < 0) throw t.Error($"Properties '{props}' has no species and pos columns");
        }
        var species = new string[n];
        var frac = new double[3 * n];
        var tok = new Range[Math.Min(64, Math.Max(speciesCol, posCol + 2) + 1)];
        for (int i = 0; i < n; i++) ReadAtomLine(t, names, index, i, n, speciesCol, posCol, lat, species, frac, tok);
        if (expectedSpecies is not null && !species.SequenceEqual(expectedSpecies))
            throw t.Error($"frame {index + 1} holds different atoms (count or order) than the first frame");
        return (new TrajectoryFrame { Index = index, Lattice = lat, Frac = frac }, species);
    }

    // Not in the iterator: the line is a span (no string per atom line).
    private static void ReadAtomLine(TextLines t, SpeciesNames names, int index, int i, int n, int speciesCol, int posCol, Lattice lat, string[] species, double[] frac, Range[] tok)
    {
        if (!t.NextSpan(out var line)) throw t.Error($"truncated frame {index + 1}: {i} of {n} atom lines");
        int need = Math.Max(speciesCol, posCol + 2);
        // only the columns up to the last one used are split (forces, velocities, ... after them are not looked at)
        int count = TextLines.SplitTokens(line, tok);
        if (count <= need) throw t.Error($"atom line has {count} columns, expected at least {need + 1}");
        species[i] = names.Get(line[tok[speciesCol]], out bool isElement);
        if (!isElement) throw t.Error($"'{species[i]}' is not an element symbol");
        if (!TextLines.TryNumber(line[tok[posCol]], out double x)) throw NotCoordinate(t, line, tok[posCol]);
        if (!TextLines.TryNumber(line[tok[posCol + 1]], out double y)) throw NotCoordinate(t, line, tok[posCol + 1]);
        if (!TextLines.TryNumber(line[tok[posCol + 2]], out double z)) throw NotCoordinate(t, line, tok[posCol + 2]);
        var (a, b, c) = lat.ToFractional(x, y, z);
        frac[3 * i] = a; frac[3 * i + 1] = b; frac[3 * i + 2] = c;
    }

    private static Core.NitrolyteFormatException NotCoordinate(TextLines t, ReadOnlySpan<byte> line, Range token) =>
        t.Error($"'{TextLines.Text(line[token])}' is not a coordinate");

    /// <summary>key=value pairs of an extended XYZ comment line (values may be "quoted"); keys lower-cased.</summary>
    internal static Dictionary<string, string> ParseKeyValues(string line)
    {
        var d = new Dictionary<string, string>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            int ks = i;
            while (i < line.Length && line[i] != '=' && !char.IsWhiteSpace(line[i])) i++;
            var key = line[ks..i].ToLowerInvariant();
            if (i >= line.Length || line[i] != '=') { if (key.Length > 0) d[key] = "T"; continue; }
            i++;
            var sb = new StringBuilder();
            if (i < line.Length && (line[i] == '"' || line[i] == '\''))
            {
                char q = line[i++];
                while (i < line.Length && line[i] != q) sb.Append(line[i++]);
                i++;
            }
            else
                while (i < line.Length && !char.IsWhiteSpace(line[i])) sb.Append(line[i++]);
            d[key] = sb.ToString();
        }
        return d;
    }

    public void Dispose() => _lines?.Dispose();
}
