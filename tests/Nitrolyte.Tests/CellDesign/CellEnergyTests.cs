using Nitrolyte.CellDesign;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Tests.CellDesign;

public class CellEnergyTests
{
    // Issue 9 check: Q = 10 mAh/cm2, NCM811 200 mAh/g at 3.75 V, 70 wt % active, N/P = 1, Li 3860 mAh/g,
    // Al 8 um (2.70), Cu 4 um (8.9), single-sided, one electrolyte layer.
    private static CellStack IssueStack(string material, double density, double thicknessUm = 100) => new()
    {
        ArealCapacityMahPerCm2 = 10,
        Cathode = CathodeMaterial.Ncm811,
        ActiveFraction = 0.7,
        NpRatio = 1,
        LiSpecificCapacityMahPerG = 3860,
        AlThicknessUm = 8, AlDensityGPerCm3 = 2.70,
        CuThicknessUm = 4, CuDensityGPerCm3 = 8.9,
        Layers = [new ElectrolyteLayer(material, density, thicknessUm)],
    };

    [Fact]
    public void Li3InCl6LayerGives355WhPerKg()
    {
        var e = CellEnergyModel.Evaluate(IssueStack("Li3InCl6", 2.59));
        Assert.Equal(355.0, Math.Round(e.GravimetricWhPerKg, 1));
        // hand sum: 2.16 (Al) + 71.4286 (cathode) + 25.9 (SSE) + 2.5907 (Li) + 3.56 (Cu) = 105.639 mg/cm2
        Assert.Equal(2.16 + 50 / 0.7 + 25.9 + 10.0 / 3860 * 1000 + 3.56, e.TotalMassMgPerCm2, 9);
        Assert.Equal(37.5, e.EnergyMWhPerCm2, 12);
    }

    [Fact]
    public void CriticalLi3InCl6ThicknessFor350Is105Point8Um()
    {
        var r = CriticalParameterSolver.Solve(IssueStack("Li3InCl6", 2.59), StackParameter.LayerThickness, 350);
        Assert.True(r.Found, r.Message);
        Assert.Equal(105.8, Math.Round(r.Value!.Value, 1));
        // closed form: (37.5 / 0.350 - 79.739 mg) / 0.259 mg per um
        double fixedMass = 2.16 + 50 / 0.7 + 10.0 / 3860 * 1000 + 3.56;
        Assert.Equal((37.5 / 0.350 - fixedMass) / 0.259, r.Value!.Value, 6);
        Assert.Contains("below", r.Message);
    }

    [Fact]
    public void Li3NLayerGives405Point7AndCritical215Point8()
    {
        var s = IssueStack("Li3N", 1.27);
        Assert.Equal(405.7, Math.Round(CellEnergyModel.Evaluate(s).GravimetricWhPerKg, 1));
        var r = CriticalParameterSolver.Solve(s, StackParameter.LayerThickness, 350);
        Assert.Equal(215.8, Math.Round(r.Value!.Value, 1));
    }

    [Fact]
    public void BreakdownVolumeAndOptions()
    {
        var s = IssueStack("Li3N", 1.27);
        var e = CellEnergyModel.Evaluate(s);
        // Li thickness from N/P: 2.5907 mg / 0.534 g/cm3
        Assert.Equal(10.0 / 3860 * 1000 / 0.534 * 10, e.LiThicknessUm, 9);
        // cathode composite density 1 / (0.7/4.75 + 0.3/2.0)
        double rhoComposite = 1 / (0.7 / 4.75 + 0.3 / 2.0);
        double cathodeUm = 50 / 0.7 / rhoComposite * 10;
        Assert.Equal(8 + cathodeUm + 100 + e.LiThicknessUm + 4, e.TotalThicknessUm, 9);
        Assert.Equal(37.5 / (e.TotalThicknessUm * 1e-4), e.VolumetricWhPerL, 9);
        Assert.Equal(e.TotalMassMgPerCm2, e.Components.Sum(c => c.MassMgPerCm2), 9);

        // double-sided collectors: half of each foil per unit
        var ds = CellEnergyModel.Evaluate(s with { DoubleSided = true });
        Assert.Equal(e.TotalMassMgPerCm2 - (2.16 + 3.56) / 2, ds.TotalMassMgPerCm2, 9);
        // packaging fraction scales the mass
        var pk = CellEnergyModel.Evaluate(s with { PackagingMassFraction = 0.2 });
        Assert.Equal(e.GravimetricWhPerKg * 0.8, pk.GravimetricWhPerKg, 9);
        // an explicit Li thickness sets N/P
        var li = CellEnergyModel.Evaluate(s with { LiThicknessUm = e.LiThicknessUm * 3 });
        Assert.Equal(3, li.NpRatio, 9);
        // anode-free
        Assert.Equal(0, CellEnergyModel.Evaluate(s with { NpRatio = 0 }).LiThicknessUm);
        // the review's Li capacity (3500 mAh/g) gives a heavier anode
        Assert.True(CellEnergyModel.Evaluate(s with { LiSpecificCapacityMahPerG = 3500 }).GravimetricWhPerKg < e.GravimetricWhPerKg);
    }

    [Fact]
    public void CriticalValuesOfOtherParametersAndUnreachableTargets()
    {
        var s = IssueStack("Li3InCl6", 2.59);
        foreach (var p in new[] { StackParameter.ArealCapacity, StackParameter.NpRatio, StackParameter.ActiveFraction, StackParameter.CuThickness })
        {
            var r = CriticalParameterSolver.Solve(s, p, 350);
            Assert.True(r.Found, $"{p}: {r.Message}");
            Assert.Equal(350, CriticalParameterSolver.Energy(StackParameters.With(s, p, r.Value!.Value), EnergyMetric.Gravimetric), 6);
        }
        var none = CriticalParameterSolver.Solve(s, StackParameter.LayerThickness, 1000);
        Assert.False(none.Found);
        Assert.Null(none.Value);
        Assert.Contains("cannot be reached", none.Message);
        var vol = CriticalParameterSolver.Solve(s, StackParameter.LayerThickness, 900, EnergyMetric.Volumetric);
        Assert.True(vol.Found);
        Assert.Equal(900, CriticalParameterSolver.Energy(StackParameters.With(s, StackParameter.LayerThickness, vol.Value!.Value), EnergyMetric.Volumetric), 6);
    }

    [Fact]
    public void SweepsAreMonotoneWhereTheyShouldBe()
    {
        var s = IssueStack("Li3N", 1.27);
        var th = CellSweeps.Sweep(s, StackParameter.LayerThickness, CellSweeps.Linspace(0, 200, 21));
        Assert.True(th.Zip(th.Skip(1)).All(p => p.Second < p.First));
        var q = CellSweeps.Sweep(s, StackParameter.ArealCapacity, CellSweeps.Linspace(1, 12, 12));
        Assert.True(q.Zip(q.Skip(1)).All(p => p.Second > p.First));
        var np = CellSweeps.Sweep(s, StackParameter.NpRatio, CellSweeps.Linspace(0, 10, 11));
        Assert.True(np.Zip(np.Skip(1)).All(p => p.Second < p.First));
    }

    [Fact]
    public void BadStacksAreRejected()
    {
        Assert.Throws<NitrolyteInputException>(() => CellEnergyModel.Evaluate(IssueStack("x", 1.27) with { ActiveFraction = 1.5 }));
        Assert.Throws<NitrolyteInputException>(() => CellEnergyModel.Evaluate(IssueStack("x", -1)));
        Assert.Throws<NitrolyteInputException>(() => CellEnergyModel.Evaluate(IssueStack("x", 1.27) with { ArealCapacityMahPerCm2 = 0 }));
        Assert.Throws<NitrolyteInputException>(() => CathodeMaterial.FromName("NCA9000"));
        Assert.Throws<NitrolyteInputException>(() => StackParameters.With(IssueStack("x", 1), StackParameter.LayerThickness, 10, layerIndex: 3));
    }

    [Fact]
    public void DensityTableAndStructureDensity()
    {
        Assert.Equal(1.27, MaterialDensities.Get("Li3N").DensityGPerCm3);
        Assert.Equal(2.59, MaterialDensities.Get("li3incl6").DensityGPerCm3);
        Assert.Equal(2.04, MaterialDensities.Get("Li10GeP2S12").DensityGPerCm3); // by formula
        Assert.Equal("LGPS", MaterialDensities.Get("LGPS").Name);
        Assert.Equal("Li2.5N0.5S0.5", MaterialDensities.Get("Li5NS").Name); // same composition, other scale
        Assert.Null(MaterialDensities.Find("Li7La3Zr2O11"));
        Assert.Throws<NitrolyteInputException>(() => MaterialDensities.Get("unobtainium"));

        // Li9N2Cl3 from its antifluorite cell (a = 5.3506 A, seed 002): N 0.4 / Cl 0.6 on 4a, Li 0.9 on 8c
        var sites = new List<Site>();
        foreach (var (x, y, z) in new[] { (0.0, 0.0, 0.0), (0, 0.5, 0.5), (0.5, 0, 0.5), (0.5, 0.5, 0) })
            sites.Add(new Site("X", x, y, z, [new SiteSpecies("N", 0.4), new SiteSpecies("Cl", 0.6)]));
        foreach (var (x, y, z) in new[] { (0.0, 0.0, 0.0), (0, 0.5, 0.5), (0.5, 0, 0.5), (0.5, 0.5, 0) })
            foreach (var (dx, dy, dz) in new[] { (0.25, 0.25, 0.25), (0.75, 0.75, 0.75) })
                sites.Add(new Site("Li", x + dx, y + dy, z + dz, [new SiteSpecies("Li", 0.9)]));
        var st = new Structure(Lattice.Cubic(5.3506), sites);
        var layer = ElectrolyteLayer.FromStructure("Li9N2Cl3", st, 50);
        Assert.Equal(1.7069, layer.DensityGPerCm3, 3);
        Assert.Equal(MaterialDensities.Get("Li9N2Cl3").DensityGPerCm3, layer.DensityGPerCm3, 2);
    }
}
