using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Structures;

/// <summary>A neighbour of a site: its index, distance and the lattice translation of the image.</summary>
public readonly record struct Neighbour(int Index, double DistanceA, int ImageA, int ImageB, int ImageC);

/// <summary>
/// Periodic neighbour lists with cell lists that work for any cell shape: the cell is cut into bins along each
/// lattice vector no thinner (perpendicular width) than the cutoff, and each bin is compared with enough
/// neighbouring bins (with periodic images) to cover the cutoff sphere. O(N) for a fixed density.
/// </summary>
public static class NeighbourList
{
    /// <summary>All neighbours within <paramref name="cutoffA"/> of every site (images included, the site itself at zero distance excluded).</summary>
    public static List<Neighbour>[] Build(Structure s, double cutoffA) => Build(s.Lattice, s.Sites.Select(x => (x.FracA, x.FracB, x.FracC)).ToArray(), cutoffA);

    public static List<Neighbour>[] Build(Lattice lattice, IReadOnlyList<(double A, double B, double C)> frac, double cutoffA)
    {
        if (cutoffA <= 0) throw new NitrolyteInputException("neighbour cutoff must be positive");
        int n = frac.Count;
        var widths = PerpendicularWidths(lattice);
        var nb = new int[3];
        var reach = new int[3];
        for (int k = 0; k < 3; k++)
        {
            nb[k] = Math.Max(1, Math.Min((int)Math.Floor(widths[k] / cutoffA), 64));
            reach[k] = (int)Math.Ceiling(cutoffA / (widths[k] / nb[k]));
        }
        var wrapped = new (double A, double B, double C)[n];
        var bins = new List<int>[nb[0] * nb[1] * nb[2]];
        for (int i = 0; i < bins.Length; i++) bins[i] = [];
        var binOf = new (int, int, int)[n];
        for (int i = 0; i < n; i++)
        {
            var f = (SymmetryOperation.Wrap(frac[i].A), SymmetryOperation.Wrap(frac[i].B), SymmetryOperation.Wrap(frac[i].C));
            wrapped[i] = f;
            int ba = Math.Min((int)(f.Item1 * nb[0]), nb[0] - 1), bb = Math.Min((int)(f.Item2 * nb[1]), nb[1] - 1), bc = Math.Min((int)(f.Item3 * nb[2]), nb[2] - 1);
            binOf[i] = (ba, bb, bc);
            bins[(ba * nb[1] + bb) * nb[2] + bc].Add(i);
        }
        var m = lattice.Matrix;
        double cut2 = cutoffA * cutoffA;
        var result = new List<Neighbour>[n];
        for (int i = 0; i < n; i++)
        {
            var list = new List<Neighbour>();
            var (ba, bb, bc) = binOf[i];
            for (int da = -reach[0]; da <= reach[0]; da++)
            for (int db = -reach[1]; db <= reach[1]; db++)
            for (int dc = -reach[2]; dc <= reach[2]; dc++)
            {
                int ta = ba + da, tb = bb + db, tc = bc + dc;
                int ia = FloorDiv(ta, nb[0]), ib = FloorDiv(tb, nb[1]), ic = FloorDiv(tc, nb[2]);
                var bin = bins[((ta - ia * nb[0]) * nb[1] + (tb - ib * nb[1])) * nb[2] + (tc - ic * nb[2])];
                foreach (var j in bin)
                {
                    double fa = wrapped[j].A + ia - wrapped[i].A, fb = wrapped[j].B + ib - wrapped[i].B, fc = wrapped[j].C + ic - wrapped[i].C;
                    double x = fa * m[0, 0] + fb * m[1, 0] + fc * m[2, 0];
                    double y = fa * m[0, 1] + fb * m[1, 1] + fc * m[2, 1];
                    double z = fa * m[0, 2] + fb * m[1, 2] + fc * m[2, 2];
                    double d2 = x * x + y * y + z * z;
                    if (d2 > cut2 || d2 < 1e-16) continue;
                    // image translation relative to the original (unwrapped) coordinates
                    int sa = ia + (int)Math.Round(frac[i].A - wrapped[i].A) - (int)Math.Round(frac[j].A - wrapped[j].A);
                    int sb = ib + (int)Math.Round(frac[i].B - wrapped[i].B) - (int)Math.Round(frac[j].B - wrapped[j].B);
                    int sc = ic + (int)Math.Round(frac[i].C - wrapped[i].C) - (int)Math.Round(frac[j].C - wrapped[j].C);
                    list.Add(new Neighbour(j, Math.Sqrt(d2), sa, sb, sc));
                }
            }
            list.Sort((p, q) => p.DistanceA.CompareTo(q.DistanceA));
            result[i] = list;
        }
        return result;
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    /// <summary>Distances between opposite faces of the cell (Å): V / |b×c|, V / |c×a|, V / |a×b|.</summary>
    public static double[] PerpendicularWidths(Lattice l)
    {
        var m = l.Matrix;
        double[] Row(int i) => [m[i, 0], m[i, 1], m[i, 2]];
        double Cross(double[] u, double[] v) => Math.Sqrt(Math.Pow(u[1] * v[2] - u[2] * v[1], 2) + Math.Pow(u[2] * v[0] - u[0] * v[2], 2) + Math.Pow(u[0] * v[1] - u[1] * v[0], 2));
        var v = l.VolumeA3;
        return [v / Cross(Row(1), Row(2)), v / Cross(Row(2), Row(0)), v / Cross(Row(0), Row(1))];
    }
}

/// <summary>Supercells, element substitutions and other whole-structure operations.</summary>
public static class StructureTools
{
    /// <summary>Diagonal supercell na x nb x nc.</summary>
    public static Structure Supercell(this Structure s, int na, int nb, int nc) => s.Supercell(new[,] { { na, 0, 0 }, { 0, nb, 0 }, { 0, 0, nc } });

    /// <summary>
    /// Supercell by an integer matrix M (new lattice vectors = M · old, rows). det(M) must be positive; the
    /// result holds det(M) copies of every site. Labels are kept.
    /// </summary>
    public static Structure Supercell(this Structure s, int[,] m)
    {
        if (m.GetLength(0) != 3 || m.GetLength(1) != 3) throw new NitrolyteInputException("supercell matrix must be 3x3");
        var md = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) md[i, j] = m[i, j];
        double det = Lattice.Determinant(md);
        if (det < 0.5) throw new NitrolyteInputException($"supercell matrix must have a positive determinant (got {det})");
        var L = s.Lattice.Matrix;
        var newM = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++) newM[i, j] += m[i, k] * L[k, j];
        var newLattice = new Lattice(newM);
        // fractional in new cell: f_new = f_old · M^{-1}
        var inv = Lattice.Invert(md);
        // range of old-cell translations: corners of the new cell in old fractional coordinates
        int[] lo = [int.MaxValue, int.MaxValue, int.MaxValue], hi = [int.MinValue, int.MinValue, int.MinValue];
        for (int c = 0; c < 8; c++)
        {
            int[] corner = [c & 1, (c >> 1) & 1, (c >> 2) & 1];
            for (int j = 0; j < 3; j++)
            {
                int v = corner[0] * m[0, j] + corner[1] * m[1, j] + corner[2] * m[2, j];
                lo[j] = Math.Min(lo[j], v); hi[j] = Math.Max(hi[j], v);
            }
        }
        var sites = new List<Site>();
        const double eps = 1e-8;
        for (int ta = lo[0]; ta <= hi[0]; ta++)
        for (int tb = lo[1]; tb <= hi[1]; tb++)
        for (int tc = lo[2]; tc <= hi[2]; tc++)
            foreach (var site in s.Sites)
            {
                double a = SymmetryOperation.Wrap(site.FracA) + ta, b = SymmetryOperation.Wrap(site.FracB) + tb, c = SymmetryOperation.Wrap(site.FracC) + tc;
                double na = a * inv[0, 0] + b * inv[1, 0] + c * inv[2, 0];
                double nb = a * inv[0, 1] + b * inv[1, 1] + c * inv[2, 1];
                double nc = a * inv[0, 2] + b * inv[1, 2] + c * inv[2, 2];
                if (na < -eps || na >= 1 - eps || nb < -eps || nb >= 1 - eps || nc < -eps || nc >= 1 - eps) continue;
                sites.Add(site with { FracA = Math.Max(0, na), FracB = Math.Max(0, nb), FracC = Math.Max(0, nc) });
            }
        int expected = (int)Math.Round(det) * s.Sites.Count;
        if (sites.Count != expected) throw new InvalidOperationException($"supercell built {sites.Count} sites, expected {expected}");
        return new Structure(newLattice, sites) { Title = s.Title, SpaceGroup = null };
    }

    /// <summary>The same lattice with other sites.</summary>
    public static Structure WithSites(this Structure s, IEnumerable<Site> sites) => new(s.Lattice, sites) { Title = s.Title, SpaceGroup = s.SpaceGroup };

    /// <summary>Positions folded into [0, 1).</summary>
    public static Structure Wrapped(this Structure s) => s.WithSites(s.Sites.Select(x => x with
    {
        FracA = SymmetryOperation.Wrap(x.FracA), FracB = SymmetryOperation.Wrap(x.FracB), FracC = SymmetryOperation.Wrap(x.FracC),
    }));

    /// <summary>Minimum-image distance (Å) between two sites (checks the 27 neighbouring images; exact for reduced cells).</summary>
    public static double Distance(this Structure s, int i, int j)
    {
        var p = s.Sites[i];
        var q = s.Sites[j];
        double da = q.FracA - p.FracA, db = q.FracB - p.FracB, dc = q.FracC - p.FracC;
        da -= Math.Round(da); db -= Math.Round(db); dc -= Math.Round(dc);
        double best = double.MaxValue;
        for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) for (int c = -1; c <= 1; c++)
        {
            var (x, y, z) = s.Lattice.ToCartesian(da + a, db + b, dc + c);
            best = Math.Min(best, x * x + y * y + z * z);
        }
        return Math.Sqrt(best);
    }

    /// <summary>
    /// The summary `structure info --json` prints and the evaluate step reports: formula, reduced formula and Z,
    /// density, volume, site count, lattice parameters and the space group as given by the file.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject InfoJson(this Structure s)
    {
        var (reduced, z) = s.ReducedFormula();
        return new System.Text.Json.Nodes.JsonObject
        {
            ["formula"] = s.Composition.Formula,
            ["reduced_formula"] = reduced,
            ["z"] = z,
            ["density_g_per_cm3"] = s.DensityGPerCm3,
            ["volume_a3"] = s.VolumeA3,
            ["n_sites"] = s.Sites.Count,
            ["ordered"] = s.IsOrdered,
            ["lattice"] = new System.Text.Json.Nodes.JsonObject
            {
                ["a"] = s.Lattice.A, ["b"] = s.Lattice.B, ["c"] = s.Lattice.C,
                ["alpha"] = s.Lattice.AlphaDeg, ["beta"] = s.Lattice.BetaDeg, ["gamma"] = s.Lattice.GammaDeg,
            },
            ["space_group"] = s.SpaceGroup,
        };
    }

    /// <summary>Number of formula units Z of the reduced formula in the cell and the reduced formula (integer amounts only; else Z = 1).</summary>
    public static (string Formula, int Z) ReducedFormula(this Structure s)
    {
        var comp = s.Composition;
        return comp.DivideByIntegerGcd(1e-6) is (Composition reduced, long g) ? (reduced.Formula, (int)g) : (comp.Formula, 1);
    }
}

/// <summary>
/// Oxidation states for electrostatics. Rule (documented in docs/structures.md): states already on the species are
/// kept; then explicit overrides (e.g. Li=1,N=-3,Cl=-1); then a fixed table of common ions: alkali metals and Ag +1;
/// alkaline earths and Zn +2; B, Al, Ga, In, Sc, Y, La +3; Si, Ge, Sn, Ti, Zr, Hf +4; halogens -1;
/// O, S, Se, Te -2; N -3; P -3 when no O/S/Se/Te is present, else +5; H +1 (with anions) or -1 (hydride, no anions).
/// At most one element outside the table is solved for charge neutrality among its common oxidation states
/// (elements.csv). If that fails the caller must give the states explicitly.
/// </summary>
public static class OxidationStates
{
    private static readonly Dictionary<string, double> Table = new()
    {
        ["Li"] = 1, ["Na"] = 1, ["K"] = 1, ["Rb"] = 1, ["Cs"] = 1, ["Ag"] = 1,
        ["Be"] = 2, ["Mg"] = 2, ["Ca"] = 2, ["Sr"] = 2, ["Ba"] = 2, ["Zn"] = 2,
        ["B"] = 3, ["Al"] = 3, ["Ga"] = 3, ["In"] = 3, ["Sc"] = 3, ["Y"] = 3, ["La"] = 3,
        ["Si"] = 4, ["Ge"] = 4, ["Sn"] = 4, ["Ti"] = 4, ["Zr"] = 4, ["Hf"] = 4,
        ["F"] = -1, ["Cl"] = -1, ["Br"] = -1, ["I"] = -1,
        ["O"] = -2, ["S"] = -2, ["Se"] = -2, ["Te"] = -2, ["N"] = -3,
    };

    /// <summary>Parses "Li=1,N=-3,Cl=-1".</summary>
    public static Dictionary<string, double> ParseOverrides(string? text)
    {
        var d = new Dictionary<string, double>();
        if (string.IsNullOrWhiteSpace(text)) return d;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !Element.TryGet(kv[0], out _) ||
                !double.TryParse(kv[1].Replace("+", ""), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                throw new NitrolyteInputException($"oxidation states: '{part}' is not Element=charge (e.g. Li=1,N=-3)");
            d[kv[0]] = v;
        }
        return d;
    }

    /// <summary>Returns a copy of the structure with an oxidation state on every species (see the class summary for the rule).</summary>
    public static Structure Assign(Structure s, IReadOnlyDictionary<string, double>? overrides = null)
    {
        var elements = s.Sites.SelectMany(x => x.Species).Select(x => x.Element).Distinct().ToList();
        var given = new Dictionary<string, double>();
        foreach (var sp in s.Sites.SelectMany(x => x.Species))
            if (sp.OxidationState is { } ox) given.TryAdd(sp.Element, ox);
        var map = new Dictionary<string, double>();
        bool hasChalcogen = elements.Any(e => e is "O" or "S" or "Se" or "Te");
        bool hasAnion = elements.Any(e => e is "F" or "Cl" or "Br" or "I" or "O" or "S" or "Se" or "Te" or "N" or "P");
        var unknown = new List<string>();
        foreach (var e in elements)
        {
            if (overrides is not null && overrides.TryGetValue(e, out var o)) map[e] = o;
            else if (given.TryGetValue(e, out var g)) map[e] = g;
            else if (e == "P") map[e] = hasChalcogen ? 5 : -3;
            else if (e == "H") map[e] = hasAnion ? 1 : -1;
            else if (Table.TryGetValue(e, out var t)) map[e] = t;
            else unknown.Add(e);
        }
        var comp = s.Composition;
        if (unknown.Count == 1)
        {
            var e = unknown[0];
            double rest = map.Sum(kv => kv.Value * comp[kv.Key]);
            double need = -rest / comp[e];
            var options = Element.FromSymbol(e).CommonOxidationStates;
            var best = options.Where(x => Math.Abs(x - need) < 1e-3).Select(x => (double?)x).FirstOrDefault();
            map[e] = best ?? throw new NitrolyteInputException(
                $"cannot assign an oxidation state to {e} (neutrality needs {need:0.###}, common states {string.Join("/", options)}); give them with --oxidation, e.g. {string.Join(",", elements.Select(x => x + "=..."))}");
        }
        else if (unknown.Count > 1)
            throw new NitrolyteInputException($"no oxidation-state rule for {string.Join(", ", unknown)}; give them with --oxidation (e.g. {string.Join(",", unknown.Select(x => x + "=2"))})");
        return s.WithSites(s.Sites.Select(site => site with
        {
            Species = site.Species.Select(sp => sp with { OxidationState = overrides is not null && overrides.ContainsKey(sp.Element) ? overrides[sp.Element] : sp.OxidationState ?? map[sp.Element] }).ToList(),
        }));
    }

    /// <summary>Net charge of the cell (occupancy-weighted), e.</summary>
    public static double NetCharge(Structure s) => s.Sites.SelectMany(x => x.Species).Sum(sp => sp.Occupancy * (sp.OxidationState ?? 0));
}
