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
        _first = ReadFrame(_lines, 0) ?? throw new Core.NitrolyteFormatException(path, "empty file: no 'ITEM: TIMESTEP'", 1);
    }

    public IEnumerable<TrajectoryFrame> Frames()
    {
        var t = _lines ?? throw new InvalidOperationException("frames can be enumerated only once");
        _lines = null;
        try
        {
            yield return _first.Frame;
            int index = 1;
            while (true)
            {
                var f = ReadFrame(t, index);
                if (f is null) yield break;
                if (!f.Value.Species.SequenceEqual(_first.Species)) throw t.Error($"frame {index + 1} holds different atoms than the first frame");
                index++;
                yield return f.Value.Frame;
            }
        }
        finally { t.Dispose(); }
    }

    private (TrajectoryFrame Frame, string[] Species)? ReadFrame(TextLines t, int index)
    {
        string? line;
        do { line = t.Next(); if (line is null) return null; } while (line.Trim().Length == 0);
        if (!line.StartsWith("ITEM: TIMESTEP", StringComparison.Ordinal)) throw t.Error($"expected 'ITEM: TIMESTEP', found '{TextLines.Trunc(line)}'");
        var stepLine = t.Require("the time step number");
        if (!long.TryParse(stepLine.Trim(), out var step)) throw t.Error($"'{stepLine}' is not a time step number");
        Steps.Add(step);
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
        for (int i = 0; i < n; i++)
        {
            var al = t.Next() ?? throw t.Error($"truncated frame {index + 1}: {i} of {n} atom lines");
            var tok = TextLines.Tokens(al);
            if (tok.Length <= maxCol) throw t.Error($"atom line has {tok.Length} columns, the header names {cols.Count}");
            ids[i] = id >= 0 && long.TryParse(tok[id], out var v) ? v : i;
            if (element >= 0) species[i] = tok[element];
            else
            {
                if (!int.TryParse(tok[type], out var ty) || ty < 1 || ty > _typeElements!.Count)
                    throw t.Error($"atom type '{tok[type]}' has no element (types given: {string.Join(",", _typeElements!)})");
                species[i] = _typeElements[ty - 1];
            }
            if (!Element.TryGet(species[i], out _)) throw t.Error($"'{species[i]}' is not an element symbol");
            var p = new double[3];
            for (int k = 0; k < 3; k++)
                if (!double.TryParse(tok[pos[k]], NumberStyles.Float, CultureInfo.InvariantCulture, out p[k]) || !double.IsFinite(p[k]))
                    throw t.Error($"'{tok[pos[k]]}' is not a coordinate");
            double fa, fb, fc;
            if (scaled) (fa, fb, fc) = (p[0], p[1], p[2]);
            else (fa, fb, fc) = lat.ToFractional(p[0] - xlo, p[1] - ylo, p[2] - zlo);
            if (hasImages)
            {
                var im3 = new int[3];
                for (int k = 0; k < 3; k++)
                    if (!int.TryParse(tok[img[k]], out im3[k])) throw t.Error($"'{tok[img[k]]}' is not an image flag (integer)");
                fa += im3[0]; fb += im3[1]; fc += im3[2];
            }
            frac[3 * i] = fa; frac[3 * i + 1] = fb; frac[3 * i + 2] = fc;
        }
        // sort by atom id so atom i is the same atom in every frame
        var order = Enumerable.Range(0, n).OrderBy(i => ids[i]).ToArray();
        if (!order.Select((o, k) => o == k).All(x => x))
        {
            var f2 = new double[3 * n]; var s2 = new string[n];
            for (int k = 0; k < n; k++) { s2[k] = species[order[k]]; Array.Copy(frac, 3 * order[k], f2, 3 * k, 3); }
            frac = f2; species = s2;
        }
        return (new TrajectoryFrame { Index = index, Lattice = lat, Frac = frac, IsUnwrapped = unwrapped || hasImages }, species);
    }

    public void Dispose() => _lines?.Dispose();
}
