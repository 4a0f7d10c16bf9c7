using System.Globalization;
using System.Text;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Structures;

/// <summary>
/// VASP POSCAR/CONTCAR reader: comment, scale (negative = target volume in Å³), three lattice vectors, the VASP 5
/// species line (or species from the comment line for VASP 4 files), counts, optional "Selective dynamics",
/// "Direct"/"Cartesian", then one line per atom (selective-dynamics flags and trailing labels ignored).
/// Velocities and predictor blocks of CONTCARs after the coordinates are ignored.
/// </summary>
public static class PoscarReader
{
    public static Structure Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public static Structure Parse(string text, string path = "<poscar>")
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        int li = 0;
        string Next(string what)
        {
            if (li >= lines.Length) throw new NitrolyteFormatException(path, $"file ends before the {what}", lines.Length);
            return lines[li++];
        }
        var comment = Next("comment line").Trim();
        var scaleLine = Next("scale factor");
        var scaleTok = Split(scaleLine);
        if (scaleTok.Length == 0 || !TryD(scaleTok[0], out var scale) || scale == 0)
            throw new NitrolyteFormatException(path, $"expected a non-zero scale factor, got '{scaleLine.Trim()}'", li);
        double[] scales = [scale, scale, scale];
        if (scaleTok.Length >= 3 && TryD(scaleTok[1], out var s2) && TryD(scaleTok[2], out var s3)) scales = [scale, s2, s3];
        var m = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            var t = Split(Next("lattice vectors"));
            if (t.Length < 3 || !TryD(t[0], out m[i, 0]) || !TryD(t[1], out m[i, 1]) || !TryD(t[2], out m[i, 2]))
                throw new NitrolyteFormatException(path, "expected three numbers for a lattice vector", li);
        }
        for (int j = 0; j < 3; j++) for (int i = 0; i < 3; i++) m[i, j] *= scales.Length == 3 && scaleTok.Length >= 3 ? scales[j] : 1;
        Lattice lattice;
        try { lattice = new Lattice(m); }
        catch (NitrolyteInputException e) { throw new NitrolyteFormatException(path, e.Message, li); }
        double coordScale = 1;
        if (scaleTok.Length < 3)
        {
            double f = scale > 0 ? scale : Math.Cbrt(-scale / lattice.VolumeA3);
            coordScale = f;
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i, j] *= f;
            lattice = new Lattice(m);
        }

        var line6 = Split(Next("species or counts line"));
        string[] species;
        int countsLine;
        string[] countsTok;
        if (line6.Length > 0 && !int.TryParse(line6[0], out _))
        {
            species = line6.Select(s => s.Split('/', '_')[0]).ToArray();  // "Li_sv", "Li/abc..." POTCAR labels
            countsTok = Split(Next("counts line"));
            countsLine = li;
        }
        else
        {
            countsTok = line6;
            countsLine = li;
            species = Split(comment);
        }
        var counts = new List<int>();
        foreach (var t in countsTok)
        {
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) break;
            counts.Add(n);
        }
        if (counts.Count == 0) throw new NitrolyteFormatException(path, "expected the number of atoms of each species", countsLine);
        if (species.Length < counts.Count)
            throw new NitrolyteFormatException(path, $"{counts.Count} atom counts but {species.Length} species names (VASP 4 file without species on the comment line?)", countsLine);
        species = species.Take(counts.Count).ToArray();
        for (int i = 0; i < species.Length; i++)
            if (!Element.TryGet(species[i], out _))
                throw new NitrolyteFormatException(path, $"unknown element '{species[i]}'", countsLine - (line6.Length > 0 && !int.TryParse(line6[0], out _) ? 1 : 0));

        var mode = Next("coordinate mode line").Trim();
        bool selective = false;
        if (mode.Length > 0 && (mode[0] is 'S' or 's')) { selective = true; mode = Next("coordinate mode line").Trim(); }
        bool cartesian = mode.Length > 0 && (mode[0] is 'C' or 'c' or 'K' or 'k');
        if (!(cartesian || (mode.Length > 0 && (mode[0] is 'D' or 'd'))))
            throw new NitrolyteFormatException(path, $"expected 'Direct' or 'Cartesian', got '{mode}'", li);

        int total = counts.Sum();
        var sites = new List<Site>(total);
        int k = 0;
        for (int s = 0; s < counts.Count; s++)
            for (int n = 0; n < counts[s]; n++, k++)
            {
                if (li >= lines.Length || string.IsNullOrWhiteSpace(lines[li]))
                    throw new NitrolyteFormatException(path, $"the counts line says {total} atoms but only {k} coordinate lines follow", Math.Min(li + 1, lines.Length));
                var t = Split(lines[li++]);
                if (t.Length < 3 || !TryD(t[0], out var x) || !TryD(t[1], out var y) || !TryD(t[2], out var z))
                    throw new NitrolyteFormatException(path, $"expected three coordinates for atom {k + 1} ({species[s]}); the counts line says {total} atoms", li);
                if (selective && t.Length >= 6 && !t.Skip(3).Take(3).All(f => f is "T" or "F" or "t" or "f"))
                    throw new NitrolyteFormatException(path, "selective-dynamics flags must be T or F", li);
                if (cartesian)
                {
                    (x, y, z) = lattice.ToFractional(x * coordScale, y * coordScale, z * coordScale);
                }
                sites.Add(Site.Ordered(species[s], x, y, z, label: $"{species[s]}{n + 1}"));
            }
        // A further line of coordinates (before a blank line) means the counts are too small.
        if (li < lines.Length && !string.IsNullOrWhiteSpace(lines[li]))
        {
            var t = Split(lines[li]);
            if (t.Length >= 3 && TryD(t[0], out _) && TryD(t[1], out _) && TryD(t[2], out _))
                throw new NitrolyteFormatException(path, $"more coordinate lines than the {total} atoms of the counts line", li + 1);
        }
        return new Structure(lattice, sites) { Title = comment };
    }

    private static string[] Split(string s) => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    private static bool TryD(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
}

/// <summary>Writes an ordered structure as a VASP 5 POSCAR in direct coordinates, species grouped in order of first appearance.</summary>
public static class PoscarWriter
{
    public static string ToText(Structure s, string? comment = null)
    {
        if (!s.IsOrdered)
            throw new NitrolyteInputException("POSCAR holds only ordered structures; order the partially occupied sites first (nitrolyte order)");
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine((comment ?? s.Title ?? s.Composition.Formula).Replace('\n', ' '));
        sb.AppendLine("1.0");
        for (int i = 0; i < 3; i++)
            sb.AppendLine(string.Format(inv, "  {0,20:F12} {1,20:F12} {2,20:F12}", s.Lattice.At(i, 0), s.Lattice.At(i, 1), s.Lattice.At(i, 2)));
        var order = s.Sites.Select(x => x.Species[0].Element).Distinct().ToList();
        sb.AppendLine("  " + string.Join(" ", order));
        sb.AppendLine("  " + string.Join(" ", order.Select(e => s.Sites.Count(x => x.Species[0].Element == e))));
        sb.AppendLine("Direct");
        foreach (var e in order)
            foreach (var site in s.Sites.Where(x => x.Species[0].Element == e))
                sb.AppendLine(string.Format(inv, "  {0,16:F12} {1,16:F12} {2,16:F12} {3}", site.FracA, site.FracB, site.FracC, e));
        return sb.ToString();
    }

    public static void Write(string path, Structure s, string? comment = null) => AtomicFile.WriteAllText(path, ToText(s, comment));
}
