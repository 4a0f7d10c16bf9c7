using Nitrolyte.CellDesign;
using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.CellDesign;

public class StackResistanceTests
{
    // Seed 002: Li9N2Cl3 (LNC) 4.3e-5 S/cm at 25 C, Li2.73Ho1.09Cl6 (LHC) 4.78e-4 S/cm; LNC-LHC-LNC stack of
    // 0.05 / 0.45 / 0.05 mm on 0.785 cm2 ("each LNC layer ... around 140 ohms", "LHC ... approximately 200 ohms").
    private const double SigmaLnc = 4.3e-5, SigmaLhc = 4.78e-4, Area = 0.785;

    private static readonly ResistiveLayer[] Seed002Stack =
    [
        new("LNC", SigmaLnc, 50), new("LHC", SigmaLhc, 450), new("LNC", SigmaLnc, 50),
    ];

    [Fact]
    public void Seed002LnCLayerIsAbout150Ohm()
    {
        var p = StackResistance.Evaluate(Seed002Stack, Area, 10);
        Assert.Equal(0.005 / (SigmaLnc * Area), p.Layers[0].ResistanceOhm, 9);
        Assert.InRange(p.Layers[0].ResistanceOhm, 140, 160); // 148.1 Ohm
        Assert.Equal(0.045 / (SigmaLhc * Area), p.Layers[1].ResistanceOhm, 9); // 119.9 Ohm (paper: ~200 measured)
        Assert.Equal(p.Layers.Sum(l => l.ResistanceOhm), p.ResistanceOhm, 9);   // 416 Ohm (paper: ~500 incl. interfaces)
        Assert.InRange(p.ResistanceOhm, 400, 430);
        // overpotential at 10 mA/cm2: 0.010 A/cm2 x 326.7 Ohm cm2 = 3.27 V (paper: ~3.7 V measured)
        Assert.Equal(0.010 * p.AsrOhmCm2, p.OverpotentialV, 12);
        Assert.InRange(p.OverpotentialV, 3.2, 3.3);
        Assert.Equal(7.85, p.CurrentMa, 9);
    }

    [SharedDataFact]
    public void Seed002ConductivitiesAreTheOnesInThePaper()
    {
        var text = File.ReadAllText(Directory.GetFiles(SharedData.Path("seeds"), "002_*.txt").Single());
        Assert.Contains("4.3×10^{-5} S/cm", text);
        Assert.Contains("4.78×10^{-4} S/cm", text);
        Assert.Contains("0.785 cm^2", text);
    }

    [Fact]
    public void InterfaceAsrAddsToTheStack()
    {
        var a = StackResistance.Evaluate(Seed002Stack, Area, 1);
        var b = StackResistance.Evaluate(Seed002Stack, Area, 1, interfaceAsrOhmCm2: 47);
        Assert.Equal(a.AsrOhmCm2 + 47, b.AsrOhmCm2, 9);
        Assert.Equal(a.ResistanceOhm + 47 / Area, b.ResistanceOhm, 9);
    }

    [Fact]
    public void RateLimitAndRequiredConductivityAreInverse()
    {
        // 50 um at 1 mS/cm: ASR 5 Ohm cm2; 0.1 V -> 20 mA/cm2 -> 5 C at 4 mAh/cm2 -> 12 min
        var lim = StackResistance.Limit(0.005 / 1e-3, 4, 0.1);
        Assert.Equal(20, lim.MaxCurrentDensityMaPerCm2, 9);
        Assert.Equal(5, lim.MaxCRate, 9);
        Assert.Equal(12, lim.MinimumChargeTimeMin, 9);
        // conductivity needed for 15 min = 0.005 cm / (0.1 V / 16 mA/cm2) = 0.8 mS/cm
        var req = StackResistance.Required([("SE", 50.0, (double?)null)], 4, 15, 0.1);
        Assert.Equal(0.8e-3, req[0].SigmaSPerCm!.Value, 12);
        Assert.Equal(15, StackResistance.Limit(0.005 / req[0].SigmaSPerCm!.Value, 4, 0.1).MinimumChargeTimeMin, 9);
        // with another layer keeping its conductivity, the first needs more
        var two = StackResistance.Required([("SE", 50.0, (double?)1e-3), ("cat", 100.0, (double?)1e-2)], 4, 15, 0.1);
        Assert.True(two[0].SigmaSPerCm > 0.8e-3);
        Assert.Equal("all layers", two[^1].Name);
        // impossible when the rest already exceeds the budget
        var imp = StackResistance.Required([("SE", 50.0, (double?)1e-3), ("thick", 5000.0, (double?)1e-4)], 4, 15, 0.1);
        Assert.Null(imp[0].SigmaSPerCm);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<NitrolyteInputException>(() => StackResistance.Evaluate([], 1, 1));
        Assert.Throws<NitrolyteInputException>(() => StackResistance.Evaluate([new("x", 0, 10)], 1, 1));
        Assert.Throws<NitrolyteInputException>(() => StackResistance.Evaluate([new("x", 1e-3, 10)], 0, 1));
        Assert.Throws<NitrolyteInputException>(() => StackResistance.Limit(1, 0, 0.1));
        Assert.Throws<NitrolyteInputException>(() => StackResistance.Required([("x", 10.0, (double?)null)], 4, 0, 0.1));
    }
}
