using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Chemistry;

public class SynthesisPlannerTests
{
    [Fact]
    public void Seed000LithiumImideFromAmideAndNitride()
    {
        // Seed 000: "1 g of Li2NH (0.3973 g LiNH2 and 0.6027 g Li3N)"; LiNH2 + Li3N -> 2 Li2NH.
        var plan = SynthesisPlanner.Plan("Li2NH", ["LiNH2", "Li3N"], 1.0);
        Assert.True(plan.Balanced);
        Assert.True(plan.Unique);
        Assert.Equal(0.5, plan.Precursors[0].CoefficientPerTarget, 10);
        Assert.Equal(0.5, plan.Precursors[1].CoefficientPerTarget, 10);
        // exact with IUPAC 2021 weights: 22.963 / (2 x 28.895) and 34.827 / (2 x 28.895)
        Assert.Equal(22.963 / 57.79, plan.Precursors[0].MassG, 10);
        Assert.Equal(34.827 / 57.79, plan.Precursors[1].MassG, 10);
        // the paper's 4-decimal masses (computed with Li = 6.941) agree to within one unit of the 4th decimal
        Assert.InRange(plan.Precursors[0].MassG, 0.3973 - 1e-4, 0.3973 + 1e-4);
        Assert.InRange(plan.Precursors[1].MassG, 0.6027 - 1e-4, 0.6027 + 1e-4);
        Assert.Equal(1.0, plan.Precursors.Sum(p => p.MassG), 10);
        Assert.Equal("LiNH2 + Li3N -> 2 Li2NH", plan.Equation);
        Assert.All(plan.ResidualPerElement.Values, r => Assert.True(Math.Abs(r) < 1e-10));
    }

    [Fact]
    public void Seed002Li9N2Cl3IsTwoLi3NToThreeLiCl()
    {
        var plan = SynthesisPlanner.Plan("Li9N2Cl3", ["Li3N", "LiCl"], 1.0);
        Assert.True(plan.Balanced);
        Assert.Equal(2.0, plan.Precursors[0].CoefficientPerTarget, 10);
        Assert.Equal(3.0, plan.Precursors[1].CoefficientPerTarget, 10);
        Assert.Equal(2.0 / 3.0, plan.Precursors[0].Moles / plan.Precursors[1].Moles, 10);
        Assert.Equal(2 * 34.827 / 196.824, plan.Precursors[0].MassG, 10);
        Assert.Equal("2 Li3N + 3 LiCl -> Li9N2Cl3", plan.Equation);
    }

    [Fact]
    public void Seed003AntifluoriteFromLi2SAndLi3N()
    {
        var plan = SynthesisPlanner.Plan("Li2.5N0.5S0.5", ["Li2S", "Li3N"], 2.0);
        Assert.True(plan.Balanced);
        Assert.Equal(1.0, plan.Precursors[0].Moles / plan.Precursors[1].Moles, 10);
        Assert.Equal(2.0, plan.Precursors.Sum(p => p.MassG), 10);
        // Li_{2+x}N_xS_{1-x} in general: x = 0.25 -> 0.75 Li2S + 0.25 Li3N
        var p2 = SynthesisPlanner.Plan("Li2.25N0.25S0.75", ["Li2S", "Li3N"], 1.0);
        Assert.Equal(0.75, p2.Precursors[0].CoefficientPerTarget, 10);
        Assert.Equal(0.25, p2.Precursors[1].CoefficientPerTarget, 10);
    }

    [Fact]
    public void NamedGasByproductClosesTheBalance()
    {
        // LiNH2 + LiH -> Li2NH + H2
        var without = SynthesisPlanner.Plan("Li2NH", ["LiNH2", "LiH"], 1.0);
        Assert.False(without.Balanced);
        Assert.Contains(without.Notes, n => n.Contains("--byproducts"));
        var with = SynthesisPlanner.Plan("Li2NH", ["LiNH2", "LiH"], 1.0, ["H2"]);
        Assert.True(with.Balanced);
        Assert.Equal(1.0, with.Precursors[0].CoefficientPerTarget, 10);
        Assert.Equal(1.0, with.Precursors[1].CoefficientPerTarget, 10);
        Assert.Equal(1.0, with.Byproducts[0].CoefficientPerTarget, 10);
        // mass balance: precursors = target + gas
        Assert.Equal(with.Precursors.Sum(p => p.MassG), 1.0 + with.Byproducts[0].MassG, 10);
        Assert.Equal("LiNH2 + LiH -> Li2NH + H2", with.Equation);
    }

    [Fact]
    public void MissingElementIsReportedPlainly()
    {
        var plan = SynthesisPlanner.Plan("Li9N2Cl3", ["Li3N"], 1.0);
        Assert.False(plan.Balanced);
        Assert.Contains(plan.Notes, n => n.Contains("no precursor contains Cl"));
        Assert.True(plan.ResidualPerElement["Cl"] < -1);
    }

    [Fact]
    public void UnneededPrecursorGetsZero()
    {
        var plan = SynthesisPlanner.Plan("Li3N", ["Li3N", "LiCl"], 1.0);
        Assert.True(plan.Balanced);
        Assert.Equal(0, plan.Precursors[1].MassG);
        Assert.Contains(plan.Notes, n => n.Contains("LiCl is not needed"));
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<NitrolyteInputException>(() => SynthesisPlanner.Plan("Li2NH", ["LiNH2", "Li3Q"], 1.0));
        Assert.Throws<NitrolyteInputException>(() => SynthesisPlanner.Plan("Li2NH", ["LiNH2"], -1.0));
        Assert.Throws<NitrolyteInputException>(() => SynthesisPlanner.Plan("Li2NH", [], 1.0));
    }
}

public class ChemistryCliTests
{
    [Fact]
    public void CompositionJsonContract()
    {
        var r = CliHarness.Run("composition", "Li9N2Cl3", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal("Li9N2Cl3", j["formula"]!.ToString());
        Assert.Equal("Li9N2Cl3", j["reduced_formula"]!.ToString());
        Assert.Equal(196.824, j["molar_mass_g_per_mol"]!.GetValue<double>(), 9);
        Assert.Equal(9, j["amounts"]!["Li"]!.GetValue<double>());
        Assert.Equal(3 * 35.45 / 196.824, j["weight_fractions"]!["Cl"]!.GetValue<double>(), 9);
        Assert.Equal("Li_{1.8}N_{0.4}Cl_{0.6}", j["per_anion_formula"]!.ToString());
        Assert.Equal(0.4, j["per_anion"]!["N"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void CompositionHumanOutputAndErrors()
    {
        var r = CliHarness.Run("composition", "Li[N(CN)2]");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("LiN3C2", r.Stdout);
        var bad = CliHarness.Run("composition", "Li3Xy", "--json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("", bad.Stdout);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
        Assert.Contains("unknown element 'Xy' at position 4", bad.Stderr);
    }

    [Fact]
    public void SynthesisJsonContract()
    {
        var r = CliHarness.Run("synthesis", "--target", "Li2NH", "--precursors", "LiNH2,Li3N", "--mass-g", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        var pre = j["precursors"]!.AsArray();
        Assert.Equal(2, pre.Count);
        Assert.Equal("LiNH2", pre[0]!["formula"]!.ToString());
        Assert.Equal(0.3974, Math.Round(pre[0]!["mass_g"]!.GetValue<double>(), 4));
        Assert.Equal(0.6026, Math.Round(pre[1]!["mass_g"]!.GetValue<double>(), 4));
        Assert.Equal(0.5 / 28.895, pre[0]!["moles"]!.GetValue<double>(), 12);
        Assert.True(j["residual"]!.GetValue<double>() < 1e-10);
        Assert.True(j["balanced"]!.GetValue<bool>());
    }

    [Fact]
    public void SynthesisWithByproductsAndUnbalancedHumanOutput()
    {
        var r = CliHarness.Run("synthesis", "--target", "Li2NH", "--precursors", "LiNH2, LiH", "--byproducts", "H2", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("H2", r.Json()["byproducts"]![0]!["formula"]!.ToString());
        var u = CliHarness.Run("synthesis", "--target", "Li9N2Cl3", "--precursors", "Li3N");
        Assert.Equal(0, u.ExitCode);
        Assert.Contains("NOT BALANCED", u.Stdout);
        var usage = CliHarness.Run("synthesis", "--target", "Li2NH", "--precursors", "LiNH2,Li3N", "--mass-g", "0");
        Assert.Equal(2, usage.ExitCode);
        var missing = CliHarness.Run("synthesis", "--precursors", "LiNH2");
        Assert.Equal(2, missing.ExitCode);
    }
}
