using System.Globalization;
using Nitrolyte.Chemistry;
using Nitrolyte.Dynamics;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// VASP XDATCAR (VASP 5 with a species line, or VASP 4 with the species in the title line), streamed frame by
/// frame. Handles a constant cell (one header), a variable cell (NPT: a header before every configuration) and
/// several concatenated runs (a new header block anywhere), Direct or Cartesian configurations, a negative
/// scale (= cell volume) and gzip (.gz). Every block must hold the same atoms in the same order.
/// </summary>
public sealed class XdatcarReader : ITrajectorySource
{
    private TextLines? _lines;
    private readonly List<string> _species;
    private Lattice _lattice;
    private double _scale;
    private int _natoms;
    private readonly int[] _counts;
    private readonly string[] _names;

    public string Path { get; }
    public string Format => "xdatcar";
    public IReadOnlyList<string> Species => _species;
    /// <summary>Species names and counts as in the header (e.g. Li 192, Cl 32, ...).</summary>
    public IReadOnlyList<(string Element, int Count)> SpeciesCounts => _names.Zip(_counts).ToList();
    public Lattice FirstLattice { get; }
    public string Title { get; private set; } = "";

    public XdatcarReader(string path)
    {
        Path = path;
        _lines = new TextLines(path);
        var (lattice, scale, names, counts, title) = ReadHeader(_lines, null);
        Title = title;
        _lattice = lattice;
        FirstLattice = lattice;
        _scale = scale;
        _names = names;
        _counts = counts;
        _natoms = counts.Sum();
        _species = [];
        for (int i = 0; i < names.Length; i++) for (int k = 0; k < counts[i]; k++) _species.Add(names[i]);
    }

    private static (Lattice, double, string[], int[], string) ReadHeader(TextLines t, string? titleLine)
    {
        var title = titleLine ?? t.Require("the title line");
        var scaleLine = t.Require("the scale factor");
        var scaleToks = TextLines.Tokens(scaleLine);
        if (scaleToks.Length == 0 || !double.TryParse(scaleToks[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || scale == 0)
            throw t.Error($"expected the scale factor (a non-zero number), found '{TextLines.Trunc(scaleLine)}'");
        var m = new double[3, 3];
        Span<double> row = stackalloc double[3];
        for (int i = 0; i < 3; i++)
        {
            t.ParseDoubles(t.Require($"lattice vector {i + 1}"), row, $"lattice vector {i + 1}");
            for (int j = 0; j < 3; j++) m[i, j] = row[j];
        }
        Lattice lat;
        try { lat = new Lattice(m); }
        catch (Core.NitrolyteInputException e) { throw t.Error(e.Message); }
        if (scale < 0)
        {
            scale = Math.Cbrt(-scale / lat.VolumeA3);
        }
        if (scale != 1)
        {
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i, j] *= scale;
            lat = new Lattice(m);
        }
        var line = t.Require("the species names or counts");
        var toks = TextLines.Tokens(line);
        string[] names;
        if (toks.Length > 0 && !int.TryParse(toks[0], out _))
        {
            names = toks.Select(CleanSpecies).ToArray();
            line = t.Require("the atom counts per species");
            toks = TextLines.Tokens(line);
        }
        else
        {
            // VASP 4: species may be in the title line
            names = TextLines.Tokens(title).Select(CleanSpecies).ToArray();
        }
        var counts = new int[toks.Length];
        for (int i = 0; i < toks.Length; i++)
            if (!int.TryParse(toks[i], out counts[i]) || counts[i] < 0)
                throw t.Error($"expected atom counts (integers), found '{TextLines.Trunc(line)}'");
        if (counts.Length == 0 || counts.Sum() == 0) throw t.Error("no atoms in the header");
        if (names.Length != counts.Length || names.Any(n => !Element.TryGet(n, out _)))
            throw t.Error($"cannot tell the species: names [{string.Join(" ", names)}] do not match the {counts.Length} counts or are not elements (VASP 4 files need the species in the title line)");
        return (lat, scale, names, counts, title.Trim());
    }

    private static string CleanSpecies(string s)
    {
        // VASP 5.4 may write "Li_sv/4f..." potential names: keep the element symbol
        int cut = s.IndexOfAny(['_', '/', '.']);
        return cut > 0 ? s[..cut] : s;
    }

    /// <summary>Cores for the chunked parallel parse (null or 1 = serial, the default: on the 2-core test machine it was not faster; 0 = all cores). Any value gives the same frames.</summary>
    public int? Jobs { get; init; }
    /// <summary>Bytes per parallel range and the least file size to cut (tests lower them to force many ranges).</summary>
    internal int ChunkBytes { get; init; } = ChunkedFrames.DefaultChunkBytes;
    internal long MinParallelBytes { get; init; } = ChunkedFrames.DefaultMinParallelBytes;

    /// <summary>A header block's cell (scale applied), scale and title.</summary>
    private sealed record Block(Lattice Lattice, double Scale, string Title);

    /// <summary>A configuration as read: <c>Block</c> null = under the block in force before the range (resolved in
    /// file order); <c>RawCartesian</c> = Cartesian values still to be converted with that block.</summary>
    private readonly record struct RawFrame(double[] Values, Block? Block, bool RawCartesian);

    private sealed record Chunk(List<RawFrame> Frames, Block? LastBlock);

    public IEnumerable<TrajectoryFrame> Frames()
    {
        var t = _lines ?? throw new InvalidOperationException("XDATCAR frames can be enumerated only once");
        _lines = null;
        try
        {
            var block = new Block(_lattice, _scale, Title);
            int index = 0, jobs = Jobs is { } j ? Core.Jobs.Resolve(j) : 1;
            if (ChunkedFrames.Applies(t, jobs, MinParallelBytes))
            {
                long offset = t.NextOffset, lines = t.LineNumber;
                t.Dispose();
                foreach (var range in ChunkedFrames.Read(Path, offset, lines, 0, jobs, IsConfigurationStart, ParseRange, r => r.Frames.Count, ChunkBytes))
                {
                    foreach (var raw in range.Frames) yield return Resolve(raw, block, index++);
                    if (range.LastBlock is { } b) { block = b; SetBlock(b); }
                }
                yield break;
            }
            Block? current = block;
            while (true)
            {
                var raw = ReadConfiguration(t, ref current, index);
                SetBlock(current!);
                if (raw is null) yield break;
                yield return Resolve(raw.Value, current!, index++);
            }
        }
        finally
        {
            t.Dispose();
        }
    }

    private void SetBlock(Block b) { _lattice = b.Lattice; _scale = b.Scale; Title = b.Title; }

    private static TrajectoryFrame Resolve(RawFrame raw, Block current, int index)
    {
        var b = raw.Block ?? current;
        var v = raw.Values;
        if (raw.RawCartesian)
            for (int i = 0; i < v.Length; i += 3)
            {
                var (a, bb, cc) = b.Lattice.ToFractional(v[i] * b.Scale, v[i + 1] * b.Scale, v[i + 2] * b.Scale);
                v[i] = a; v[i + 1] = bb; v[i + 2] = cc;
            }
        return new TrajectoryFrame { Index = index, Lattice = b.Lattice, Frac = v };
    }

    /// <summary>A line that opens a configuration ("Direct configuration= 12", "Cartesian", ...): where ranges are cut.</summary>
    private static bool IsConfigurationStart(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
        var rest = line[i..];
        if (rest.Length == 0) return false;
        byte c = (byte)(rest[0] | 0x20);
        return c is (byte)'d' or (byte)'c' or (byte)'k' && (rest.IndexOf("configuration="u8) >= 0 || rest.StartsWith("Direct"u8) || rest.StartsWith("direct"u8)
            || rest.StartsWith("Cartesian"u8) || rest.StartsWith("cartesian"u8));
    }

    /// <summary>The configurations of a byte range (or from the serial fallback up to <paramref name="stop"/>), under
    /// the block in force before it until the range's own first header.</summary>
    private Chunk ParseRange(TextLines t, long stop, int firstIndex)
    {
        var frames = new List<RawFrame>();
        Block? block = null;
        int index = firstIndex;
        while (t.NextOffset < stop)
        {
            var raw = ReadConfiguration(t, ref block, index++);
            if (raw is null) break;
            frames.Add(raw.Value);
        }
        return new Chunk(frames, block);
    }

    /// <summary>
    /// Reads up to and including the next configuration (header blocks before it update <paramref name="block"/>);
    /// null at the end of the lines. With <paramref name="block"/> null (a range whose block is not known yet),
    /// Cartesian values are returned unconverted.
    /// </summary>
    private RawFrame? ReadConfiguration(TextLines t, ref Block? block, int index)
    {
        var xyz = new double[3];
        while (true)
        {
            var line = t.Next();
            if (line is null) return null;
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0) continue;
            var first = TextLines.Tokens(trimmed)[0].TrimEnd(':').ToLowerInvariant();
            bool isConfig = first is "direct" or "cartesian" || trimmed.Contains("configuration=", StringComparison.OrdinalIgnoreCase);
            bool direct = isConfig && !first.StartsWith('c') && !first.StartsWith('k');
            bool cart = isConfig && !direct;
            if (!direct && !cart)
            {
                // a new header block (variable cell or a concatenated run)
                var (lat, scale, names, counts, title) = ReadHeader(t, line);
                if (!names.SequenceEqual(_names) || !counts.SequenceEqual(_counts))
                    throw t.Error($"this block holds [{string.Join(" ", names.Zip(counts, (a, b) => a + b))}] but the file started with [{string.Join(" ", _names.Zip(_counts, (a, b) => a + b))}]");
                block = new Block(lat, scale, title);
                continue;
            }
            var frac = new double[3 * _natoms];
            for (int i = 0; i < _natoms; i++)
            {
                ParseCoordinateLine(t, xyz, index, i);
                frac[3 * i] = xyz[0]; frac[3 * i + 1] = xyz[1]; frac[3 * i + 2] = xyz[2];
            }
            // Cartesian values are converted in file order (Resolve), with the block they belong to
            return new RawFrame(frac, block, cart);
        }
    }

    // Not an iterator: spans cannot live across a yield.
    private void ParseCoordinateLine(TextLines t, double[] xyz, int frame, int atom)
    {
        if (!t.NextSpan(out var line)) throw t.Error($"truncated configuration {frame + 1}: {atom} of {_natoms} coordinate lines");
        if (!TextLines.TryParseDoubles(line, xyz))
            t.ParseDoubles(line, xyz, $"coordinates of atom {atom + 1}"); // only to throw the precise message
    }

    public void Dispose() => _lines?.Dispose();
}
