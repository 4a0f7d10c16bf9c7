using Nitrolyte.Chemistry;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Tests.Support;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Tests.Thermodynamics;

/// <summary>
/// The Li–Fe–O diagram of pymatgen's test file (MANIFEST 6a). Expected values: the MANIFEST's quotes of pymatgen's
/// own tests, and numbers printed by bench/scripts/thermo_reference.py (pymatgen 2022.11.7) where noted.
/// </summary>
public class LiFeOPhaseDiagramTests
{
    private static readonly Lazy<(EntrySet Set, PhaseDiagram Pd)> Data = new(() =>
    {
        var set = EntryCsvReader.Read(SharedData.TestData("dft_entries/pymatgen/pd_entries_test.csv"));
        return (set, new PhaseDiagram(set.Entries));
    });

    private static PhaseDiagram Pd => Data.Value.Pd;

    private static Entry StableOf(string formula)
    {
        var c = Composition.Parse(formula);
        return Pd.StableEntries.Single(e => Pd.Fractions(e.Composition).Zip(Pd.Fractions(c)).All(p => Math.Abs(p.First - p.Second) < 1e-9));
    }

    private static string Reduced(Entry e) => e.ReducedFormula;

    [SharedDataFact]
    public void CsvHas490DistinctEntries()
    {
        Assert.Equal(490, Data.Value.Set.Entries.Count);
        Assert.Equal(2, Data.Value.Set.DuplicatesDropped);
    }

    [SharedDataFact]
    public void ElevenStablePhases()
    {
        var names = Pd.StableEntries.Select(e => Composition.Parse(Reduced(e))).ToList();
        string[] expected = ["Fe", "FeO", "Fe2O3", "Fe3O4", "LiFeO2", "Li", "Li2O", "LiO", "Li5FeO4", "Li2FeO3", "O"];
        Assert.Equal(11, names.Count);
        foreach (var f in expected)
        {
            var c = Composition.Parse(f);
            Assert.Contains(Pd.StableEntries, e => Pd.Fractions(e.Composition).Zip(Pd.Fractions(c)).All(p => Math.Abs(p.First - p.Second) < 1e-9));
        }
    }

    [SharedDataFact]
    public void ElementalReferences()
    {
        Assert.Equal(-1.91301487, Pd.ElementReferences["Li"].EnergyPerAtomEV, 1e-8);
        Assert.Equal(-6.5961471, Pd.ElementReferences["Fe"].EnergyPerAtomEV, 1e-7);
        Assert.Equal(-4.258278141666667, Pd.ElementReferences["O"].EnergyPerAtomEV, 1e-10);
    }

    [SharedDataTheory]
    [InlineData("Li5FeO4", -164.8117344)]
    [InlineData("Li2O2", -14.119232793)]
    [InlineData("Fe2O3", -16.57416433)]
    [InlineData("FeO", -5.71415199)]
    [InlineData("LiFeO2", -7.73275231)]
    [InlineData("Li2O", -6.229303868)]
    [InlineData("Fe3O4", -22.56571445)]
    [InlineData("Li2FeO3", -45.67166036)]
    [InlineData("Li", 0)]
    [InlineData("Fe", 0)]
    [InlineData("O2", 0)]
    public void FormationEnergiesOfStableEntries(string formula, double expectedEV)
    {
        Assert.Equal(expectedEV, Pd.FormationEnergyEV(StableOf(formula)), 1e-6);
    }

    [SharedDataFact]
    public void EAboveHullAndFormationEnergyOfEveryRowMatchPymatgen()
    {
        var byLine = Data.Value.Set.Entries.ToDictionary(e => int.Parse(e.Metadata["line"]));
        var all = EntryCsvReader.Read(SharedData.TestData("dft_entries/pymatgen/pd_entries_test.csv"));
        int rows = PymatgenLiFeOReference.EAboveHull.Length;
        Assert.Equal(492, rows);
        // Every CSV data row (line 2..493); duplicate rows are compared through an equal entry built from the row.
        var lines = File.ReadAllLines(SharedData.TestData("dft_entries/pymatgen/pd_entries_test.csv"));
        double maxErr = 0, maxErrF = 0;
        for (int r = 0; r < rows; r++)
        {
            var cells = lines[r + 1].Split(',');
            var comp = new Composition(new[] { ("Li", 1), ("Fe", 2), ("O", 3) }.Where(t => double.Parse(cells[t.Item2]) > 0)
                .Select(t => new KeyValuePair<string, double>(t.Item1, double.Parse(cells[t.Item2], System.Globalization.CultureInfo.InvariantCulture))));
            var entry = byLine.TryGetValue(r + 2, out var inPd) ? inPd : new Entry(comp, double.Parse(cells[4], System.Globalization.CultureInfo.InvariantCulture), 0, cells[0]);
            double ea = Pd.EAboveHullEVPerAtom(entry);
            maxErr = Math.Max(maxErr, Math.Abs(ea - PymatgenLiFeOReference.EAboveHull[r]));
            maxErrF = Math.Max(maxErrF, Math.Abs(Pd.FormationEnergyPerAtomEV(entry) - PymatgenLiFeOReference.FormationEnergyPerAtom[r]));
        }
        Assert.True(maxErr < 1e-9, $"max |Δ e_above_hull| = {maxErr:E2} eV/atom");
        Assert.True(maxErrF < 1e-9, $"max |Δ formation energy| = {maxErrF:E2} eV/atom");
        Assert.Equal(490, all.Entries.Count);
    }

    [SharedDataFact]
    public void DecompositionOfLi3Fe7O11()
    {
        var d = Pd.GetDecomposition(Composition.Parse("Li3Fe7O11"));
        var byFormula = d.Parts.ToDictionary(p => Composition.Parse(Reduced(p.Entry)).Formula, p => p.Fraction);
        Assert.Equal(3, byFormula.Count);
        Assert.Equal(0.0952380952, byFormula["FeO"], 1e-9);
        Assert.Equal(0.5714285714, byFormula["LiFeO2"], 1e-9);
        Assert.Equal(0.3333333333, byFormula["Fe3O4"], 1e-9);
    }

    [SharedDataFact]
    public void OxygenProfileOfLi2O()
    {
        var steps = ElementProfile.Compute(Pd, "O", Composition.Parse("Li2O"));
        Assert.Equal(3, steps.Count);
        Assert.Equal(-4.2582781417, steps[0].ChemicalPotentialEV, 1e-9);
        Assert.Equal(-5.08859066, steps[1].ChemicalPotentialEV, 1e-8);
        Assert.Equal(-10.48758201, steps[2].ChemicalPotentialEV, 1e-8);
        Assert.Equal(1.0, steps[0].GainedPerFormulaUnit, 1e-9);
        Assert.Equal(0.0, steps[1].GainedPerFormulaUnit, 1e-9);
        Assert.Equal(-1.0, steps[2].GainedPerFormulaUnit, 1e-9);
        Assert.Equal("LiO", Assert.Single(steps[0].Phases).Entry.ReducedFormula); // Li2O2 (pymatgen names the peroxide Li2O2)
    }

    // pymatgen get_element_profile(Li, X) from bench/scripts/thermo_reference.py: (chempot, evolution) per step.
    public static TheoryData<string, double[], double[]> LiProfiles => new()
    {
        { "LiFeO2", [-1.91301487, -3.3515977574999996, -3.6250022625000016, -5.406274559999998, -5.550201872500001], [3.0, 1.5, 0, -1.0 / 3, -1.0] },
        { "Fe2O3", [-1.91301487, -3.3515977574999996, -3.6250022625000016, -3.9316151899999987, -4.077061954999993, -4.354460075000014], [6.0, 3.75, 1.5, 1.0, 0.5, 0] },
        { "Li5FeO4", [-1.91301487, -3.3515977574999996, -4.739886631250002, -5.4428230683333325, -5.550201872500001], [3.0, 0, -2.0, -3.0, -5.0] },
        { "Li3Fe7O11", [-1.91301487, -3.3515977574999996, -3.6250022625000016, -3.9316151899999987, -4.077061954999993, -4.354460075000014, -5.406274559999998, -5.550201872500001], [19.0, 10.75, 2.5, 1.0, -0.5, -2.0, -7.0 / 3, -3.0] },
    };

    [SharedDataTheory]
    [MemberData(nameof(LiProfiles))]
    public void LithiumProfilesMatchPymatgen(string formula, double[] chempots, double[] evolution)
    {
        var steps = ElementProfile.Compute(Pd, "Li", Composition.Parse(formula));
        Assert.Equal(chempots.Length, steps.Count);
        for (int i = 0; i < steps.Count; i++)
        {
            Assert.Equal(chempots[i], steps[i].ChemicalPotentialEV, 1e-9);
            Assert.Equal(evolution[i], steps[i].GainedPerFormulaUnit, 1e-9);
        }
    }

    [SharedDataFact]
    public void WindowOfLiFeO2AgainstLi()
    {
        var entry = StableOf("LiFeO2");
        var w = ElementProfile.Window(Pd, entry.Composition, "Li", entry);
        Assert.True(w.OnHull);
        Assert.Equal(-1.91301487 + 3.6250022625000016, w.LowV, 1e-9);
        Assert.Equal(-1.91301487 + 5.406274559999998, w.HighV, 1e-9);
    }

    [SharedDataFact]
    public void ChemicalPotentialRangeOfLiFeO2WithOpenOxygen()
    {
        var r = Pd.ChemicalPotentialRangeOfPhase(Composition.Parse("LiFeO2"), "O");
        Assert.Equal(-4.450181224, r["O"].AtMaxEV, 1e-8);
        Assert.Equal(-7.26866060375, r["O"].AtMinEV, 1e-8);
        Assert.Equal(-6.5961470, r["Fe"].AtMinEV, 1e-6);
        Assert.Equal(-3.6250022625, r["Li"].AtMinEV, 1e-9);
        Assert.Equal(-10.451833559999999, r["Fe"].AtMaxEV, 1e-8);
        Assert.Equal(-5.406274559999998, r["Li"].AtMaxEV, 1e-8);
    }

    [SharedDataFact]
    public void AllChemicalPotentialsAtFe31O4AndFeO()
    {
        var f = Assert.Single(Pd.FacetsContaining(Composition.Parse("Fe3.1O4")));
        Assert.Equal(new[] { "Fe3O4", "FeO", "LiFeO2" }, f.Entries.Select(e => Composition.Parse(e.ReducedFormula).Formula).OrderBy(x => x));
        Assert.Equal(-4.077061954, f.ChemicalPotentialsEV["Li"], 1e-8);
        Assert.Equal(-6.741593864, f.ChemicalPotentialsEV["Fe"], 1e-8);
        Assert.Equal(-6.969907375, f.ChemicalPotentialsEV["O"], 1e-8);
        var feo = Pd.FacetsContaining(Composition.Parse("FeO"));
        var g = feo.Single(x => x.Entries.Select(e => e.ReducedFormula).OrderBy(s => s).SequenceEqual(new[] { "Fe", "FeO", "LiFeO2" }));
        Assert.Equal(-7.11535414, g.ChemicalPotentialsEV["O"], 1e-7);
        Assert.Equal(-6.5961471, g.ChemicalPotentialsEV["Fe"], 1e-7);
        Assert.Equal(-3.93161518, g.ChemicalPotentialsEV["Li"], 1e-7);
    }

    [SharedDataFact]
    public void CriticalCompositionsBetweenFe2O3AndLi2O()
    {
        var (points, _) = Pd.CriticalPoints(Composition.Parse("Fe2O3"), Composition.Parse("Li2O"));
        // Along atomic fractions: Fe2O3 (s=0) -> LiFeO2 -> Li5FeO4 -> Li2O (s=1)
        Assert.Equal(4, points.Count);
        var fe2o3 = Pd.Fractions(Composition.Parse("Fe2O3"));
        var li2o = Pd.Fractions(Composition.Parse("Li2O"));
        Composition At(double s) => new(Pd.Elements.Select((el, k) => new KeyValuePair<string, double>(el, (1 - s) * fe2o3[k] + s * li2o[k])));
        Assert.True(Pd.Fractions(At(points[1])).Zip(Pd.Fractions(Composition.Parse("LiFeO2"))).All(p => Math.Abs(p.First - p.Second) < 1e-9));
        Assert.True(Pd.Fractions(At(points[2])).Zip(Pd.Fractions(Composition.Parse("Li5FeO4"))).All(p => Math.Abs(p.First - p.Second) < 1e-9));
    }

    [SharedDataTheory]
    [InlineData(-5.0)]
    [InlineData(-6.0)]
    public void GrandPotentialDiagramWithOpenOxygen(double mu)
    {
        var g = PhaseDiagram.Grand(Data.Value.Set.Entries, new Dictionary<string, double> { ["O"] = mu });
        var stable = g.StableEntries.ToDictionary(e => g.OriginalOf[e].ReducedFormula, e => g.FormationEnergyEV(e));
        if (mu == -5.0)
        {
            Assert.Equal(new[] { "Fe2O3", "Li2FeO3", "Li5FeO4", "LiFeO2", "LiO" }, stable.Keys.Select(k => k).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(-5.30551504, stable["Li5FeO4"], 1e-7);
            Assert.Equal(-2.34247415, stable["Li2FeO3"], 1e-7);
            Assert.Equal(-0.4302639625, stable["LiFeO2"], 1e-8);
            Assert.Equal(0, stable["Fe2O3"], 1e-9);
            Assert.Equal(0, stable["LiO"], 1e-9);
        }
        else
        {
            Assert.Equal(4, stable.Count);
            Assert.Equal(-7.077328440000031, stable["Li5FeO4"], 1e-7);
            Assert.Equal(-0.4745592975000008, stable["LiFeO2"], 1e-8);
        }
    }

    [SharedDataFact]
    public void CompoundDiagramLi2OFe2O3()
    {
        var c = PhaseDiagram.Compound(Data.Value.Set.Entries, [Composition.Parse("Li2O"), Composition.Parse("Fe2O3")]);
        var stable = c.StableEntries.ToDictionary(e => e.ReducedFormula, e => c.FormationEnergyEV(e));
        Assert.Equal(new[] { "Fe2O3", "Li2O", "Li5FeO4", "LiFeO2" }, stable.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(-7.07732844, stable["Li5FeO4"], 1e-7);
        Assert.Equal(-0.4745592975, stable["LiFeO2"], 1e-8);
    }

    // InterfacialReactivity(c1, c2, pd, norm=True, use_hull_energy=False): kinks (x, energy) from thermo_reference.py.
    public static TheoryData<string, string, double[], double[]> Interfaces => new()
    {
        { "Li", "Fe2O3", [0, 0.0909090909090915, 0.16666666666666718, 0.23076923076923134, 0.42857142857142866, 0.5454545454545455, 1], [0, -0.22194956409095745, -0.3837910241666602, -0.5095455853846342, -0.8187449072142847, -0.9455299486363633, 0] },
        { "LiFeO2", "Li", [0, 0.5714285714285715, 0.7272727272727275, 1], [0, -0.6751222028571428, -0.46690565250000826, 0] },
        { "Li2O2", "Fe", [0, 0.8571428571428571, 0.875, 1], [0, -0.5110978526785765, -0.45692028203125323, 0] },
        { "Fe3O4", "Li2O", [0, 0.25925925925925936, 0.6363636363636364, 0.7000000000000002, 1], [0, -0.07872944981481877, -0.09382519318181837, -0.08104195349999888, 0] },
    };

    [SharedDataTheory]
    [MemberData(nameof(Interfaces))]
    public void InterfaceReactionsMatchPymatgen(string a, string b, double[] x, double[] energy)
    {
        var r = InterfaceReaction.Compute(Pd, Composition.Parse(a), Composition.Parse(b));
        Assert.Equal(x.Length, r.Kinks.Count);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], r.Kinks[i].X, 1e-9);
            Assert.Equal(energy[i], r.Kinks[i].EnergyEVPerAtom, 1e-9);
        }
        Assert.Equal(energy.Min(), r.Minimum.EnergyEVPerAtom, 1e-9);
    }

    [SharedDataFact]
    public void OpenInterfaceReactionsMatchPymatgen()
    {
        var r = InterfaceReaction.ComputeOpen(Data.Value.Set.Entries, Composition.Parse("Fe2O3"), Composition.Parse("Li2O2"), "O", -6.0);
        double[] x = [0, 0.19999999999999996, 0.5555555555555556, 1.0], e = [0, -0.14744434250000138, -0.2372796487500004, 0];
        Assert.Equal(x.Length, r.Kinks.Count);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], r.Kinks[i].X, 1e-9);
            Assert.Equal(e[i], r.Kinks[i].EnergyEVPerAtom, 1e-9);
        }
        var r2 = InterfaceReaction.ComputeOpen(Data.Value.Set.Entries, Composition.Parse("LiFeO2"), Composition.Parse("Fe"), "Li", -3.0);
        Assert.Equal(2, r2.Kinks.Count);
        Assert.Equal(0, r2.Minimum.EnergyEVPerAtom, 1e-9);
    }

    [SharedDataFact]
    public void WindowsAgreeWithTheChemicalPotentialRangeOfEveryStableLithiumPhase()
    {
        double refLi = Pd.ElementReferences["Li"].EnergyPerAtomEV;
        foreach (var e in Pd.StableEntries.Where(e => e.Composition["Li"] > 0 && e.Composition.Amounts.Count > 1))
        {
            var w = ElementProfile.Window(Pd, e.Composition, "Li", e);
            var r = Pd.ChemicalPotentialRangeOfPhase(e.Composition, "Li")["Li"];
            Assert.True(w.OnHull);
            Assert.Equal(refLi - r.AtMaxEV, w.LowV, 1e-9);
            Assert.Equal(refLi - r.AtMinEV, w.HighV, 1e-9);
        }
    }
}
