using Nitrolyte.Structures;

namespace Nitrolyte.Migration;

/// <summary>What happens at an endpoint of the hop in the structure: the mobile-ion atom found there (0-based index in
/// the supercell before removal, null when the site is empty) and its distance from the BVSE site (Å).</summary>
public sealed record NebEndpoint(int? Atom, double? DistanceA);

/// <summary>
/// NEB images as structures: <see cref="Structures"/>[k] is image k (0 = start, last = end) in the supercell
/// <see cref="Supercell"/>; the moving ion is atom 0 of every image and the other atoms are the same, in the same
/// order, in all of them. <see cref="ClosestApproachA"/>[k]: shortest distance from the moving ion to any other atom.
/// </summary>
public sealed record NebImages(
    NebPath Path, int[] Supercell, double ImageDistanceA, IReadOnlyList<Structure> Structures, IReadOnlyList<double> ClosestApproachA,
    NebEndpoint Start, NebEndpoint End, int MobileIonChange, string Mechanism, IReadOnlyList<string> Notes);

/// <summary>
/// Builds NEB start structures from a resampled BVSE hop: the smallest diagonal supercell whose shortest lattice
/// vector is at least the asked distance (so periodic images of the moving ion are that far apart), the hop placed
/// with its start in the supercell's first unit cell, the mobile-ion atoms at the two endpoints (within
/// <see cref="OccupiedToleranceA"/> of the BVSE site, or 1.5 grid steps when larger) taken out and one moving ion put
/// on the path. Both endpoints occupied = vacancy hop (one mobile ion fewer); one occupied = the atom moves to the
/// empty site (composition kept); both empty = an extra (interstitial) ion. The moving ion's coordinates are
/// continuous from image to image (they may lie slightly outside 0..1). Pure: no I/O.
/// </summary>
public static class NebImageBuilder
{
    public const double OccupiedToleranceA = 0.5;
    public const int MaxRepeat = 12;
    public const int MaxAtoms = 3000;

    public static NebImages Build(Structure structure, string mobileIon, NebPath path, double minImageDistanceA, EnergyGrid grid)
    {
        RequireOrdered(structure);
        if (!(minImageDistanceA >= 0 && minImageDistanceA <= 40)) throw new Core.NitrolyteInputException($"the minimum image distance must be 0..40 Å (got {minImageDistanceA})");
        var n = ChooseSupercell(structure.Lattice, minImageDistanceA, structure.Sites.Count, out var dist);
        var sc = structure.Supercell(n[0], n[1], n[2]);
        var lat = sc.Lattice;
        var first = path.Images[0];
        int[] shift = [(int)Math.Floor(first.FracA), (int)Math.Floor(first.FracB), (int)Math.Floor(first.FracC)];
        (double A, double B, double C) ToSc(NebPathPoint p) => ((p.FracA - shift[0]) / n[0], (p.FracB - shift[1]) / n[1], (p.FracC - shift[2]) / n[2]);
        var startF = ToSc(path.Images[0]);
        var endF = ToSc(path.Images[^1]);
        double tol = Math.Max(OccupiedToleranceA, 1.5 * Math.Max(grid.Lattice.A / grid.Na, Math.Max(grid.Lattice.B / grid.Nb, grid.Lattice.C / grid.Nc)));
        if (Distance(lat, startF, endF) < tol)
            throw new Core.NitrolyteInputException($"the end of the hop is a periodic image of its start in the {n[0]}x{n[1]}x{n[2]} supercell: raise the minimum image distance above {path.Hop.StraightLengthA:0.##} Å");
        var start = Nearest(sc, mobileIon, startF, tol, null);
        var end = Nearest(sc, mobileIon, endF, tol, start.Atom);
        var notes = new List<string>();
        int change = 1 - (start.Atom is null ? 0 : 1) - (end.Atom is null ? 0 : 1);
        string mechanism = (start.Atom, end.Atom) switch
        {
            (not null, not null) => $"vacancy hop: the {mobileIon} at the end site is removed (one {mobileIon} vacancy) and the {mobileIon} at the start site moves into it",
            (not null, null) => $"the {mobileIon} at the start site moves to the empty end site (composition kept)",
            (null, not null) => $"the {mobileIon} on the end site is taken off and starts on the empty start site (composition kept; the image 00 is the structure with that {mobileIon} moved)",
            _ => $"interstitial: both sites are empty, an extra {mobileIon} is added and moves along the path",
        };
        if (change != 0)
            notes.Add($"the images hold {(change > 0 ? "one more" : "one fewer")} {mobileIon} than the {n[0]}x{n[1]}x{n[2]} supercell: the cell is charged by {(change > 0 ? "+1" : "-1")} {mobileIon}+; compensate in the calculation (NELECT or a neutralising background)");
        var removed = new HashSet<int>();
        if (start.Atom is int sa) removed.Add(sa);
        if (end.Atom is int ea) removed.Add(ea);
        // the other atoms grouped by element (mobile ion first, then by first appearance), so that POSCAR (which groups
        // species) and extended XYZ list the atoms in the same order
        var groups = new List<string> { mobileIon };
        foreach (var s in sc.Sites) if (!groups.Contains(s.Species[0].Element)) groups.Add(s.Species[0].Element);
        var fixedSites = sc.Sites.Where((_, i) => !removed.Contains(i)).OrderBy(s => groups.IndexOf(s.Species[0].Element)).ToList();
        var structures = new List<Structure>();
        var closest = new List<double>();
        for (int k = 0; k < path.Images.Count; k++)
        {
            var f = ToSc(path.Images[k]);
            var moving = Site.Ordered(mobileIon, f.A, f.B, f.C, label: $"{mobileIon}_moving");
            structures.Add(new Structure(lat, [moving, .. fixedSites]) { Title = $"{structure.Title ?? sc.Composition.Formula} NEB image {k:00} of {path.Images.Count - 1}" });
            closest.Add(fixedSites.Count == 0 ? double.PositiveInfinity : fixedSites.Min(s => Distance(lat, f, (s.FracA, s.FracB, s.FracC))));
        }
        double minClose = closest.Min();
        if (minClose < 1.4)
        {
            int k = closest.IndexOf(minClose);
            notes.Add($"the moving {mobileIon} comes within {minClose:0.00} Å of another atom at image {k:00} (BVSE leaves out {mobileIon}-{mobileIon} repulsion): check that image before the NEB");
        }
        return new NebImages(path, n, dist, structures, closest, start, end, change, mechanism, notes);
    }

    /// <summary>Refuses a structure with partially occupied or mixed sites (NEB needs whole atoms), naming one such site and the fix.</summary>
    public static void RequireOrdered(Structure structure, string? name = null)
    {
        if (structure.IsOrdered) return;
        var bad = structure.Sites.Where(s => !s.IsOrdered).ToList();
        throw new Core.NitrolyteInputException(
            $"{name ?? structure.Title ?? "the structure"} has {bad.Count} partially occupied or mixed site(s) (e.g. {bad[0].Label}: {string.Join(" + ", bad[0].Species.Select(x => $"{x.Element} {x.Occupancy:0.###}"))}); " +
                        "NEB needs an ordered cell: run 'nitrolyte order <structure> --out dir' and give one of its ordered structures");
    }

    /// <summary>
    /// The diagonal supercell (na, nb, nc ≤ <see cref="MaxRepeat"/>) with the fewest cells whose shortest lattice vector is
    /// at least <paramref name="minDistanceA"/>; ties go to the larger shortest vector, then the lower (na, nb, nc).
    /// </summary>
    public static int[] ChooseSupercell(Lattice lattice, double minDistanceA, int sitesPerCell, out double shortestA)
    {
        int[]? best = null;
        double bestD = 0;
        for (int a = 1; a <= MaxRepeat; a++)
        for (int b = 1; b <= MaxRepeat; b++)
        for (int c = 1; c <= MaxRepeat; c++)
        {
            double d = ShortestVectorA(Scale(lattice, a, b, c));
            if (d < minDistanceA - 1e-9) continue;
            int cells = a * b * c;
            if (best is null || cells < best[0] * best[1] * best[2] || (cells == best[0] * best[1] * best[2] && d > bestD + 1e-9))
            { best = [a, b, c]; bestD = d; }
        }
        if (best is null) throw new Core.NitrolyteInputException($"no supercell up to {MaxRepeat}x{MaxRepeat}x{MaxRepeat} puts periodic images {minDistanceA} Å apart; lower the minimum image distance");
        long atoms = (long)best[0] * best[1] * best[2] * sitesPerCell;
        if (atoms > MaxAtoms) throw new Core.NitrolyteInputException($"a {best[0]}x{best[1]}x{best[2]} supercell ({atoms} atoms) is needed for {minDistanceA} Å between periodic images: more than {MaxAtoms} atoms; lower the minimum image distance");
        shortestA = bestD;
        return best;
    }

    /// <summary>Length of the shortest non-zero lattice vector (Å), over integer combinations −3..3 of the cell vectors.</summary>
    public static double ShortestVectorA(Lattice l)
    {
        double best = double.PositiveInfinity;
        for (int i = -3; i <= 3; i++)
        for (int j = -3; j <= 3; j++)
        for (int k = -3; k <= 3; k++)
        {
            if (i == 0 && j == 0 && k == 0) continue;
            var (x, y, z) = l.ToCartesian(i, j, k);
            best = Math.Min(best, Math.Sqrt(x * x + y * y + z * z));
        }
        return best;
    }

    private static Lattice Scale(Lattice l, int a, int b, int c)
    {
        var m = l.Matrix;
        int[] f = [a, b, c];
        var s = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) s[i, j] = m[i, j] * f[i];
        return new Lattice(s);
    }

    /// <summary>Minimum-image distance (Å) between two fractional positions of a cell (27 neighbouring images searched).</summary>
    public static double Distance(Lattice l, (double A, double B, double C) p, (double A, double B, double C) q)
    {
        double da = p.A - q.A, db = p.B - q.B, dc = p.C - q.C;
        da -= Math.Round(da); db -= Math.Round(db); dc -= Math.Round(dc);
        double best = double.PositiveInfinity;
        for (int i = -1; i <= 1; i++)
        for (int j = -1; j <= 1; j++)
        for (int k = -1; k <= 1; k++)
        {
            var (x, y, z) = l.ToCartesian(da + i, db + j, dc + k);
            best = Math.Min(best, x * x + y * y + z * z);
        }
        return Math.Sqrt(best);
    }

    private static NebEndpoint Nearest(Structure sc, string ion, (double A, double B, double C) f, double tol, int? exclude)
    {
        int? best = null;
        double bd = double.PositiveInfinity;
        for (int i = 0; i < sc.Sites.Count; i++)
        {
            var s = sc.Sites[i];
            if (i == exclude || s.Species[0].Element != ion) continue;
            double d = Distance(sc.Lattice, f, (s.FracA, s.FracB, s.FracC));
            if (d < bd) { bd = d; best = i; }
        }
        return best is int b && bd <= tol ? new NebEndpoint(b, bd) : new NebEndpoint(null, null);
    }
}
