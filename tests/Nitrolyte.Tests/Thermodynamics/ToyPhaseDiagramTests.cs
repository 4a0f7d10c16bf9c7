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
}
