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
}
