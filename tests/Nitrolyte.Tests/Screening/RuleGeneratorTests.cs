using Nitrolyte.Formats.Structures;
using Nitrolyte.Core;
using Nitrolyte.Screening;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Screening;

public class RuleGeneratorTests
{
    // Formal charges used for the independent neutrality check (not the library's oxidation-state table).
    private static readonly Dictionary<string, double> Charge = new() { ["Li"] = 1, ["Mg"] = 2, ["Al"] = 3, ["N"] = -3, ["S"] = -2, ["Cl"] = -1, ["Br"] = -1 };

    private static Dictionary<string, double> Count(Structure s)
    {
        var d = new Dictionary<string, double>();
        foreach (var site in s.Sites)
            foreach (var sp in site.Species)
                d[sp.Element] = d.GetValueOrDefault(sp.Element) + sp.Occupancy;
        return d;
    }

    private static double Net(Structure s) => Count(s).Sum(kv => kv.Value * Charge[kv.Key]);

    private static RuleSet Rules(TempDir tmp, string yaml)
    {
        var path = tmp.File("rules.yaml");
        File.WriteAllText(path, yaml);
        return RulesYaml.Read(path);
    }

    [Fact]
    public void NitrogenForSulfurInLi2SAddsLiOnThe24eOrbit()
    {
        using var tmp = new TempDir();
        var set = Rules(tmp, """
            parent: Li2S
            rules:
              - name: n-for-s
                substitute: {from: S, to: N}
                x: {from: 0, to: 0.5, steps: 3}
                compensate: {by: interstitial, element: Li, site: {label: Li24e, position: [0.28, 0, 0]}}
                lattice_a: [5.554, 5.719]
            """);
        var gen = RuleGenerator.Expand(set);
        Assert.Equal(6, gen.Count);
        foreach (var g in gen)
        {
            double x = g.X!.Value;
            var n = Count(g.Structure);
            // conventional antifluorite cell: 4 anions, 8 Li on 8c; Li2+xNxS1-x per formula unit -> 4(2+x) Li
            Assert.Equal(4 * (1 - x), n.GetValueOrDefault("S"), 9);
            Assert.Equal(4 * x, n.GetValueOrDefault("N"), 9);
            Assert.Equal(4 * (2 + x), n["Li"], 9);
            Assert.Equal(0, Net(g.Structure), 9);
            Assert.Equal(g.LatticeA!.Value, g.Structure.Lattice.A, 9);
            var inter = g.Structure.Sites.Where(s => s.Label == "Li24e").ToList();
            if (x == 0) Assert.Empty(inter);
            else
            {
                Assert.Equal(24, inter.Count); // the 24e orbit of Fm-3m
                Assert.All(inter, s => Assert.Equal(4 * x / 24, s.Species[0].Occupancy, 12));
            }
        }
        // the Li2.5N0.5S0.5 point carries 1/12 on 24e, as the bundled prototype does
        Assert.Contains(gen, g => g.X == 0.5 && g.Structure.Sites.Any(s => s.Label == "Li24e" && Math.Abs(s.Species[0].Occupancy - 1.0 / 12) < 1e-12));
    }

    [Fact]
    public void MagnesiumOnLi3NIsBalancedByLiVacancies()
    {
        using var tmp = new TempDir();
        var set = Rules(tmp, """
            parent: alpha-Li3N
            rules:
              - name: mg
                substitute: {from: Li, to: Mg, sites: [Li2]}
                x: [0.1, 0.25]
                compensate: {by: vacancy, element: Li, sites: [Li1]}
            """);
        foreach (var g in RuleGenerator.Expand(set))
        {
            double x = g.X!.Value;
            var n = Count(g.Structure);
            // Li3N: Li1 (2c) x2, Li2 (1b) x1, N x1; Mg x on 1b, x vacancies on the two 2c sites
            Assert.Equal(x, n["Mg"], 12);
            Assert.Equal(3 - x - x, n["Li"], 12);
            Assert.Equal(1, n["N"], 12);
            Assert.Equal(0, Net(g.Structure), 12);
            var li1 = g.Structure.Sites.Where(s => s.Label == "Li1").ToList();
            Assert.All(li1, s => Assert.Equal(1 - x / 2, s.Species.Single().Occupancy, 12));
        }
    }

    [Fact]
    public void AluminiumOrderingsAreChargeBalancedWholeAtomsAndDistinct()
    {
        using var tmp = new TempDir();
        var set = Rules(tmp, """
            parent: alpha-Li3N
            rules:
              - name: al
                substitute: {from: Li, to: Al, sites: [Li2]}
                x: [0.25]
                compensate: {by: vacancy, element: Li, sites: [Li1]}
                order: {supercell: [2, 2, 2], keep: 4, samples: 300, seed: 7}
            """);
        var gen = RuleGenerator.Expand(set);
        Assert.InRange(gen.Count, 2, 4);
        foreach (var g in gen)
        {
            Assert.True(g.Structure.IsOrdered);
            var n = Count(g.Structure);
            // 2x2x2 of Li3N: 8 Li2 sites -> 2 Al; 2 Al3+ need 4 Li vacancies among the 16 Li1: 24 - 2 - 4 = 18 Li
            Assert.Equal(2, n["Al"]);
            Assert.Equal(18, n["Li"]);
            Assert.Equal(8, n["N"]);
            Assert.Equal(0, Net(g.Structure), 9);
        }
        for (int i = 0; i < gen.Count; i++)
            for (int j = i + 1; j < gen.Count; j++)
            {
                Assert.False(StructureMatch.SameUpToTranslation(gen[i].Structure, gen[j].Structure), $"orderings {i + 1} and {j + 1} are the same structure");
                Assert.False(RuleGenerator.SameEnergy(gen[i].OrderingEwaldEV!.Value, gen[j].OrderingEwaldEV!.Value));
            }
        // lowest first
        Assert.True(gen.Zip(gen.Skip(1)).All(p => p.First.OrderingEwaldEV <= p.Second.OrderingEwaldEV));
        // the ids differ, and a second expansion gives the same ids (a rerun finds them again)
        var ids = gen.Select(g => CandidateSources.FromStructure(g.Structure, "t", g.RuleText).Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, RuleGenerator.Expand(set).Select(g => CandidateSources.FromStructure(g.Structure, "t", g.RuleText).Id));
    }

    [Fact]
    public void TranslationComparisonFindsAShiftedCopy()
    {
        var s = Prototypes.Get("Li2S").Supercell(2, 1, 1);
        var shifted = s.WithSites(s.Sites.Select(x => x with { FracA = (x.FracA + 0.5) % 1 }).Reverse());
        Assert.True(StructureMatch.SameUpToTranslation(s, shifted));
        var moved = s.WithSites(s.Sites.Select((x, i) => i == 0 ? x with { FracC = x.FracC + 0.1 } : x));
        Assert.False(StructureMatch.SameUpToTranslation(s, moved));
    }

    [Fact]
    public void IsovalentBromineForChlorineNeedsNoCompensation()
    {
        using var tmp = new TempDir();
        var set = Rules(tmp, """
            parent: Li9N2Cl3
            rules:
              - name: br
                substitute: {from: Cl, to: Br}
                x: [0.5]
            """);
        var g = Assert.Single(RuleGenerator.Expand(set));
        var parent = Count(Prototypes.Get("Li9N2Cl3"));
        var n = Count(g.Structure);
        Assert.Equal(parent["Cl"] / 2, n["Cl"], 9);
        Assert.Equal(parent["Cl"] / 2, n["Br"], 9);
        Assert.Equal(parent["Li"], n["Li"], 9);
    }

    [Theory]
    [InlineData("compensate: {by: vacancy, element: Li}", "vacancies can only")]
    [InlineData("", "has no 'compensate'")]
    public void ARuleThatCannotBalanceChargeSaysWhichRule(string compensate, string expected)
    {
        using var tmp = new TempDir();
        var set = Rules(tmp, $$"""
            parent: Li2S
            rules:
              - name: bad-rule
                substitute: {from: S, to: N}
                x: [0.25]
                {{compensate}}
            """);
        var e = Assert.Throws<NitrolyteInputException>(() => RuleGenerator.Expand(set));
        Assert.Contains("rule 'bad-rule'", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains("cannot balance charge", e.Message);
    }

    [Fact]
    public void TooFewLiToLeaveVacantIsRefused()
    {
        using var tmp = new TempDir();
        // Al3+ on every Li2 needs 2 vacancies per cell but the rule allows them only on the (now empty) Li2 site
        var set = Rules(tmp, """
            parent: alpha-Li3N
            rules:
              - name: too-much
                substitute: {from: Li, to: Al, sites: [Li2]}
                x: [1]
                compensate: {by: vacancy, element: Li, sites: [Li2]}
            """);
        var e = Assert.Throws<NitrolyteInputException>(() => RuleGenerator.Expand(set));
        Assert.Contains("rule 'too-much'", e.Message);
        Assert.Contains("cannot balance charge", e.Message);
    }

    [Fact]
    public void BadRulesFileNamesTheFileAndKey()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("r.yaml"), "parent: Li2S\nrules:\n  - name: a\n    substitut: {from: S, to: N}\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => RulesYaml.Read(tmp.File("r.yaml")));
        Assert.Contains("r.yaml", e.Message);
        Assert.Contains("unknown key 'substitut'", e.Message);
    }
}

public class RuleGeneratorPrototypeTests
{
    /// <summary>The generated end points are the hand-built prototypes of seed 003: same BVSE barriers to the last digit.</summary>
    [Theory]
    [InlineData(0.5, 5.458, "Li2.5N0.5S0.5")]
    [InlineData(0.0, 5.554, "Li2S_a5.554")]
    public void GeneratedLi2SNitrogenPointsReproduceThePrototypes(double x, double a, string prototype)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("r.yaml"), $$$"""
            parent: Li2S
            rules:
              - name: n
                substitute: {from: S, to: N}
                x: [{{{x.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}]
                compensate: {by: interstitial, element: Li, site: {label: Li24e, position: [0.28, 0, 0]}}
                lattice_a: [{{{a.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}]
            """);
        var g = Assert.Single(RuleGenerator.Expand(RulesYaml.Read(tmp.File("r.yaml"))));
        var opt = new Nitrolyte.Migration.BvseOptions { GridSpacingA = 0.4 };
        var mine = Nitrolyte.Migration.BvseAnalysis.Percolate(g.Structure, opt).Percolation.BarriersEV;
        var theirs = Nitrolyte.Migration.BvseAnalysis.Percolate(Prototypes.Get(prototype), opt).Percolation.BarriersEV;
        for (int d = 0; d < 3; d++) Assert.Equal(theirs[d]!.Value, mine[d]!.Value, 9);
    }
}
