using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Structures;

/// <summary>
/// Reads crystal structures from CIF files. The asymmetric unit (_atom_site_ loop) is expanded with the
/// symmetry operations given as xyz strings (_symmetry_equiv_pos_as_xyz or _space_group_symop_operation_xyz);
/// images closer than <see cref="MergeToleranceA"/> (periodic Cartesian distance) are merged. Rows of different
/// species on the same position (e.g. N and Cl sharing 4a) become one site with several species. Numbers may carry
/// standard uncertainties ("5.3506(3)"). The space-group symbol is kept as given, not derived.
/// </summary>
public static class CifReader
{
    /// <summary>Images of a site closer than this (Å) are the same site.</summary>
    public const double MergeToleranceA = 0.01;
    /// <summary>Most distinct symmetry operations read from a CIF (192 is the most a conventional cell needs; supercell listings of 8×).</summary>
    public const int MaxSymmetryOperations = 1536;

    /// <summary>Occupancy sums up to 1 + this are rounding and renormalised to 1; above it the file is rejected.</summary>
    public const double OccupancyTolerance = 1e-3;

    /// <summary>The structure in the first data block that has atoms.</summary>
    public static Structure Read(string path)
    {
        var text = ReadText(path);
        var blocks = CifSyntax.Parse(path, text);
        var withAtoms = blocks.FirstOrDefault(b => b.LoopWith("_atom_site_fract_x") is not null || b.Items.ContainsKey("_atom_site_fract_x")) ?? blocks[0];
        return FromBlock(path, withAtoms);
    }

    /// <summary>Every data block that describes a structure (blocks without atom sites are skipped).</summary>
    public static IReadOnlyList<Structure> ReadAll(string path)
    {
        var blocks = CifSyntax.Parse(path, ReadText(path));
        var list = blocks.Where(b => b.LoopWith("_atom_site_fract_x") is not null || b.Items.ContainsKey("_atom_site_fract_x"))
            .Select(b => FromBlock(path, b)).ToList();
        if (list.Count == 0) throw new NitrolyteFormatException(path, "no data block with _atom_site_fract_x/y/z", blocks[0].Line);
        return list;
    }

    /// <summary>Parses CIF text (for embedded resources and tests); <paramref name="name"/> is used in error messages.</summary>
    public static Structure Parse(string text, string name = "<cif>")
    {
        var blocks = CifSyntax.Parse(name, text);
        var withAtoms = blocks.FirstOrDefault(b => b.LoopWith("_atom_site_fract_x") is not null) ?? blocks[0];
        return FromBlock(name, withAtoms);
    }

    /// <summary>The symmetry operations of the first block with atoms (identity only when none are listed); used to
    /// expand an interstitial position over its orbit (screening rules).</summary>
    public static IReadOnlyList<SymmetryOperation> SymmetryOperations(string text, string name = "<cif>")
    {
        var blocks = CifSyntax.Parse(name, text);
        var withAtoms = blocks.FirstOrDefault(b => b.LoopWith("_atom_site_fract_x") is not null) ?? blocks[0];
        return ReadOperations(name, withAtoms);
    }

    private static string ReadText(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return File.ReadAllText(path);
    }

    private static Structure FromBlock(string path, CifBlock b)
    {
        double Cell(string tag, double? fallback = null)
        {
            var v = b.Item(tag);
            if (v is null)
            {
                if (fallback is not null) return fallback.Value;
                throw new NitrolyteFormatException(path, $"data_{b.Name}: missing cell parameter {tag}", b.Line);
            }
            var x = CifSyntax.ParseNumber(v.Value, path, tag);
            if (x is null)
            {
                if (fallback is not null) return fallback.Value;
                throw new NitrolyteFormatException(path, $"{tag} is unknown ('{v.Value.Text}')", v.Value.Line);
            }
            if (x <= 0) throw new NitrolyteFormatException(path, $"{tag} must be positive, got {x}", v.Value.Line);
            return x.Value;
        }

        double a = Cell("_cell_length_a"), bb = Cell("_cell_length_b"), c = Cell("_cell_length_c");
        double al = Cell("_cell_angle_alpha", 90), be = Cell("_cell_angle_beta", 90), ga = Cell("_cell_angle_gamma", 90);
        Lattice lattice;
        try { lattice = Lattice.FromParameters(a, bb, c, al, be, ga); }
        catch (NitrolyteInputException e) { throw new NitrolyteFormatException(path, e.Message, b.Item("_cell_angle_alpha")?.Line ?? b.Line); }

        var ops = ReadOperations(path, b);
        var oxByType = ReadTypeOxidation(b);

        var loop = b.LoopWith("_atom_site_fract_x");
        List<CifValue[]> rows;
        IReadOnlyList<string> tags;
        if (loop is not null) { rows = loop.Rows; tags = loop.Tags; }
        else
        {
            // a single atom written without a loop
            tags = b.Items.Keys.Where(k => k.StartsWith("_atom_site_", StringComparison.OrdinalIgnoreCase)).ToList();
            if (tags.Count == 0) throw new NitrolyteFormatException(path, $"data_{b.Name}: no _atom_site_ loop with fractional coordinates", b.Line);
            rows = [tags.Select(t => b.Items[t]).ToArray()];
        }
        int Col(string t) => tags.ToList().FindIndex(x => string.Equals(x, t, StringComparison.OrdinalIgnoreCase));
        int ix = Col("_atom_site_fract_x"), iy = Col("_atom_site_fract_y"), iz = Col("_atom_site_fract_z");
        if (ix < 0 || iy < 0 || iz < 0) throw new NitrolyteFormatException(path, "_atom_site_ loop lacks _atom_site_fract_x/y/z", loop?.Line ?? b.Line);
        int iType = Col("_atom_site_type_symbol"), iLabel = Col("_atom_site_label"), iOcc = Col("_atom_site_occupancy"),
            iMult = Col("_atom_site_symmetry_multiplicity");
        if (iType < 0 && iLabel < 0) throw new NitrolyteFormatException(path, "_atom_site_ loop has neither _atom_site_type_symbol nor _atom_site_label", loop?.Line ?? b.Line);

        var sites = new List<MutableSite>();
        var grid = new SiteGrid(lattice);
        foreach (var row in rows)
        {
            int line = row[ix].Line;
            string label = iLabel >= 0 ? row[iLabel].Text : row[iType].Text;
            string typeText = iType >= 0 && !row[iType].IsMissing ? row[iType].Text : label;
            var parsed = SpeciesSymbol.TryParse(typeText, fromLabel: iType < 0 || row[iType].IsMissing);
            if (parsed is null) throw new NitrolyteFormatException(path, $"unknown element in '{typeText}' (site {label})", line);
            var (element, ox) = parsed.Value;
            if (ox is null && oxByType.TryGetValue(typeText, out var oxt)) ox = oxt;
            double fx = Num(path, row[ix], "_atom_site_fract_x"), fy = Num(path, row[iy], "_atom_site_fract_y"), fz = Num(path, row[iz], "_atom_site_fract_z");
            double occ = 1;
            if (iOcc >= 0 && !row[iOcc].IsMissing) occ = Num(path, row[iOcc], "_atom_site_occupancy");
            if (occ < 0) throw new NitrolyteFormatException(path, $"negative occupancy {occ} for {label}", line);
            if (occ > 1 + OccupancyTolerance) throw new NitrolyteFormatException(path, $"occupancy {occ} above 1 for {label}", line);
            if (occ == 0) continue;

            // orbit of this row
            // orbit of this row, de-duplicated on a spatial grid: O(operations) per row, not O(operations²)
            var orbit = new List<(double, double, double)>();
            var orbitGrid = new SiteGrid(lattice);
            var orbitSites = new List<MutableSite>();
            foreach (var op in ops)
            {
                var (pa, pb, pc) = op.Apply(fx, fy, fz);
                pa = SymmetryOperation.Wrap(pa); pb = SymmetryOperation.Wrap(pb); pc = SymmetryOperation.Wrap(pc);
                if (orbitGrid.Find((pa, pb, pc), orbitSites) is not null) continue;
                orbitGrid.Add((pa, pb, pc), orbitSites.Count);
                orbitSites.Add(new MutableSite(label, (pa, pb, pc)));
                orbit.Add((pa, pb, pc));
            }
            if (iMult >= 0 && !row[iMult].IsMissing && CifSyntax.ParseWithUncertainty(row[iMult].Text) is { } m
                && (int)Math.Round(m.Value) != orbit.Count && ops.Count > 1)
                throw new NitrolyteFormatException(path,
                    $"site {label}: the symmetry operations generate {orbit.Count} positions but _atom_site_symmetry_multiplicity says {m.Value} (inconsistent symmetry operations or coordinates)", line);

            foreach (var pos in orbit)
            {
                var existing = grid.Find(pos, sites);
                if (existing is null)
                {
                    existing = new MutableSite(label, pos);
                    grid.Add(pos, sites.Count);
                    sites.Add(existing);
                }
                existing.Add(element, occ, ox);
                if (existing.Total > 1 + OccupancyTolerance)
                    throw new NitrolyteFormatException(path,
                        $"occupancies on the site at ({pos.Item1:0.####}, {pos.Item2:0.####}, {pos.Item3:0.####}) add up to {existing.Total:0.####} > 1 ({string.Join(" + ", existing.Species.Select(s => $"{s.Element} {s.Occ:0.###}"))}; row {label})", line);
            }
        }
        if (sites.Count == 0) throw new NitrolyteFormatException(path, $"data_{b.Name}: no atoms", b.Line);

        var sg = b.Item("_symmetry_space_group_name_H-M", "_space_group_name_H-M_alt", "_space_group.name_H-M_alt", "_symmetry_space_group_name_Hall")?.Text;
        return new Structure(lattice, sites.Select(s => s.ToSite()))
        {
            Title = b.Name,
            SpaceGroup = string.IsNullOrWhiteSpace(sg) || sg is "?" or "." ? null : sg.Trim(),
        };
    }

    private static double Num(string path, CifValue v, string tag) =>
        CifSyntax.ParseNumber(v, path, tag) ?? throw new NitrolyteFormatException(path, $"{tag} is missing ('{v.Text}')", v.Line);

    private static List<SymmetryOperation> ReadOperations(string path, CifBlock b)
    {
        string[] opTags = ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz", "_space_group_symop.operation_xyz"];
        var loop = b.LoopWith(opTags);
        var values = new List<CifValue>();
        if (loop is not null)
        {
            int col = opTags.Select(loop.IndexOf).First(i => i >= 0);
            values.AddRange(loop.Rows.Select(r => r[col]));
        }
        else if (b.Item(opTags) is { } single) values.Add(single);
        if (values.Count == 0) return [SymmetryOperation.Identity];

        var set = new SymmetryOperationSet();
        foreach (var v in values)
        {
            var op = SymmetryOperation.TryParse(v.Text, out var problem)
                     ?? throw new NitrolyteFormatException(path, $"bad symmetry operation: {problem}", v.Line);
            set.Add(op);
            if (set.Count > MaxSymmetryOperations)
                throw new NitrolyteFormatException(path,
                    $"more than {MaxSymmetryOperations} distinct symmetry operations (a space group has at most 192 in a conventional cell): refused", v.Line);
        }
        // A space group is closed under composition; a list that is not is a typo or a truncated list.
        if (set.FindClosureViolation() is { } bad)
            throw new NitrolyteFormatException(path, ReferenceEquals(bad.Product, SymmetryOperation.Identity) && !set.Contains(SymmetryOperation.Identity)
                ? "inconsistent symmetry operations: the list lacks the identity 'x, y, z'"
                : $"inconsistent symmetry operations: '{bad.X}' combined with '{bad.G}' gives '{bad.Product}', which is not in the list", values[0].Line);
        return set.Operations.ToList();
    }

    private static Dictionary<string, double> ReadTypeOxidation(CifBlock b)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        var loop = b.LoopWith("_atom_type_oxidation_number");
        if (loop is null) return d;
        int s = loop.IndexOf("_atom_type_symbol"), o = loop.IndexOf("_atom_type_oxidation_number");
        if (s < 0 || o < 0) return d;
        foreach (var r in loop.Rows)
            if (CifSyntax.ParseWithUncertainty(r[o].Text) is { } v) d[r[s].Text] = v.Value;
        return d;
    }

    internal static double Distance(Lattice l, (double, double, double) p, (double, double, double) q)
    {
        double da = p.Item1 - q.Item1, db = p.Item2 - q.Item2, dc = p.Item3 - q.Item3;
        da -= Math.Round(da); db -= Math.Round(db); dc -= Math.Round(dc);
        var (x, y, z) = l.ToCartesian(da, db, dc);
        return Math.Sqrt(x * x + y * y + z * z);
    }

    /// <summary>Buckets of about 1 Å along each lattice vector, so finding a site at a position is O(1).</summary>
    private sealed class SiteGrid
    {
        private readonly Lattice _lattice;
        private readonly int[] _n;
        private readonly Dictionary<(int, int, int), List<int>> _cells = [];

        public SiteGrid(Lattice lattice)
        {
            _lattice = lattice;
            _n = NeighbourList.PerpendicularWidths(lattice).Select(w => Math.Clamp((int)Math.Floor(w / 1.0), 1, 200)).ToArray();
        }

        private (int, int, int) Key((double, double, double) p) =>
            (Math.Min((int)(p.Item1 * _n[0]), _n[0] - 1), Math.Min((int)(p.Item2 * _n[1]), _n[1] - 1), Math.Min((int)(p.Item3 * _n[2]), _n[2] - 1));

        public void Add((double, double, double) p, int index)
        {
            var k = Key(p);
            if (!_cells.TryGetValue(k, out var list)) _cells[k] = list = [];
            list.Add(index);
        }

        public MutableSite? Find((double, double, double) p, List<MutableSite> sites)
        {
            var (a, b, c) = Key(p);
            for (int da = -1; da <= 1; da++)
            for (int db = -1; db <= 1; db++)
            for (int dc = -1; dc <= 1; dc++)
            {
                var k = (Mod(a + da, _n[0]), Mod(b + db, _n[1]), Mod(c + dc, _n[2]));
                if (!_cells.TryGetValue(k, out var list)) continue;
                foreach (var i in list)
                    if (Distance(_lattice, sites[i].Pos, p) < MergeToleranceA) return sites[i];
            }
            return null;
        }

        private static int Mod(int x, int n) => ((x % n) + n) % n;
    }

    private sealed class MutableSite(string label, (double, double, double) pos)
    {
        public string Label { get; } = label;
        public (double, double, double) Pos { get; } = pos;
        public List<(string Element, double Occ, double? Ox)> Species { get; } = [];
        public double Total => Species.Sum(s => s.Occ);

        public void Add(string el, double occ, double? ox)
        {
            int i = Species.FindIndex(s => s.Element == el && s.Ox == ox);
            if (i >= 0)
            {
                // the same row's image landing here again is not a second atom; a different row adds up
                Species[i] = (el, Species[i].Occ + occ, ox);
            }
            else Species.Add((el, occ, ox));
        }

        public Site ToSite()
        {
            var total = Total;
            double scale = total > 1 ? 1 / total : 1;
            return new Site(Label, Pos.Item1, Pos.Item2, Pos.Item3,
                Species.Select(s => new SiteSpecies(s.Element, s.Occ * scale, s.Ox)).ToList());
        }
    }
}

/// <summary>Element (and charge) from CIF type symbols and labels: "Li", "Li1+", "O2-", "Cl-", "Li1" (label), "N2A".</summary>
public static class SpeciesSymbol
{
    public static (string Element, double? Oxidation)? TryParse(string text, bool fromLabel = false)
    {
        var t = text.Trim();
        int p = 0;
        while (p < t.Length && char.IsLetter(t[p])) p++;
        var letters = t[..p];
        if (letters.Length == 0) return null;
        string? el = null;
        if (!fromLabel)
        {
            // a type symbol is exactly an element symbol (case-insensitive), then an optional charge
            if (letters.Length > 2) return null;
            var norm = char.ToUpperInvariant(letters[0]) + (letters.Length == 2 ? char.ToLowerInvariant(letters[1]).ToString() : "");
            if (Element.TryGet(norm, out _)) el = norm;
        }
        else
        {
            // a label: element symbol followed by anything ("Li1", "N2A", "Cl1a"); a lower-case second letter belongs to the symbol
            if (letters.Length >= 2 && char.IsLower(letters[1]))
            {
                var two = char.ToUpperInvariant(letters[0]) + letters[1].ToString();
                if (Element.TryGet(two, out _)) el = two;
            }
            if (el is null && letters.Length >= 2 && char.IsUpper(letters[0]) && char.IsUpper(letters[1]))
            {
                var two = letters[0] + char.ToLowerInvariant(letters[1]).ToString();
                var one = letters[0].ToString();
                if (!Element.TryGet(one, out _) && Element.TryGet(two, out _)) el = two;
            }
            if (el is null)
            {
                var one = char.ToUpperInvariant(letters[0]).ToString();
                if (Element.TryGet(one, out _)) el = one;
            }
        }
        if (el is null) return null;
        if (el == "D" || el == "T") el = "H";
        double? ox = null;
        if (!fromLabel)
        {
            var rest = t[p..];
            if (rest.Length > 0)
            {
                // "2+", "1-", "+", "-" (and the less common "+2", "-1")
                if (rest.Length > 1 && rest[0] is '+' or '-' && rest[1..].All(char.IsDigit)) rest = rest[1..] + rest[0];
                char sign = rest[^1];
                if (sign is '+' or '-')
                {
                    var mag = rest[..^1];
                    double m = 1;
                    if (mag.Length > 0 && !double.TryParse(mag, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out m)) return null;
                    ox = sign == '-' ? -m : m;
                }
                else if (!rest.All(char.IsDigit)) return null;
            }
        }
        return (el, ox);
    }
}
