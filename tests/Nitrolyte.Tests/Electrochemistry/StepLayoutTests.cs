using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Electrochemistry;

/// <summary>
/// Issue 21: the row layouts of real EC-Lab files that the dense synthetic traces never had, each generated here with
/// its answer computed by hand: a potentiostatic hold whose first row carries the charging current; a sparsely sampled
/// GCPL with only a charge column (dq/mA.h) whose step-start rows have dq = 0; a step with a sub-millisecond transient
/// sample. Plus the real BioLogic files against EC-Lab's own capacities.
/// </summary>
public class StepLayoutTests(ITestOutputHelper output)
{
    // ------------------------------------------------------------------ DC polarisation: the first row of the hold

    private const double IInf = 3.72e-9, Amp = 1e-6, Tau = 300, ICharging = 18.6e-6, HoldV = 0.3;

    /// <summary>12 h at 0.3 V sampled every 60 s; row 0 (t = 0, the step change) is still on its way (V = 0.05 V) and
    /// carries the charging current 18.6 µA; from 60 s on I = I_inf + A exp(-t/tau).</summary>
    private static TimeSeries Hold(bool withStepColumn, int restRows = 0)
    {
        var t = new List<double>(); var v = new List<double>(); var i = new List<double>(); var step = new List<int>(); var kind = new List<StepKind>();
        for (int k = restRows; k > 0; k--) { t.Add(-60.0 * k); v.Add(0); i.Add(0); step.Add(0); kind.Add(StepKind.Rest); }
        for (int k = 0; k <= 720; k++)
        {
            double tt = 60.0 * k;
            t.Add(tt); v.Add(k == 0 ? 0.05 : HoldV); i.Add(k == 0 ? ICharging : IInf + Amp * Math.Exp(-tt / Tau));
            step.Add(1); kind.Add(StepKind.ConstantVoltage);
        }
        return new TimeSeries
        {
            Source = "hold.csv", TimeS = t.ToArray(), VoltageV = v.ToArray(), CurrentA = i.ToArray(),
            Step = withStepColumn ? step.ToArray() : null, Kind = withStepColumn ? kind.ToArray() : null,
        }.Validate();
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(true, 5)]
    [InlineData(false, 5)]
    public void Dc_hold_starts_at_the_row_that_carries_the_charging_current(bool withSteps, int restRows)
    {
        var o = new DcPolarisationOptions { ThicknessCm = 0.1, AreaCm2 = 0.785 };
        var r = DcPolarisation.Analyse(Hold(withSteps, restRows), o);
        output.WriteLine($"{r.InitialCurrentSource}; I_t {r.IInitialA:E4} I_f {r.IFinalA:E4} t_ion {r.TIon:F6}");
        var h = Assert.Single(r.Holds);
        Assert.Equal(restRows, h.FirstPoint);            // the t = 0 row belongs to the hold
        Assert.Equal(restRows + 1, h.AtVoltagePoint);
        Assert.Equal(0, h.StartS, 9);
        // by hand: I_t is the t = 0 row; over the last 1800 s exp(-t/300) < e^-138, so I_f = I_inf
        Assert.Equal(ICharging, r.IInitialA, 1e-15);
        Assert.Equal(IInf, r.IFinalA, IInf * 1e-9);
        Assert.Equal(1 - IInf / ICharging, r.TIon, 1e-9);          // 0.9998
        Assert.Equal(0.1 / 0.785 * IInf / HoldV, r.ElectronicConductivitySPerCm, 1e-18);
        Assert.Equal(HoldV, h.VoltageV, 1e-12);                     // the level excludes the step-change row
        Assert.Contains("first row of the hold", r.InitialCurrentSource);
        // the relaxation is fitted on the rows at the hold voltage: tau is recovered
        Assert.Equal(Tau, r.TauS!.Value, 1e-3);
    }

    /// <summary>A constant step column over the whole file does not pull the open-circuit rows before the hold in.</summary>
    [Fact]
    public void Dc_hold_does_not_start_in_the_open_circuit_rows_of_a_constant_step_column()
    {
        var h = Hold(true, restRows: 5);
        var ocv = new TimeSeries
        {
            Source = h.Source, TimeS = h.TimeS, VoltageV = h.VoltageV, CurrentA = h.CurrentA.Select((x, k) => k < 5 ? 1e-12 : x).ToArray(),
            Step = h.Step!.Select(_ => 1).ToArray(),
        };
        var r = DcPolarisation.Analyse(ocv, new DcPolarisationOptions { ThicknessCm = 0.1, AreaCm2 = 0.785 });
        Assert.Equal(5, r.Holds[0].FirstPoint);
        Assert.Equal(ICharging, r.IInitialA, 1e-15);
    }

    [Fact]
    public void Dc_initial_extrapolated_fits_the_decay_back_to_the_step_start_and_says_so()
    {
        var o = new DcPolarisationOptions { ThicknessCm = 0.1, AreaCm2 = 0.785, Initial = InitialCurrentMode.Fit };
        var r = DcPolarisation.Analyse(Hold(false), o);
        output.WriteLine(r.InitialCurrentSource);
        // by hand: the exact exponential at t = 0 (the step start) is I_inf + A
        Assert.Equal(IInf + Amp, r.IInitialA, (IInf + Amp) * 1e-6);
        Assert.Equal(1 - IInf / (IInf + Amp), r.TIon, 1e-6);
        Assert.Contains("extrapolated to t = 0", r.InitialCurrentSource);
        Assert.Contains("tau = 300", r.InitialCurrentSource);
        // and the CLI: --initial extrapolated is accepted and states the fit
        using var tmp = new TempDir();
        var csv = tmp.File("hold.csv");
        using (var w = new StreamWriter(csv)) TimeSeriesCsv.Write(Hold(false), w);
        var cli = CliHarness.Run("dcpol", csv, "--thickness-mm", "1", "--area-cm2", "0.785", "--initial", "extrapolated", "--json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Equal(IInf + Amp, cli.Json()["i_initial_a"]!.GetValue<double>(), (IInf + Amp) * 1e-6);
        Assert.Contains("exponential fit", cli.Json()["initial_current_source"]!.GetValue<string>());
        var first = CliHarness.Run("dcpol", csv, "--thickness-mm", "1", "--area-cm2", "0.785", "--json");
        Assert.Equal(ICharging, first.Json()["i_initial_a"]!.GetValue<double>(), 1e-15);
        Assert.Equal(0, first.Json()["holds"]![0]!["first_point"]!.GetValue<int>());
    }

    // ------------------------------------------------------------------ GCPL with only a charge column, sparse sampling

    private const double IGcplMa = 1.0, SampleS = 10, StepS = 60;

    /// <summary>
    /// EC-Lab-like columns of a GCPL: rest, charge (+1 mA), rest, discharge (-1 mA), x cycles; each step of 60 s sampled
    /// every 10 s. Each step's first row is written at the step change, at the same time as the previous step's last
    /// row, with dq = 0 (no time has passed); the following rows carry the charge of the 10 s interval ending at them.
    /// No current column: the reader rebuilds I = dq/dt.
    /// </summary>
    private static BioLogicFile SparseGcpl(int cycles, double fileChargeScale = 1)
    {
        var t = new List<double>(); var v = new List<double>(); var dq = new List<double>(); var ns = new List<double>(); var mode = new List<double>();
        double time = 0; int nsIdx = 0;
        void Step(double currentMa, double volt)
        {
            for (int k = 0; k <= StepS / SampleS; k++)
            {
                t.Add(time + k * SampleS); v.Add(volt + 0.01 * k * Math.Sign(currentMa));
                dq.Add(k == 0 ? 0 : currentMa * SampleS / 3600); ns.Add(nsIdx); mode.Add(currentMa == 0 ? 3 : 1);
            }
            time += StepS; nsIdx++;
        }
        for (int c = 0; c < cycles; c++) { Step(0, 3.5); Step(IGcplMa, 3.6); Step(0, 3.7); Step(-IGcplMa, 3.6); }
        var q = new double[dq.Count]; double s = 0;
        for (int k = 0; k < q.Length; k++) { s += dq[k]; q[k] = s * fileChargeScale; }
        return new BioLogicFile
        {
            FilePath = "sparse_gcpl.mpr", TechniqueShort = "GCPL",
            Columns =
            [
                new("mode", null, mode.ToArray()), new("Ns", null, ns.ToArray()), new("time/s", "s", t.ToArray()), new("Ewe/V", "V", v.ToArray()),
                new("dq/mA.h", "mA.h", dq.ToArray()), new("(Q-Qo)/mA.h", "mA.h", q),
            ],
        };
    }

    [Fact]
    public void Current_rebuilt_from_charge_includes_the_step_start_row()
    {
        var ts = TimeSeriesAdapters.FromBioLogic(SparseGcpl(1));
        // rows 7..13 are the charge step: its first row (t = 60 s, dq = 0) carries the step's current, not zero
        Assert.Equal(60, ts.TimeS[7]);
        for (int k = 7; k <= 13; k++) { Assert.Equal(IGcplMa * 1e-3, ts.CurrentA[k], 1e-12); Assert.Equal(StepKind.Charge, ts.Kind![k]); }
        // the rest step's first row (t = 120 s) is rest again
        Assert.Equal(0, ts.CurrentA[14]);
        Assert.Equal(StepKind.Rest, ts.Kind![14]);
        Assert.Equal(-IGcplMa * 1e-3, ts.CurrentA[21], 1e-12);
        Assert.Equal("(Q-Qo)/mA.h", ts.FileChargeColumn);
    }

    /// <summary>The same layout as an EC-Lab text export: the reader and the streaming `convert` rebuild the same current.</summary>
    [Fact]
    public void Convert_streams_the_same_rebuilt_current_as_the_reader()
    {
        using var tmp = new TempDir();
        var f = SparseGcpl(2);
        var mpt = tmp.File("sparse_gcpl.mpt");
        var sb = new System.Text.StringBuilder("EC-Lab ASCII FILE\nNb header lines : 5\n\nGalvanostatic Cycling with Potential Limitation\n");
        sb.Append(string.Join('\t', f.Columns.Select(c => c.Name))).Append('\n');
        for (int k = 0; k < f.RowCount; k++)
            sb.Append(string.Join('\t', f.Columns.Select(c => c.Values[k].ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).Append('\n');
        File.WriteAllText(mpt, sb.ToString());
        var read = TimeSeriesReader.Read(mpt, keepExtras: false);
        var csv = tmp.File("out.csv");
        var r = CliHarness.Run("convert", mpt, "--to", "csv", "--out", csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var streamed = TimeSeriesCsv.Read(csv);
        Assert.Equal(read.Count, streamed.Count);
        for (int k = 0; k < read.Count; k++) Assert.Equal(read.CurrentA[k], streamed.CurrentA[k], 1e-15);
        Assert.Equal(IGcplMa * 1e-3, streamed.CurrentA[7], 1e-12); // the charge step's first row
        Assert.Equal("(Q-Qo)/mA.h", streamed.FileChargeColumn);       // the converted file keeps the charge to check against
        var full = CliHarness.Run("cycle", "full", mpt, "--active-mass-mg", "1", "--json");
        Assert.True(full.ExitCode == 0, full.Stderr);
        Assert.Equal(IGcplMa * StepS / 3600, full.Json()["cycles"]![0]!["charge_mah"]!.GetValue<double>(), 1e-12);
    }

    [Fact]
    public void Sparse_gcpl_from_charge_columns_gives_the_full_capacity()
    {
        var ts = TimeSeriesAdapters.FromBioLogic(SparseGcpl(3));
        // by hand: 1 mA for 60 s = 1/60 mAh per half cycle (the old reader lost the first 10 s: 17 % low)
        double q = IGcplMa * StepS / 3600;
        var full = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 1 });
        Assert.Equal(3, full.Cycles.Count);
        Assert.All(full.Cycles, c => { Assert.Equal(q, c.ChargeMah, q * 1e-9); Assert.Equal(q, c.DischargeMah, q * 1e-9); Assert.Equal(1, c.CoulombicEfficiency, 1e-9); });
        Assert.Equal(IGcplMa * 1e-3 / (200 * 1e-3 * 1e-3), full.Cycles[0].ChargeCRate, 1e-9); // 1 mA against 1C = 0.2 mA
        Assert.DoesNotContain(full.Warnings, w => w.Contains("charge column"));
        var sym = SymmetricCell.Analyse(ts, new SymmetricOptions { AreaCm2 = 2 });
        Assert.Equal(6, sym.HalfCycles.Count);
        Assert.All(sym.HalfCycles, h =>
        {
            Assert.Equal(StepS, h.DurationS, 1e-9);              // was 50 s
            Assert.Equal(q / 2, h.CapacityMahPerCm2, q * 1e-9);
            Assert.Equal(IGcplMa / 2, h.CurrentDensityMaPerCm2, 1e-9);
        });
        Assert.DoesNotContain(sym.Warnings, w => w.Contains("charge column"));
    }

    [Fact]
    public void Capacity_that_disagrees_with_the_files_charge_column_is_a_warning_naming_both()
    {
        var ts = TimeSeriesAdapters.FromBioLogic(SparseGcpl(2, fileChargeScale: 1.01));
        var full = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 1 });
        var w = full.Warnings.First(x => x.Contains("charge column"));
        output.WriteLine(w);
        Assert.Contains("0.016667 mAh", w);   // integrated
        Assert.Contains("0.016833 mAh", w);   // the file's (x 1.01)
        Assert.Contains("(Q-Qo)/mA.h", w);
        // 0.4 % is within the 0.5 % tolerance
        var close = TimeSeriesAdapters.FromBioLogic(SparseGcpl(2, fileChargeScale: 1.004));
        Assert.DoesNotContain(FullCell.Analyse(close, new FullCellOptions { ActiveMassMg = 1 }).Warnings, x => x.Contains("charge column"));
    }

    // ------------------------------------------------------------------ transient samples

    /// <summary>Symmetric square wave, ±1 mA on 1 cm², 100 Ω, 60 s half cycles sampled every 10 s, 10 s rest; from
    /// half cycle <paramref name="transientFrom"/> on, every half cycle has a sample 0.6 ms after its start at 30 % of
    /// the current and voltage (the potentiostat still ramping), and one 0.6 ms after its 30 s sample.</summary>
    private static TimeSeries Square(int halfCycles, int transientFrom)
    {
        var t = new List<double>(); var v = new List<double>(); var i = new List<double>();
        double time = 0;
        for (int h = 0; h < halfCycles; h++)
        {
            double cur = (h % 2 == 0 ? 1 : -1) * 1e-3;
            for (int k = 0; k <= 6; k++)
            {
                t.Add(time + 10 * k); i.Add(cur); v.Add(cur * 100);
                if ((k == 0 || k == 3) && h + 1 >= transientFrom) { t.Add(time + 10 * k + 6e-4); i.Add(0.3 * cur); v.Add(0.3 * cur * 100); }
            }
            time += 70;
            t.Add(time - 5); i.Add(0); v.Add(0);
        }
        return new TimeSeries { Source = "square", TimeS = t.ToArray(), VoltageV = v.ToArray(), CurrentA = i.ToArray() }.Validate();
    }

    [Fact]
    public void Sub_millisecond_transients_do_not_move_step_averages()
    {
        var r = SymmetricCell.Analyse(Square(12, transientFrom: 7), new SymmetricOptions { AreaCm2 = 1 });
        // by hand: 1 mA/cm2 for 60 s, 0.1 V, 100 ohm cm2 in every half cycle; a plain mean of the 9 samples of the
        // half cycles with transients would give j = (7 + 2 x 0.3) / 9 = 0.844 mA/cm2
        Assert.Equal(12, r.HalfCycles.Count);
        Assert.All(r.HalfCycles, h =>
        {
            Assert.Equal(1.0, h.CurrentDensityMaPerCm2, 1e-9);
            Assert.Equal(0.1, h.OverpotentialV, 1e-9);
            Assert.Equal(100, h.AsrTotalOhmCm2, 1e-6);
            Assert.Equal(60.0 / 3600, h.CapacityMahPerCm2, 1e-9);
        });
        Assert.Single(r.Steps);          // no spurious second current-density step
        Assert.Empty(r.Events);          // no spurious short
        var full = FullCell.Analyse(Square(12, transientFrom: 1), new FullCellOptions { ActiveMassMg = 5 }); // 1C = 1 mA
        Assert.All(full.Cycles, c => { Assert.Equal(1.0, c.ChargeCRate, 1e-9); Assert.Equal(60.0 / 3600, c.ChargeMah, 1e-9); });
    }

    [Fact]
    public void StepIntegration_by_hand()
    {
        double[] t = [0, 0.0006, 10, 20, 20.0004, 30];
        double[] y = [1, 0.3, 1, 1, 0.2, 1];
        var tr = StepIntegration.Transients(t, 0, 5);
        Assert.Equal([false, true, false, false, true, false], tr);
        var e = StepIntegration.Effective(y, tr, 0, 5);
        Assert.All(e, x => Assert.Equal(1, x));
        Assert.Equal(30, StepIntegration.Trapezoid(t, e, 0, 5), 12);
        Assert.Equal(1, StepIntegration.TimeWeightedMean(t, e, 0, 5), 12);
        // a transient at the end of a run takes the previous regular value
        var e2 = StepIntegration.Effective([1.0, 2, 0.5], [false, false, true], 0, 2);
        Assert.Equal([1.0, 2, 2], e2);
        // EC-Lab step starts: row 0, an Ns change, the "Ns changes" flag, a mode change
        Assert.Equal([true, true, false, true, true, false], TimeSeriesAdapters.BioLogicStepStarts(6, [0, 1, 1, 1, 2, 2], [0, 0, 0, 1, 0, 0], [3, 1, 1, 1, 1, 1]));
    }

    // ------------------------------------------------------------------ real EC-Lab files

    /// <summary>EC-Lab's own capacity of each half cycle: |Q charge/discharge/mA.h| at the half cycle's last row.</summary>
    private static List<double> EcLabHalfCycleCapacities(BioLogicFile f)
    {
        var hc = f.Find("half cycle")!.Values; var q = f.Find("Q charge/discharge/mA.h")!.Values;
        var r = new List<double>();
        for (int k = 0; k < hc.Length; k++) if (k == hc.Length - 1 || hc[k + 1] != hc[k]) r.Add(Math.Abs(q[k]));
        return r;
    }

    /// <summary>navani's 5-cycle GCPL .mpr (no current column: I = dq/dt, a 0.4-0.8 ms transient row at every step
    /// start) and yadg's GCPL (1 s sampling, 10 s steps): every half cycle within 0.2 % of EC-Lab's own Q charge/discharge.</summary>
    [SharedDataTheory]
    [InlineData("biologic/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr")]
    [InlineData("biologic/yadg/gcpl.issue_149.mpr")]
    [InlineData("biologic/yadg/gcpl.issue_149.mpt")]
    public void Real_gcpl_capacities_match_EC_Labs_own_within_0_2_percent(string relative)
    {
        var path = SharedData.TestData(relative);
        var f = BioLogicReader.Read(path);
        var ecLab = EcLabHalfCycleCapacities(f);
        var ts = TimeSeriesReader.Read(path, keepExtras: false);
        var full = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 1 });
        var ours = new List<double>();
        // half cycles in file order: the skipped initial partial discharge (navani) first
        if (full.Warnings.Any(w => w.Contains("partial discharge"))) ours.Add(double.NaN);
        foreach (var c in full.Cycles) { ours.Add(full.ChargeFirst ? c.ChargeMah : c.DischargeMah); if (c.Complete) ours.Add(full.ChargeFirst ? c.DischargeMah : c.ChargeMah); }
        // EC-Lab's half cycle 0 is the first rest (and, for navani, the initial discharge, reported separately)
        var ecNonZero = ecLab.Where(x => x > 0).ToList();
        output.WriteLine($"{relative}: ours {string.Join(", ", ours.Select(x => x.ToString("0.######e+0")))}; EC-Lab {string.Join(", ", ecNonZero.Select(x => x.ToString("0.######e+0")))}");
        int n = 0;
        for (int k = 0; k < ours.Count; k++)
        {
            if (double.IsNaN(ours[k])) continue;
            Assert.True(Math.Abs(ours[k] - ecNonZero[k]) <= 0.002 * ecNonZero[k], $"half cycle {k + 1}: {ours[k]} vs EC-Lab {ecNonZero[k]}");
            n++;
        }
        Assert.True(n >= 6, $"{n} half cycles compared");
        Assert.DoesNotContain(full.Warnings, w => w.Contains("charge column"));
    }

    /// <summary>yadg's real chronoamperometry (CA, 0.5 s sampling) as .mpr and as its text export: the hold starts
    /// at the first row, whose current is the export's first &lt;I&gt;/mA.</summary>
    [SharedDataFact]
    public void Real_chronoamperometry_mpr_and_its_text_export_agree()
    {
        var o = new DcPolarisationOptions { ThicknessCm = 0.1, AreaCm2 = 1, SteadyWindowS = 5 };
        var mpr = DcPolarisation.Analyse(TimeSeriesReader.Read(SharedData.TestData("biologic/yadg/ca.issue_149.mpr")), o);
        var mpt = DcPolarisation.Analyse(TimeSeriesReader.Read(SharedData.TestData("biologic/yadg/ca.issue_149.mpt")), o);
        var text = BioLogicReader.ReadMpt(SharedData.TestData("biologic/yadg/ca.issue_149.mpt"));
        output.WriteLine($"I_t {mpr.IInitialA:E6} / {mpt.IInitialA:E6}; I_f {mpr.IFinalA:E6} / {mpt.IFinalA:E6}; {mpr.InitialCurrentSource}");
        Assert.Equal(0, mpr.Holds[0].FirstPoint);
        Assert.Equal(text.Find("<I>/mA", "I/mA")!.Values[0] * 1e-3, mpt.IInitialA, 1e-12);
        Assert.Equal(mpt.IInitialA, mpr.IInitialA, Math.Abs(mpt.IInitialA) * 1e-5);
        Assert.Equal(mpt.IFinalA, mpr.IFinalA, Math.Abs(mpt.IFinalA) * 1e-5);
    }
}
