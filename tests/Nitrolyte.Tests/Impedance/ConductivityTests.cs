using Nitrolyte.Arrhenius;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

public class ConductivityTests
{
    [Fact]
    public void ArcsAreAssignedByEffectiveCapacitance()
    {
        Assert.Equal(ArcRole.Bulk, PelletConductivity.Classify(5e-12));
        Assert.Equal(ArcRole.GrainBoundary, PelletConductivity.Classify(1e-10));
        Assert.Equal(ArcRole.SurfaceLayer, PelletConductivity.Classify(3e-8));
        Assert.Equal(ArcRole.Electrode, PelletConductivity.Classify(1e-6));
    }

    [Fact]
    public void BlockingPelletConductivitiesFromSimulatedSpectrum()
    {
        // 10 mm pellet, 1.5 mm thick; bulk 2 kOhm (C_eff ~ 3e-12 F), gb 5 kOhm (~1e-9 F), Au blocking CPE
        var c = Circuit.Parse("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
        double[] p = [5, 2000, 1e-11, 0.95, 5000, 2e-9, 0.9, 1e-6, 0.85];
        var f = Enumerable.Range(0, 61).Select(i => Math.Pow(10, 7 - 7.0 * i / 60)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, p));
        var fit = CnlsFitter.Fit(s, c);
        var g = PelletGeometry.FromMm(1.5, 10, null, 0.85);
        var r = PelletConductivity.Analyse(fit, g);
        double k = 0.15 / (Math.PI * 0.25);
        Assert.Equal(k / 2000, r.BulkSPerCm, 1e-3 * k / 2000);
        Assert.Equal(k / 5000, r.GrainBoundarySPerCm, 1e-3 * k / 5000);
        Assert.Equal(k / 7000, r.TotalSPerCm, 1e-3 * k / 7000);
        Assert.Equal(0.85, r.RelativeDensity);
        Assert.Equal(new[] { "bulk", "grain_boundary" }, r.Arcs.Select(a => a.Role));
    }

    [Fact]
    public void SymmetricCellAreaSpecificResistance()
    {
        // Li|Li2NH|Li before heat treatment: ASR 3308 Ohm cm2 on 0.7854 cm2 -> R_interface = 2 * 3308 / 0.7854
        double area = Math.PI * 0.25;
        double rInt = 2 * 3308 / area;
        var c = Circuit.Parse("R0-p(R1,CPE1)");
        var f = Enumerable.Range(0, 50).Select(i => Math.Pow(10, 6 - 7.0 * i / 49)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, [300, rInt, 2e-6, 0.9]));
        var fit = CnlsFitter.Fit(s, c);
        var r = PelletConductivity.Analyse(fit, PelletGeometry.FromMm(1.5, 10, null), CellType.Symmetric);
        Assert.Equal(3308, r.AsrOhmCm2, 1.0);
        Assert.Equal(0.15 / (300 * area), r.TotalSPerCm, 1e-6);
    }

    [Theory]
    [InlineData("s04147-140deg.txt", 140.0)]
    [InlineData("LLZO_25C.csv", 25.0)]
    [InlineData("run_413K.z", 139.85)]
    [InlineData("spectrum.csv", null)]
    public void TemperatureFromFileName(string name, double? expected)
    {
        var t = Nitrolyte.Formats.FileNameTemperature.Parse(name);
        if (expected is null) Assert.Null(t); else Assert.Equal(expected.Value, t!.Value, 1e-9);
    }

    [SharedDataFact]
    public void EisFitpythonSeriesGivesBulkActivationEnergy()
    {
        // EISFitpython Example 3: s04147 at 140-200 C, D = 0.8 cm, L = 0.21 cm, (R1|Q1)+(R2|Q2)+Q3:
        // bulk Ea = 0.5869 +/- 0.0163 eV (reference_outputs/Example3/Arrhenius_Analysis_Report.txt)
        var dir = SharedData.TestData("eis/EISFitpython/EIS_Data/Example-3-4");
        var spectra = Directory.GetFiles(dir, "*.txt").Select(p => ImpedanceReader.Read(p) with { TemperatureC = Nitrolyte.Formats.FileNameTemperature.Parse(p) }).ToList();
        Assert.Equal(7, spectra.Count);
        var res = SeriesFitter.Fit(spectra, Circuit.Parse("(R1|Q1)+(R2|Q2)+Q3"), new CircuitFitOptions { Weighting = Weighting.Modulus },
            PelletGeometry.FromMm(2.1, 8, null));
        var bulk = res.Arrhenius!.Bulk!;
        Assert.InRange(bulk.EaEV, 0.5869 - 0.0163, 0.5869 + 0.0163);
        // sigma_bulk(413 K) = 2.857e-6 S/cm in the reference
        var at140 = res.Fits.Single(f => f.TemperatureC == 140).Conductivity!;
        Assert.Equal(2.857e-6, at140.BulkSPerCm, 0.1 * 2.857e-6);
        Assert.InRange(res.Arrhenius.GrainBoundary!.EaEV, 0.85, 0.93);
    }
}

public class NyquistFramingTests
{
    /// <summary>The report's Nyquist frame ends just after the arcs, not on the blocking-electrode spike
    /// (QA: the x axis used to span -10k..30k with the arcs squeezed at the left).</summary>
    [Fact]
    public void ArcEndIsTheValleyBeforeTheSpike()
    {
        var c = Nitrolyte.Impedance.Circuit.Parse("R0-p(R1,CPE1)-CPE2");
        var f = Enumerable.Range(0, 65).Select(k => 7e6 * Math.Pow(10, -k / 8.0)).ToArray();
        var z = c.Simulate(f, [1700, 1700, 7e-9, 0.9, 3e-6, 0.85]);
        var s = new ImpedanceSpectrum(f, z);
        double end = Nitrolyte.Evaluation.Steps.ImpedanceStep.ArcEndReal(s);
        Assert.InRange(end, 3300, 3900); // R0 + R1 = 3400 Ohm; the spike reaches Z' far beyond
        Assert.True(z.Max(v => v.Real) > 2 * end);
        // a symmetric cell without a spike: the arc ends at the lowest frequency
        var c2 = Nitrolyte.Impedance.Circuit.Parse("R0-p(R1,CPE1)");
        var z2 = c2.Simulate(f, [191, 8430, 5e-6, 0.85]);
        Assert.Equal(z2.Max(v => v.Real), Nitrolyte.Evaluation.Steps.ImpedanceStep.ArcEndReal(new ImpedanceSpectrum(f, z2)), 1e-9);
    }
}
