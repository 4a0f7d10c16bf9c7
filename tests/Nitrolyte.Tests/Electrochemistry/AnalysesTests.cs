using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Electrochemistry;

public class AnalysesTests(ITestOutputHelper output)
{
    /// <summary>Seed 000 protocol numbers (SCIENCE.md 3): sigma_e 1.2 nS/cm, t_i 0.998, tau 4.48(6) s; pellet 10 mm, 1.5 mm
    /// (the paper gives 1-2 mm), 0.5 V for 5 h. The trace is built with exactly these parameters and must give them back.</summary>
    public static TimeSeries Seed000Dc() => SimulationPresets.Build("seed000-dcpol");

    [Fact]
    public void DcPolarisationReproducesSeed000()
    {
        var r = DcPolarisation.Analyse(Seed000Dc(), new DcPolarisationOptions { ThicknessCm = 0.15, AreaCm2 = Math.PI * 0.25 });
        output.WriteLine($"sigma {r.ElectronicConductivitySPerCm:E4} t_i {r.TIon:F5} tau {r.TauS:F4} ± {r.TauStdErrS:F4} Ii {r.IInitialA:E4} If {r.IFinalA:E4}");
        Assert.Equal(1.2e-9, r.ElectronicConductivitySPerCm, 1.2e-9 * 0.01);
        Assert.Equal(0.998, r.TIon, 0.0003);
        Assert.Equal(4.48, r.TauS!.Value, 0.05);
        Assert.True(r.TauStdErrS < 0.06);
        Assert.Single(r.Holds);
        Assert.Null(r.IvFit);
    }

    [Fact]
    public void DcPolarisationIvFitReproducesSeed002()
    {
        var ts = CellSimulator.DcPolarisation(new CellSimulator.DcParameters([0.1, 0.2, 0.3, 0.4, 0.5], 0.09, Math.PI * 0.25, 1.7e-9, 0.99, 8, HoldS: 7200, Seed: 2));
        var r = DcPolarisation.Analyse(ts, new DcPolarisationOptions { ThicknessCm = 0.09, AreaCm2 = Math.PI * 0.25 });
        output.WriteLine($"sigma {r.ElectronicConductivitySPerCm:E4} ± {r.ElectronicConductivityStdErrSPerCm:E2}; holds {r.Holds.Count}");
        Assert.Equal(5, r.Holds.Count);
        Assert.NotNull(r.IvFit);
        Assert.Equal(1.7e-9, r.ElectronicConductivitySPerCm, 1.7e-9 * 0.02);
        Assert.Equal(0.99, r.TIon, 0.001);
        var withV = DcPolarisation.Analyse(ts, new DcPolarisationOptions { ThicknessCm = 0.09, AreaCm2 = Math.PI * 0.25, VoltageV = 0.3 });
        Assert.Equal(0.3, withV.Holds[withV.SelectedHold].VoltageV, 1e-9);
    }

    [Fact]
    public void DcPolarisationDoubleExponential()
    {
        var r = DcPolarisation.Analyse(Seed000Dc(), new DcPolarisationOptions { ThicknessCm = 0.15, AreaCm2 = Math.PI * 0.25, Model = RelaxationModel.Double, Initial = InitialCurrentMode.Fit });
        Assert.NotNull(r.Holds[0].Fit);
        Assert.Equal(0.998, r.TIon, 0.001);
    }

    [Fact]
    public void TraceWithoutCurrentIsAClearError()
    {
        var ts = Seed000Dc();
        var nocur = new TimeSeries { Source = "x.csv", TimeS = ts.TimeS, VoltageV = ts.VoltageV, CurrentA = new double[ts.Count], HasCurrent = false };
        var e = Assert.Throws<NitrolyteInputException>(() => DcPolarisation.Analyse(nocur, new DcPolarisationOptions { ThicknessCm = 0.15, AreaCm2 = 0.785 }));
        Assert.Contains("x.csv", e.Message);
        Assert.Contains("current", e.Message);
    }

    [Fact]
    public void CyclicVoltammetryChargesRatioNetLiAndTwoRegimes()
    {
        var ts = CellSimulator.CyclicVoltammetry(new CellSimulator.CvParameters());
        var r = CyclicVoltammetry.Analyse(ts, new CvOptions { PelletMassMg = 133, Formula = "Li2NH" });
        foreach (var c in r.Cycles) output.WriteLine($"{c.Index}: Qa {c.AnodicChargeC:E4} Qc {c.CathodicChargeC:E4} ratio {c.Ratio:F4} Ipa {c.AnodicPeakA:E3}@{c.AnodicPeakV:F3}");
        output.WriteLine($"net {r.NetLiPct} % growth {r.StrippingGrowth}");
        Assert.Equal(16, r.Cycles.Count);
        // hand calculation: Li moles in 133 mg Li2NH = 0.133 / M(Li2NH) * 2
        double mLi2NH = 2 * 6.94 + 14.007 + 1.008;
        Assert.Equal(0.133 / mLi2NH * 2, r.PelletLiMol!.Value, 0.133 / mLi2NH * 2 * 2e-3);
        Assert.Equal(100 * (r.TotalCathodicC - r.TotalAnodicC) / CyclicVoltammetry.Faraday / r.PelletLiMol.Value, r.NetLiPct!.Value, 1e-9);
        Assert.All(r.Cycles.Skip(1), c => Assert.InRange(c.Ratio, 0.85, 1.0));
        Assert.True(r.StrippingGrowth!.TwoRegimes);
        Assert.InRange(r.StrippingGrowth.BreakCycle!.Value, 6, 10);
        // the same segmentation without the cycle column
        var noCycles = new TimeSeries { Source = ts.Source, TimeS = ts.TimeS, VoltageV = ts.VoltageV, CurrentA = ts.CurrentA };
        var r2 = CyclicVoltammetry.Analyse(noCycles, new CvOptions());
        Assert.Equal(16, r2.Cycles.Count);
        Assert.Equal(r.TotalAnodicC, r2.TotalAnodicC, r.TotalAnodicC * 1e-6);
    }

    public static CellSimulator.SymmetricParameters Seed000Symmetric() => SimulationPresets.Seed000Symmetric();

    [Fact]
    public void SymmetricSeed000NoFailure()
    {
        var p = Seed000Symmetric();
        var r = SymmetricCell.Analyse(CellSimulator.Symmetric(p), new SymmetricOptions { AreaCm2 = p.AreaCm2, ThicknessCm = 0.15, SigmaSPerCm = 1e-4 });
        output.WriteLine($"{r.Protocol} ccd {r.CcdMaPerCm2} lb {r.CcdIsLowerBound} events {r.Events.Count}");
        foreach (var h in r.HalfCycles.Take(3)) output.WriteLine($"{h.Index} j {h.CurrentDensityMaPerCm2} eta {h.OverpotentialV} asr {h.AsrOhmCm2} q {h.CapacityMahPerCm2} noise {h.NoiseRatio}");
        Assert.Equal(50, r.HalfCycles.Count);
        Assert.Equal("fixed_time", r.Protocol);
        Assert.Empty(r.Events);
        Assert.Equal(5, r.Steps.Count);
        Assert.Equal(0.08, r.CcdMaPerCm2!.Value, 1e-6);
        Assert.True(r.CcdIsLowerBound);
        Assert.All(r.HalfCycles, h => Assert.InRange(h.AsrOhmCm2, 100, 140));
        Assert.Equal(0.005 * 0.25, r.HalfCycles[0].CapacityMahPerCm2, 1e-6);
    }

    public static CellSimulator.SymmetricParameters Seed002Staircase() => SimulationPresets.Seed002Ccd();

    [Fact]
    public void SymmetricSeed002CcdStaircaseSoftShort()
    {
        var p = Seed002Staircase();
        var r = SymmetricCell.Analyse(CellSimulator.Symmetric(p), new SymmetricOptions { AreaCm2 = p.AreaCm2, ThicknessCm = 0.01, SigmaSPerCm = 4.3e-5 });
        foreach (var e in r.Events) output.WriteLine($"{e.Type} {e.TimeS} hc {e.HalfCycle} {e.Reason} {e.Detail}");
        output.WriteLine($"{r.Protocol} ccd {r.CcdMaPerCm2} cap {r.CcdArealCapacityMahPerCm2} {r.CcdReason}");
        Assert.Equal("fixed_time", r.Protocol);
        Assert.Equal(10, r.CcdMaPerCm2!.Value, 1e-6);
        Assert.Equal(10, r.CcdArealCapacityMahPerCm2!.Value, 0.01);
        Assert.False(r.CcdIsLowerBound);
        var ev = Assert.Single(r.Events);
        Assert.Equal("soft_short", ev.Type);
        Assert.Equal(27, ev.HalfCycle); // first half cycle at 10.5 mA/cm2
        Assert.DoesNotContain(r.Events, e => e.Type == "hard_short");
        Assert.Empty(r.Recoveries);
    }

    [Fact]
    public void SymmetricHardShort()
    {
        var p = Seed002Staircase() with { Failure = CellSimulator.FailureKind.HardShort, FailureAtMaPerCm2 = 5 };
        var r = SymmetricCell.Analyse(CellSimulator.Symmetric(p), new SymmetricOptions { AreaCm2 = p.AreaCm2 });
        foreach (var e in r.Events) output.WriteLine($"{e.Type} {e.TimeS} hc {e.HalfCycle} {e.Reason} {e.Detail}");
        var ev = r.Events.First();
        Assert.Equal("hard_short", ev.Type);
        Assert.Equal(15, ev.HalfCycle);
        Assert.Equal(4, r.CcdMaPerCm2!.Value, 1e-6);
    }

    public static CellSimulator.FullCellParameters Seed002FullCell() => SimulationPresets.Seed002Full();

    [Fact]
    public void FullCellCapacitiesRetention()
    {
        var p = Seed002FullCell();
        var r = FullCell.Analyse(CellSimulator.FullCell(p), new FullCellOptions { ActiveMassMg = p.ActiveMassMg, AreaCm2 = 0.785, Cathode = "NCM83" });
        output.WriteLine($"ICE {r.InitialCoulombicEfficiency} form {r.FormationCycles} ref {r.ReferenceCycle} ret {r.RetentionPct} fade {r.FadePctPerCycle} life {r.CycleLife} proj {r.CycleLifeProjected}");
        foreach (var c in r.Cycles.Take(4)) output.WriteLine($"{c.Index}: {c.ChargeMahPerG:F2} {c.DischargeMahPerG:F2} CE {c.CoulombicEfficiency:F4} C {c.DischargeCRate:F3} Vd {c.MeanDischargeV:F3}");
        Assert.Equal(202, r.Cycles.Count);
        Assert.Equal(208.2 / 233.1, r.InitialCoulombicEfficiency, 1e-3);
        Assert.Equal(208.2, r.Cycles[0].DischargeMahPerG, 0.5);
        Assert.Equal(2, r.FormationCycles);
        Assert.Equal(3, r.ReferenceCycle);
        Assert.Equal(0.1, r.Cycles[0].DischargeCRate, 1e-3);
        Assert.Equal(0.5, r.Cycles[5].DischargeCRate, 1e-3);
        double expectedRet = 100 * (1 - p.FadePerCycle * 201) / (1 - p.FadePerCycle * 2);
        Assert.Equal(expectedRet, r.RetentionPct!.Value, 0.05);
        Assert.Null(r.CycleLife);
        Assert.Equal(0.998, r.Cycles[10].CoulombicEfficiency, 1e-3);
    }
}
