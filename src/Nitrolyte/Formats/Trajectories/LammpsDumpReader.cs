using System.Globalization;
using Nitrolyte.Chemistry;
using Nitrolyte.Dynamics;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// LAMMPS text dump (`dump atom/custom`), streamed. Orthogonal or triclinic boxes; coordinates scaled
/// (xs ys zs), unscaled (x y z) or unwrapped (xu yu zu / xsu ysu zsu, preferred when present; wrapped
/// coordinates plus image flags ix iy iz are unwrapped too). Atoms are sorted by id. The element of each atom
/// comes from an `element` column or from <paramref name="typeElements"/> (element of type 1, 2, ...).
/// </summary>
public sealed class LammpsDumpReader : ITrajectorySource
{
    private TextLines? _lines;
    private readonly (TrajectoryFrame Frame, string[] Species) _first;
    private readonly IReadOnlyList<string>? _typeElements;

    public string Path { get; }
    public string Format => "lammps-dump";
    public IReadOnlyList<string> Species => _first.Species;
    /// <summary>MD step number of every frame read so far (ITEM: TIMESTEP).</summary>
    public List<long> Steps { get; } = [];

    public LammpsDumpReader(string path, IReadOnlyList<string>? typeElements = null)
    {
        Path = path;
        _typeElements = typeElements;
        _lines = new TextLines(path);
        _first = ReadFrame(_lines, 0, _names, Steps) ?? throw new Core.NitrolyteFormatException(path, "empty file: no 'ITEM: TIMESTEP'", 1);
    }

    /// <summary>Cores for the chunked parallel parse (null or 1 = serial, the default: on the 2-core test machine it was not faster; 0 = all cores). Any value gives the same frames.</summary>
    public int? Jobs { get; init; }
    /// <summary>Bytes per parallel range and the least file size to cut (tests lower them to force many ranges).</summary>
    internal int ChunkBytes { get; init; } = ChunkedFrames.DefaultChunkBytes;
    internal long MinParallelBytes { get; init; } = ChunkedFrames.DefaultMinParallelBytes;

    private sealed record Chunk(List<TrajectoryFrame> Frames, List<long> Steps);

    /// <summary>"ITEM: TIMESTEP": where ranges are cut for parallel parsing.</summary>
    private static bool IsFrameStart(ReadOnlySpan<byte> line) => line.StartsWith("ITEM: TIMESTEP"u8);

    /// <summary>The frames of a byte range (or of the serial fallback up to <paramref name="stop"/>); own name cache and steps.</summary>
    private Chunk ParseRange(TextLines t, long stop, int firstIndex)
    {
        var frames = new List<TrajectoryFrame>();
        var steps = new List<long>();
        var names = new SpeciesNames();
        int index = firstIndex;
        while (t.NextOffset < stop)
        {
            var f = ReadFrame(t, index, names, steps);
            if (f is null) break;
            if (!f.Value.Species.SequenceEqual(_first.Species)) throw t.Error($"frame {index + 1} holds different atoms than the first frame");
            index++;
            frames.Add(f.Value.Frame);
        }
        return new Chunk(frames, steps);
    }

    public IEnumerable<TrajectoryFrame> Frames()
    {
        var t = _lines ?? throw new InvalidOperationException("frames can be enumerated only once");
        _lines = null;
        try
        {
            yield return _first.Frame;
            int index = 1, jobs = Jobs is { } j ? Core.Jobs.Resolve(j) : 1;
            if (ChunkedFrames.Applies(t, jobs, MinParallelBytes))
            {
                long offset = t.NextOffset, lines = t.LineNumber;
                t.Dispose();
                foreach (var range in ChunkedFrames.Read(Path, offset, lines, 1, jobs, IsFrameStart, ParseRange, r => r.Frames.Count, ChunkBytes))
                {
                    Steps.AddRange(range.Steps);
                    foreach (var f in range.Frames)
                        yield return new TrajectoryFrame { Index = index++, Lattice = f.Lattice, Frac = f.Frac, IsUnwrapped = f.IsUnwrapped };
                }
                yield break;
            }
            while (true)
            {
                var f = ReadFrame(t, index, _names, Steps);
                if (f is null) yield break;
                if (!f.Value.Species.SequenceEqual(_first.Species)) throw t.Error($"frame {index + 1} holds different atoms than the first frame");
                index++;
                yield return f.Value.Frame;
            }
        }
        finally { t.Dispose(); }
    }

    private (TrajectoryFrame Frame, string[] Species)? ReadFrame(TextLines t, int index, SpeciesNames names, List<long> steps)
    {
        string? line;
        do { line = t.Next(); if (line is null) return null; } while (line.Trim().Length == 0);
        if (!line.StartsWith("ITEM: TIMESTEP", StringComparison.Ordinal)) throw t.Error($"expected 'ITEM: TIMESTEP', found '{TextLines.Trunc(line)}'");
        var stepLine = t.Require("the time step number");
        if (!long.TryParse(stepLine.Trim(), out var step)) throw t.Error($"'{stepLine}' is not a time step number");
        steps.Add(step);
        line = t.Require("ITEM: NUMBER OF ATOMS");
        if (!line.StartsWith("ITEM: NUMBER OF ATOMS", StringComparison.Ordinal)) throw t.Error($"expected 'ITEM: NUMBER OF ATOMS', found '{TextLines.Trunc(line)}'");
        var nLine = t.Require("the number of atoms");
        if (!int.TryParse(nLine.Trim(), out var n) || n <= 0) throw t.Error($"'{nLine}' is not a number of atoms");
        line = t.Require("ITEM: BOX BOUNDS");
        if (!line.StartsWith("ITEM: BOX BOUNDS", StringComparison.Ordinal)) throw t.Error($"expected 'ITEM: BOX BOUNDS', found '{TextLines.Trunc(line)}'");
        bool triclinic = line.Contains("xy", StringComparison.Ordinal);
        var b = new double[3, 3];
        Span<double> row = stackalloc double[3];
        for (int i = 0; i < 3; i++)
        {
            var bl = t.Require("box bounds");
            var cnt = triclinic ? 3 : 2;
            t.ParseDoubles(bl, row[..cnt], "box bounds");
            b[i, 0] = row[0]; b[i, 1] = row[1]; b[i, 2] = triclinic ? row[2] : 0;
        }
        double xy = b[0, 2], xz = b[1, 2], yz = b[2, 2];
        double xlo = b[0, 0] - Math.Min(Math.Min(0, xy), Math.Min(xz, xy + xz));
        double xhi = b[0, 1] - Math.Max(Math.Max(0, xy), Math.Max(xz, xy + xz));
        double ylo = b[1, 0] - Math.Min(0, yz), yhi = b[1, 1] - Math.Max(0, yz);
        double zlo = b[2, 0], zhi = b[2, 1];
        Lattice lat;
        try { lat = new Lattice(new double[,] { { xhi - xlo, 0, 0 }, { xy, yhi - ylo, 0 }, { xz, yz, zhi - zlo } }); }
        catch (Core.NitrolyteInputException e) { throw t.Error(e.Message); }
        line = t.Require("ITEM: ATOMS");
        if (!line.StartsWith("ITEM: ATOMS", StringComparison.Ordinal)) throw t.Error($"expected 'ITEM: ATOMS ...', found '{TextLines.Trunc(line)}'");
        var cols = TextLines.Tokens(line[11..]).Select(c => c.ToLowerInvariant()).ToList();
        int Col(params string[] names) { foreach (var nm in names) { int k = cols.IndexOf(nm); if (k >= 0) return k; } return -1; }
        int id = Col("id"), type = Col("type"), element = Col("element");
        int[] pos; bool scaled, unwrapped = true;
        if ((pos = [Col("xu"), Col("yu"), Col("zu")]).All(k => k >= 0)) scaled = false;
        else if ((pos = [Col("xsu"), Col("ysu"), Col("zsu")]).All(k => k >= 0)) scaled = true;
        else if ((pos = [Col("x"), Col("y"), Col("z")]).All(k => k >= 0)) { scaled = false; unwrapped = false; }
        else if ((pos = [Col("xs"), Col("ys"), Col("zs")]).All(k => k >= 0)) { scaled = true; unwrapped = false; }
        else throw t.Error("no coordinate columns (x y z, xs ys zs, xu yu zu or xsu ysu zsu)");
        int[] img = [Col("ix"), Col("iy"), Col("iz")];
        bool hasImages = !unwrapped && img.All(k => k >= 0);
        if (element < 0 && (type < 0 || _typeElements is null))
            throw t.Error("the dump has no 'element' column: give the element of each atom type (e.g. --lammps-types Li,S,P)");
        int maxCol = new[] { id, type, element, pos[0], pos[1], pos[2], hasImages ? img.Max() : 0 }.Max();
        var ids = new long[n];
        var species = new string[n];
        var frac = new double[3 * n];
        var layout = new AtomColumns(id, type, element, pos, hasImages ? img : null, maxCol, cols.Count, scaled, xlo, ylo, zlo);
        var tok = new Range[Math.Min(128, Math.Max(maxCol + 1, cols.Count + 1))];
        for (int i = 0; i < n; i++) ReadAtomLine(t, index, i, n, layout, lat, ids, species, frac, names, tok);
        // sort by atom id so atom i is the same atom in every frame
        bool sorted = true;
        for (int k = 1; k < n && sorted; k++) sorted = ids[k - 1] <= ids[k];
        if (!sorted)
        {
            var order = Enumerable.Range(0, n).OrderBy(i => ids[i]).ToArray();
            var f2 = new double[3 * n]; var s2 = new string[n];
            for (int k = 0; k < n; k++) { s2[k] = species[order[k]]; Array.Copy(frac, 3 * order[k], f2, 3 * k, 3); }
            frac = f2; species = s2;
        }
        return (new TrajectoryFrame { Index = index, Lattice = lat, Frac = frac, IsUnwrapped = unwrapped || hasImages }, species);
    }

    private sealed record AtomColumns(int Id, int Type, int Element, int[] Pos, int[]? Images, int MaxCol, int HeaderCount, bool Scaled, double Xlo, double Ylo, double Zlo);

    private readonly SpeciesNames _names = new();

    // Not in the iterator: the line is a span (no string per atom line).
    private void ReadAtomLine(TextLines t, int index, int i, int n, AtomColumns c, Lattice lat, long[] ids, string[] species, double[] frac, SpeciesNames names, Range[] tok)
    {
        if (!t.NextSpan(out var al)) throw t.Error($"truncated frame {index + 1}: {i} of {n} atom lines");
        // only the columns up to the last one used are split
        int count = TextLines.SplitTokens(al, tok.AsSpan(0, Math.Min(tok.Length, c.MaxCol + 1)));
        if (count <= c.MaxCol) throw t.Error($"atom line has {(count < c.HeaderCount ? TextLines.SplitTokens(al, tok) : count)} columns, the header names {c.HeaderCount}");
        ids[i] = c.Id >= 0 && TextLines.TryInteger(al[tok[c.Id]], out var v) ? v : i;
        bool isElement;
        if (c.Element >= 0) species[i] = names.Get(al[tok[c.Element]], out isElement);
        else
        {
            if (!int.TryParse(al[tok[c.Type]], out var ty) || ty < 1 || ty > _typeElements!.Count)
                throw t.Error($"atom type '{TextLines.Text(al[tok[c.Type]])}' has no element (types given: {string.Join(",", _typeElements!)})");
            species[i] = _typeElements[ty - 1];
            isElement = names.IsElement(species[i]);
        }
        if (!isElement) throw t.Error($"'{species[i]}' is not an element symbol");
        var pos = c.Pos;
        if (!TextLines.TryNumber(al[tok[pos[0]]], out double p0)) throw NotCoordinate(t, al, tok[pos[0]]);
        if (!TextLines.TryNumber(al[tok[pos[1]]], out double p1)) throw NotCoordinate(t, al, tok[pos[1]]);
        if (!TextLines.TryNumber(al[tok[pos[2]]], out double p2)) throw NotCoordinate(t, al, tok[pos[2]]);
        double fa, fb, fc;
        if (c.Scaled) (fa, fb, fc) = (p0, p1, p2);
        else (fa, fb, fc) = lat.ToFractional(p0 - c.Xlo, p1 - c.Ylo, p2 - c.Zlo);
        if (c.Images is { } img)
        {
            Span<int> im3 = stackalloc int[3];
            for (int k = 0; k < 3; k++)
                if (!int.TryParse(al[tok[img[k]]], out im3[k])) throw t.Error($"'{TextLines.Text(al[tok[img[k]]])}' is not an image flag (integer)");
            fa += im3[0]; fb += im3[1]; fc += im3[2];
        }
        frac[3 * i] = fa; frac[3 * i + 1] = fb; frac[3 * i + 2] = fc;
    }

    private static Core.NitrolyteFormatException NotCoordinate(TextLines t, ReadOnlySpan<byte> line, Range token) =>
        t.Error($"'{TextLines.Text(line[token])}' is not a coordinate");

    public void Dispose() => _lines?.Dispose();
}
