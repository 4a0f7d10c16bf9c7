using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Tests.Thermodynamics;

public class ToyPhaseDiagramTests
{
    private static Entry E(string f, double e) => new(Composition.Parse(f), e);

    [Fact]
    public void PhaseSeparationEnergiesOfTheManifestToy()
    {
        // MANIFEST 6a toy check: {Li 0, Li2O -5, LiO2 -4, O2 0}: -1.0 for Li2O(-5), -2/3 for a Li2O(-4) polymorph.
        var li2o = E("Li2O", -5);
        var poly = E("Li2O", -4);
        var pd = new PhaseDiagram([E("Li", 0), li2o, E("LiO2", -4), E("O2", 0), poly]);
        Assert.Equal(-1.0, pd.PhaseSeparationEnergyEVPerAtom(li2o), 1e-12);
        Assert.Equal(-2.0 / 3, pd.PhaseSeparationEnergyEVPerAtom(poly), 1e-12);
        Assert.Equal(1.0 / 3, pd.EAboveHullEVPerAtom(poly), 1e-12);
        Assert.True(pd.IsStable(li2o));
    }

    [Fact]
    public void DegenerateCoplanarEntriesAreHandled()
    {
        // A-B binary with three collinear points on the hull: the middle one is not a vertex, e_above_hull 0.
        var ab = E("LiF", -2);      // -1 per atom at x = 1/2
        var a3b = E("Li3F", -1);    // -0.25 per atom at x = 1/4... on the line Li - LiF? line at 1/4: -0.5 -> above by 0.25
        var a2b2 = E("Li2F2", -4);  // same composition as LiF, same energy: a duplicate
        var mid = E("Li3F5", -6);   // at x_F = 5/8: line LiF(-1 @ .5) - F(0 @ 1): -0.75 -> -6/8 exactly on the line
        var pd = new PhaseDiagram([E("Li", 0), E("F", 0), ab, a3b, a2b2, mid]);
        Assert.Equal(3, pd.StableEntries.Count);
        Assert.Equal(0, pd.EAboveHullEVPerAtom(mid), 1e-12);
        Assert.False(pd.IsStable(mid));
        Assert.Equal(0.25, pd.EAboveHullEVPerAtom(a3b), 1e-12);
        Assert.Equal(0, pd.EAboveHullEVPerAtom(a2b2), 1e-12);
    }

    [Fact]
    public void FourElementDiagramWorks()
    {
        var pd = new PhaseDiagram([E("Li", -1.9), E("N", -8.3), E("Cl", -1.8), E("S", -4.1),
            E("Li3N", -4 * 1.9 - 0.5 * 4 - 8.3 + 1.9 * 0 + 0), E("LiCl", -1.9 - 1.8 - 3.2), E("Li2S", -2 * 1.9 - 4.1 - 4.5), E("Li9N2Cl3", -9 * 1.9 - 2 * 8.3 - 3 * 1.8 - 10)]);
        Assert.True(pd.StableEntries.Count >= 4);
        var d = pd.GetDecomposition(Composition.Parse("Li4NClS0.5"));
        Assert.Equal(1.0, d.Parts.Sum(p => p.Fraction), 1e-10);
    }

    [Fact]
    public void MissingElementalReferenceIsAnInputError()
    {
        var ex = Assert.Throws<NitrolyteInputException>(() => new PhaseDiagram([E("Li", 0), E("Li2O", -5)]));
        Assert.Contains("O", ex.Message);
    }

    [Fact]
    public void VacancyFormationEnergyFollowsSeed002Definition()
    {
        var s = VacancyFormation.Compute(-100.0, -1.9, [("Li1", -96.79), ("Li2", -96.0)]);
        Assert.Equal(-96.79 - 1.9 + 100, s.Sites[0].FormationEnergyEV, 1e-12);
        Assert.Equal(((-96.79 - 1.9 + 100) + (-96.0 - 1.9 + 100)) / 2, s.MeanEV, 1e-12);
        Assert.Equal("Li1", s.MinSite);
    }

    [Fact]
    public void OpenDecompositionEnergyIsZeroInsideTheWindowAndMatchesAGrandDiagram()
    {
        // Li3N with formation energy -1.44 eV/f.u.: window 0-0.48 V; above 0.48 V, Li3N -> 3 Li + 1/2 N2 gives
        // ΔE_D = [E(N2)/2 + 3 μ_Li − E(Li3N)] / 4 per atom (released Li goes to the reservoir).
        var li3n = E("Li3N", 3 * -1.9 + -4.0 - 1.44);
        var pd = new PhaseDiagram([E("Li", -1.9), E("N2", -8.0), li3n]);
        var w = ElementProfile.Window(pd, li3n.Composition, "Li", li3n);
        Assert.Equal(0.48, w.HighV, 1e-12);
        Assert.Equal(0, ElementProfile.DecompositionEnergyEVPerAtom(w.Profile, li3n.Composition, li3n.EnergyEV, -1.9 - 0.3), 1e-12);
        double mu = -1.9 - 1.0;
        double expected = (-4.0 + 3 * mu - li3n.EnergyEV) / 4;
        Assert.Equal(expected, ElementProfile.DecompositionEnergyEVPerAtom(w.Profile, li3n.Composition, li3n.EnergyEV, mu), 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomDegenerateTernaryMatchesBruteForceHull(int seed)
    {
        // Integer amounts and energies on a coarse 0.25 eV grid: many duplicates, collinear and coplanar points.
        var rng = new Random(seed);
        var entries = new List<Entry> { E("Li", -2), E("N", -4), E("Cl", -1) };
        for (int i = 0; i < 40; i++)
        {
            int a = rng.Next(0, 4), b = rng.Next(0, 4), c = rng.Next(0, 4);
            if (a + b + c == 0) continue;
            var comp = new Composition(new[] { ("Li", a), ("N", b), ("Cl", c) }.Where(t => t.Item2 > 0).Select(t => new KeyValuePair<string, double>(t.Item1, t.Item2)));
            double refE = -2 * a - 4 * b - 1 * c;
            entries.Add(new Entry(comp, refE + 0.25 * rng.Next(-8, 2) * (a + b + c) / 2.0));
        }
        var pd = new PhaseDiagram(entries, ["Li", "N", "Cl"]);
        // Brute force: hull formation energy at x = min over every 1-, 2- and 3-entry combination containing x.
        var pts = entries.Select(e => (X: pd.Fractions(e.Composition), Ef: pd.FormationEnergyPerAtomEV(e))).ToList();
        double Brute(double[] x)
        {
            double best = 0; // the elements
            int n = pts.Count;
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++)
                    for (int k = j; k < n; k++)
                    {
                        // Solve x = l1 p_i + l2 p_j + l3 p_k (barycentric in the first two coordinates; the third follows).
                        var (p, q, r) = (pts[i].X, pts[j].X, pts[k].X);
                        double det = (q[0] - p[0]) * (r[1] - p[1]) - (r[0] - p[0]) * (q[1] - p[1]);
                        if (Math.Abs(det) < 1e-12)
                        {
                            // Degenerate triple: try the segments.
                            foreach (var (u, v, eu, ev) in new[] { (p, q, pts[i].Ef, pts[j].Ef), (p, r, pts[i].Ef, pts[k].Ef), (q, r, pts[j].Ef, pts[k].Ef) })
                            {
                                var d = new[] { v[0] - u[0], v[1] - u[1], v[2] - u[2] };
                                double dd = d.Sum(z => z * z);
                                if (dd < 1e-14) { if (Enumerable.Range(0, 3).All(m => Math.Abs(u[m] - x[m]) < 1e-9)) best = Math.Min(best, eu); continue; }
                                double t = Enumerable.Range(0, 3).Sum(m => (x[m] - u[m]) * d[m]) / dd;
                                if (t < -1e-9 || t > 1 + 1e-9) continue;
                                if (Enumerable.Range(0, 3).All(m => Math.Abs(u[m] + t * d[m] - x[m]) < 1e-9)) best = Math.Min(best, (1 - t) * eu + t * ev);
                            }
                            continue;
                        }
                        double l2 = ((x[0] - p[0]) * (r[1] - p[1]) - (r[0] - p[0]) * (x[1] - p[1])) / det;
                        double l3 = ((q[0] - p[0]) * (x[1] - p[1]) - (x[0] - p[0]) * (q[1] - p[1])) / det;
                        double l1 = 1 - l2 - l3;
                        if (l1 < -1e-9 || l2 < -1e-9 || l3 < -1e-9) continue;
                        best = Math.Min(best, l1 * pts[i].Ef + l2 * pts[j].Ef + l3 * pts[k].Ef);
                    }
            return best;
        }
        foreach (var (e, i) in entries.Select((e, i) => (e, i)))
        {
            double expected = pts[i].Ef - Brute(pts[i].X);
            Assert.Equal(expected, pd.EAboveHullEVPerAtom(e), 1e-9);
        }
        // Every stable entry is strictly below the hull of the other compositions.
        foreach (var s in pd.StableEntries.Where(s => s.Composition.Amounts.Count > 1))
            Assert.True(pd.PhaseSeparationEnergyEVPerAtom(s) < 0);
    }
}
