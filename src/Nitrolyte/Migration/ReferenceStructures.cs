using Nitrolyte.Structures;

namespace Nitrolyte.Migration;

/// <summary>
/// The structures the BVSE validation and benchmarks use, built in code (Fm-3m positions expanded by hand) so the
/// tests do not depend on a CIF reader. Internal: tests and benchmarks only.
/// </summary>
internal static class ReferenceStructures
{
    private static readonly (double, double, double)[] FccTranslations = [(0, 0, 0), (0, 0.5, 0.5), (0.5, 0, 0.5), (0.5, 0.5, 0)];

    private static IEnumerable<(double, double, double)> Fcc(double x, double y, double z) =>
        FccTranslations.Select(t => (Frac(x + t.Item1), Frac(y + t.Item2), Frac(z + t.Item3)));

    private static double Frac(double f) { f -= Math.Floor(f); return f >= 1 - 1e-12 ? 0 : f; }

    /// <summary>Antifluorite: anions (4a) with the given species and occupancies, Li on 8c with occupancy liOcc.</summary>
    public static Structure Antifluorite(double a, IReadOnlyList<SiteSpecies> anion, double liOcc = 1.0, string title = "antifluorite")
    {
        var sites = new List<Site>();
        foreach (var (x, y, z) in Fcc(0, 0, 0)) sites.Add(new Site("X4a", x, y, z, anion));
        foreach (var (x, y, z) in Fcc(0.25, 0.25, 0.25).Concat(Fcc(0.75, 0.75, 0.75)))
            sites.Add(new Site("Li8c", x, y, z, [new SiteSpecies("Li", liOcc, 1)]));
        return new Structure(Lattice.Cubic(a), sites) { Title = title, SpaceGroup = "Fm-3m" };
    }

    public static Structure Li2S(double a = 5.719) => Antifluorite(a, [new SiteSpecies("S", 1, -2)], 1, $"Li2S a={a}");

    /// <summary>
    /// Li2.5N0.5S0.5 (seed 003): a = 5.458 Å, N/S 0.5/0.5 on 4a, Li 8c fully occupied, extra Li on 24e (x,0,0).
    /// Occupancy of 24e = 1/12 from the composition (10 Li per cell: 8 on 8c + 2 over 24 sites). The seed text says
    /// "about 0.966 for Li2", which cannot hold for this composition (23 extra Li per cell); x is not given in the
    /// seed text (Table S1 is in the SI): 0.37 puts Li 2.0 Å from an anion. Neither enters the BVSE energy (the
    /// mobile ion does not interact with other Li in this model).
    /// </summary>
    public static Structure Li25N05S05(double x24e = 0.37)
    {
        var s = Antifluorite(5.458, [new SiteSpecies("N", 0.5, -3), new SiteSpecies("S", 0.5, -2)], 1, "Li2.5N0.5S0.5");
        var sites = s.Sites.ToList();
        var orbit = new HashSet<(double, double, double)>();
        foreach (var v in new[] { x24e, -x24e })
        foreach (var (px, py, pz) in new[] { (v, 0.0, 0.0), (0.0, v, 0.0), (0.0, 0.0, v) })
        foreach (var p in Fcc(px, py, pz))
            orbit.Add((Math.Round(p.Item1, 9), Math.Round(p.Item2, 9), Math.Round(p.Item3, 9)));
        foreach (var (x, y, z) in orbit) sites.Add(new Site("Li24e", x, y, z, [new SiteSpecies("Li", 1.0 / 12, 1)]));
        return new Structure(s.Lattice, sites) { Title = s.Title, SpaceGroup = "Fm-3m" };
    }

    /// <summary>Vacancy-rich Li9N2Cl3 (seed 002): a = 5.3506 Å; N:Cl 2:3 on 4a with 4.5 % vacancy, Li on 8c with 14.0 % vacancy.</summary>
    public static Structure Li9N2Cl3() =>
        Antifluorite(5.3506, [new SiteSpecies("N", 0.4 * 0.955, -3), new SiteSpecies("Cl", 0.6 * 0.955, -1)], 0.86, "Li9N2Cl3");

    /// <summary>α-Li3N, P6/mmm: a 3.648, c 3.875; Li 2c (1/3,2/3,0), Li 1b (0,0,1/2), N 1a (0,0,0).</summary>
    public static Structure AlphaLi3N() => new(Lattice.Hexagonal(3.648, 3.875),
    [
        Site.Ordered("N", 0, 0, 0, -3, "N1a"),
        Site.Ordered("Li", 1.0 / 3, 2.0 / 3, 0, 1, "Li2c"),
        Site.Ordered("Li", 2.0 / 3, 1.0 / 3, 0, 1, "Li2c"),
        Site.Ordered("Li", 0, 0, 0.5, 1, "Li1b"),
    ]) { Title = "alpha-Li3N", SpaceGroup = "P6/mmm" };

    /// <summary>An na×nb×nc supercell (lattice vectors scaled, sites repeated).</summary>
    public static Structure Supercell(Structure s, int na, int nb, int nc)
    {
        var m = s.Lattice.Matrix;
        var lat = new Lattice(new double[,]
        {
            { m[0, 0] * na, m[0, 1] * na, m[0, 2] * na },
            { m[1, 0] * nb, m[1, 1] * nb, m[1, 2] * nb },
            { m[2, 0] * nc, m[2, 1] * nc, m[2, 2] * nc },
        });
        var sites = new List<Site>();
        for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
        for (int k = 0; k < nc; k++)
            foreach (var st in s.Sites)
                sites.Add(st with { FracA = (st.FracA + i) / na, FracB = (st.FracB + j) / nb, FracC = (st.FracC + k) / nc });
        return new Structure(lat, sites) { Title = s.Title + $" {na}x{nb}x{nc}" };
    }

    /// <summary>The same crystal with every site moved by a fractional vector (origin shift).</summary>
    public static Structure Shifted(Structure s, double da, double db, double dc) =>
        new(s.Lattice, s.Sites.Select(st => st with { FracA = Frac(st.FracA + da), FracB = Frac(st.FracB + db), FracC = Frac(st.FracC + dc) })) { Title = s.Title + " shifted" };
}
