using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Evaluation;
using Nitrolyte.Evaluation.Steps;
using Nitrolyte.Impedance;
using Xunit;

namespace Nitrolyte.Tests.Evaluation;

/// <summary>The steps' option records: parsed once into typed fields, unknown keys refused with the valid ones listed.</summary>
public class StepOptionsTests
{
    private static DataEntry Entry(string technique, string json) =>
        new(0, technique, ["x.csv"], "item", (JsonObject)JsonNode.Parse(json)!, SampleGeometry.Empty);

    [Fact]
    public void ImpedanceOptionsParseIntoTypedFields()
    {
        var o = ImpedanceStepOptions.Parse(Entry("eis", """{ "cell": " Symmetric ", "weighting": "prop", "fmin_hz": 0.1, "temperatures_c": [25, 50], "fixed": { "R1": 5 }, "bounds": "R1=1:100" }"""));
        Assert.Equal(CellType.Symmetric, o.Cell);
        Assert.Equal("symmetric", o.CellName);
        Assert.Equal("R0-p(R1,CPE1)", o.Circuit.Text);
        Assert.Equal(Weighting.Proportional, o.Weighting);
        Assert.Equal(0.1, o.FminHz);
        Assert.Null(o.FmaxHz);
        Assert.Equal([25.0, 50.0], o.TemperaturesC!);
        Assert.Equal(5, o.Fixed!["r1"]);
        Assert.Equal((1.0, 100.0), o.Bounds!["R1"]);
        Assert.True(o.Exclusion.IsEmpty);
    }

    [Fact]
    public void UnknownKeyIsRefusedWithTheValidOnesListed()
    {
        var e = Assert.Throws<NitrolyteInputException>(() => ImpedanceStepOptions.Parse(Entry("eis", """{ "circuitt": "R0" }""")));
        Assert.Contains("unknown option 'circuitt' (did you mean 'circuit'?)", e.Message);
        Assert.Contains("valid options for eis: bounds, cell, circuit,", e.Message);
        Assert.Throws<NitrolyteInputException>(() => FullCellStepOptions.Parse(Entry("full_cell", """{ "active_mass_mg": 5, "mass": 1 }""")));
        Assert.Throws<NitrolyteInputException>(() => SymmetricCyclingStepOptions.Parse(Entry("symmetric", """{ "sigma": 1e-3 }""")));
        Assert.Throws<NitrolyteInputException>(() => DcPolarisationStepOptions.Parse(Entry("dcpol", """{ "voltage": 0.1 }""")));
    }

    [Fact]
    public void ElectrochemistryOptionsKeepTheirDefaultsAndValues()
    {
        var fc = FullCellStepOptions.Parse(Entry("full_cell", """{ "active_mass_mg": 12.5, "reference_cycle": 3 }""")).Analysis;
        Assert.Equal(12.5, fc.ActiveMassMg);
        Assert.Equal(3, fc.ReferenceCycle);
        Assert.Equal(80, fc.EndOfLifePct);
        Assert.Throws<NitrolyteInputException>(() => FullCellStepOptions.Parse(Entry("full_cell", "{}")));

        var sym = SymmetricCyclingStepOptions.Parse(Entry("symmetric", """{ "hard_short_v": 0.01 }""")).ToAnalysis(1.2, 0.1);
        Assert.Equal(0.01, sym.HardShortVoltageV);
        Assert.Equal(0.5, sym.SuddenDropFraction);
        Assert.Null(sym.ThicknessCm); // thickness only matters with sigma_s_per_cm

        var dc = DcPolarisationStepOptions.Parse(Entry("dcpol", """{ "fit": "double", "initial": "extrapolated" }""")).ToAnalysis(0.1, 1.0);
        Assert.Equal(RelaxationModel.Double, dc.Model);
        Assert.Equal(InitialCurrentMode.Fit, dc.Initial);
        Assert.Equal(1800, dc.SteadyWindowS);
        var bad = Assert.Throws<NitrolyteInputException>(() => DcPolarisationStepOptions.Parse(Entry("dcpol", """{ "window_s": "long" }""")));
        Assert.Contains("window_s", bad.Message);
    }

    [Fact]
    public void EveryStepReadsItsKeysFromItsOptionsRecord()
    {
        // no hand-written key list in a step: OptionKeys is the Keys of the record <Step>Options that the step parses
        foreach (var step in EvaluationSteps.All)
        {
            var record = typeof(StepOptions).Assembly.GetType($"Nitrolyte.Evaluation.Steps.{step.GetType().Name}Options");
            Assert.True(record is not null, $"{step.GetType().Name} has no options record");
            var keys = (IReadOnlyCollection<string>)record!.GetProperty("Keys")!.GetValue(null)!;
            Assert.Same(keys, step.OptionKeys);
            Assert.NotNull(record.GetMethod("Parse", [typeof(DataEntry)]));
        }
    }

    [Fact]
    public void RemainingStepOptionsParseIntoTypedFields()
    {
        var md = MdStepOptions.Parse(new DataEntry(0, "md", ["a.xyz", "b.xyz"], null, (JsonObject)JsonNode.Parse("""{ "temperature_k": 600, "drift": "none", "stride": 2, "vanhove": false, "lammps_types": "Li, N" }""")!, SampleGeometry.Empty));
        Assert.Equal([600.0, 600.0], md.TemperaturesK!);
        Assert.Equal(Nitrolyte.Dynamics.DriftCorrection.None, md.Drift);
        Assert.Equal(2, md.Stride);
        Assert.False(md.VanHove);
        Assert.True(md.Density);
        Assert.Equal(["Li", "N"], md.LammpsTypes!);
        Assert.Equal(8, md.VanHoveRMaxA);
        var mdBad = Assert.Throws<NitrolyteInputException>(() => MdStepOptions.Parse(new DataEntry(0, "md", ["a.xyz"], null, (JsonObject)JsonNode.Parse("""{ "temperatures_k": [600, 700] }""")!, SampleGeometry.Empty)));
        Assert.Contains("temperatures_k lists 2 temperatures for 1 files", mdBad.Message);

        var ex = ExposureStepOptions.Parse(Entry("exposure", """{ "exposure_h": [0, 24], "cell": "symmetric", "rh_pct": 40 }"""));
        Assert.Equal([0.0, 24.0], ex.ExposureH!);
        Assert.Equal(CellType.Symmetric, ex.Cell);
        Assert.Equal("R0-p(R1,CPE1)", ex.Circuit.Text);
        Assert.Equal(Weighting.Modulus, ex.Weighting);
        Assert.Equal(40, ex.RhPct);
        Assert.Equal("R0-p(R1,CPE1)-CPE2", ExposureStepOptions.Parse(Entry("exposure", "{}")).Circuit.Text);

        var xrd = MeasuredDiffractionStepOptions.Parse(Entry("pxrd", """{ "structure": "Li3N", "wavelength": "CuKa", "mode": "LeBail", "refine_occupancy": "Li1, Li2", "background_terms": 8 }"""));
        Assert.Equal(Nitrolyte.Diffraction.Wavelengths.Parse("CuKa1"), xrd.Wavelength1A);
        Assert.Equal(Nitrolyte.Diffraction.Wavelengths.Parse("CuKa2"), xrd.Wavelength2A);
        Assert.Equal(Nitrolyte.Diffraction.Refinement.RefinementMode.LeBail, xrd.Mode);
        Assert.Equal(["Li1", "Li2"], xrd.RefineOccupancy);
        Assert.Equal(8, xrd.BackgroundTerms);
        Assert.Contains("needs option structure", Assert.Throws<NitrolyteInputException>(() => MeasuredDiffractionStepOptions.Parse(Entry("pxrd", "{}"))).Message);

        var nmr = NmrStepOptions.Parse(Entry("nmr", """{ "kind": " T1 ", "larmor_mhz": 116.6 }"""));
        Assert.Equal("t1", nmr.Kind);
        Assert.Equal(116.6, nmr.LarmorMHz);
        Assert.Equal("7Li", nmr.Nucleus);
        var st = StabilityStepOptions.Parse(Entry("entries", """{ "use_hull_energy": false, "energy_ev": -12.5 }"""));
        Assert.False(st.UseHullEnergy);
        Assert.Equal("Li", st.Open);
        Assert.Equal(-12.5, st.EnergyEV);
        Assert.Equal(Nitrolyte.Arrhenius.ArrheniusForm.Sigma, ConductivityTableStepOptions.Parse(Entry("sigma_t", """{ "form": "sigma" }""")).Form);
        Assert.Equal(3.5, CyclicVoltammetryStepOptions.Parse(Entry("cv", """{ "pellet_mass_mg": "3.5" }""")).PelletMassMg);
    }

    [Fact]
    public void StructureItemAcceptsTheKeysOfBothOfItsAnalyses()
    {
        // a structure item feeds the structure analyses and BVSE: each record accepts the other's keys, and refuses the rest
        var both = Entry("structure", """{ "grid_a": 0.2, "morse_half": "no", "two_theta": [5, 60], "oxidation": "Li=1,N=-3" }""");
        var b = BvseStepOptions.Parse(both);
        Assert.Equal(0.2, b.GridSpacingA);
        Assert.False(b.MorseHalf);
        Assert.Equal(0.74, b.ScreeningFactor);
        var s = StructureStepOptions.Parse(both);
        Assert.Equal((5.0, 60.0), (s.TwoThetaMinDeg, s.TwoThetaMaxDeg));
        Assert.Equal(-3, s.Oxidation["N"]);
        Assert.Equal(15, s.PdfRMaxA);
        var e = Assert.Throws<NitrolyteInputException>(() => BvseStepOptions.Parse(Entry("structure", """{ "gird_a": 0.2 }""")));
        Assert.Contains("unknown option 'gird_a' (did you mean 'grid_a'?)", e.Message);
        Assert.Contains("valid options for structure: grid_a, ion, morse_half, oxidation, pdf_rmax_a, screening, two_theta, wavelength", e.Message);
        Assert.Throws<NitrolyteInputException>(() => StructureStepOptions.Parse(Entry("structure", """{ "two_theta": [60, 5] }""")));
    }

    [Fact]
    public void CellSectionRefusesUnknownKeys()
    {
        var dir = Directory.CreateTempSubdirectory("nitrolyte-cellopt-").FullName;
        try
        {
            var path = Path.Combine(dir, "manifest.yaml");
            File.WriteAllText(path, "material: X\ncell:\n  electrolyte_thickness_um: 30\n  sigma_s_per_cm: 1e-3\n");
            var ok = CellDesignStepOptions.Parse(Manifest.Load(path));
            Assert.True(ok.Given);
            Assert.Equal(30, ok.Cell.ElectrolyteThicknessUm);
            Assert.Equal(1e-3, ok.SigmaSPerCm);
            Assert.False(ok.InterfaceAsrGiven);
            File.WriteAllText(path, "material: X\ncell:\n  electrolyte_thickness: 30\n");
            var e = Assert.Throws<NitrolyteFormatException>(() => CellDesignStepOptions.Parse(Manifest.Load(path)));
            Assert.Contains("cell: unknown key 'electrolyte_thickness'", e.Message);
            Assert.Contains("valid keys: active_fraction,", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
