using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Formats.Gamry;
using Nitrolyte.Formats.Maccor;
using Nitrolyte.Formats.Neware;

namespace Nitrolyte.Formats;

/// <summary>
/// Maps instrument files onto the common <see cref="TimeSeries"/> (its sign convention is documented there and in
/// docs/file-formats.md). Pure conversions: no file access.
/// </summary>
public static class TimeSeriesAdapters
{
    /// <summary>The EC-Lab columns <see cref="FromBioLogic"/> uses (plus freq/Hz, to recognise impedance files).</summary>
    public static readonly IReadOnlySet<string> BioLogicCoreColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "time/s", "Ewe/V", "<Ewe>/V", "<Ewe/V>", "Ewe-Ece/V", "Ecell/V", "<Ecell>/V", "<Ecell/V>", "I/mA", "<I>/mA", "<I/mA>", "dq/mA.h", "dQ/mA.h", "cycle number", "Ns", "mode", "freq/Hz",
        "Ns changes", "control changes", "(Q-Qo)/mA.h", "(Q-Qo)/C", "dQ/C",
    };

    /// <summary>EC-Lab: time/s, Ewe/V (or &lt;Ewe&gt;/V, Ewe-Ece/V), I/mA (or &lt;I&gt;/mA), cycle number, Ns, mode (1 CC, 2 CV, 3 rest).</summary>
    public static TimeSeries FromBioLogic(BioLogicFile f, bool keepExtras = true)
    {
        if (f.Find("freq/Hz") is { } freq)
        {
            // Modulo Bat (and loops) mix cycling and impedance steps in one file: the rows without a frequency are the
            // time series, the rows with one are spectra (read by the impedance tools from the same file)
            int nz = freq.Values.Count(x => x > 0);
            if (nz == freq.Values.Length)
                throw new NitrolyteFormatException(f.FilePath, $"an impedance file ({f.TechniqueShort ?? f.Technique ?? "freq/Hz column"}): DC and cycling analyses need a time series; use the impedance tools (convert still writes it as CSV)");
            if (nz > 0) f = WithoutImpedanceRows(f, freq.Values, nz);
        }
        var time = f.Find("time/s")?.Values ?? throw new NitrolyteFormatException(f.FilePath, "no 'time/s' column (is this an impedance-only export?)");
        var volt = f.Find(BioLogicColumnNames.Voltage)?.Values
                   ?? throw new NitrolyteFormatException(f.FilePath, $"no voltage column ({BioLogicColumnNames.VoltageList})");
        var cycleCol = f.Find("cycle number")?.Values;
        var ns = f.Find("Ns")?.Values;
        var mode = f.Find("mode")?.Values;
        var starts = BioLogicStepStarts(time.Length, ns, f.Find("Ns changes")?.Values, mode);
        var dq = f.Find("dq/mA.h", "dQ/mA.h")?.Values;
        var cur = f.Find(BioLogicColumnNames.Current)?.Values ?? CurrentFromCharge(time, dq, starts);
        var (fileQ, fileQCol) = BioLogicCumulativeCharge(f, dq);
        int n = time.Length;
        var current = cur is null ? new double[n] : cur.Select(x => x * 1e-3).ToArray();
        var kind = new StepKind[n];
        for (int i = 0; i < n; i++)
        {
            int m = mode is null ? 0 : (int)mode[i];
            kind[i] = m switch
            {
                3 => StepKind.Rest,
                2 => f.TechniqueShort is "CV" or "CVA" or "LSV" ? StepKind.Sweep : StepKind.ConstantVoltage,
                _ => f.TechniqueShort is "CV" or "CVA" or "LSV" ? StepKind.Sweep : KindFromCurrent(current[i], cur is not null),
            };
        }
        var used = new HashSet<string> { "time/s", "cycle number", "Ns", "mode", f.Find(BioLogicColumnNames.Voltage)!.Name, f.Find(BioLogicColumnNames.Current)?.Name ?? "I/mA" };
        var ts = new TimeSeries
        {
            Source = f.FilePath,
            Format = f.FilePath.EndsWith(".mpr", StringComparison.OrdinalIgnoreCase) ? "BioLogic mpr" : "BioLogic mpt",
            TimeS = RelativeTime(time),
            VoltageV = volt,
            CurrentA = current,
            HasCurrent = cur is not null,
            Cycle = cycleCol?.Select(x => (int)Math.Round(x)).ToArray(),
            Step = ns?.Select(x => (int)x).ToArray(),
            Kind = kind,
            Extra = keepExtras ? f.Columns.Where(c => !used.Contains(c.Name)).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().Values) : new Dictionary<string, double[]>(),
            // time is counted from the first row: the start time is that row's (acquisition start + its time/s)
            StartTime = f.StartTime is { } st0 && time.Length > 0 && double.IsFinite(time[0]) && Math.Abs(time[0]) < 1e9 ? st0.AddSeconds(time[0]) : f.StartTime,
            Technique = f.TechniqueShort ?? f.Technique,
            FileChargeMah = fileQ, FileChargeColumn = fileQCol,
            Warnings = f.Find(BioLogicColumnNames.Current) is null && cur is not null ? [.. f.Warnings, "no current column: I = dq/dt from dq/mA.h (backward differences; the first row of a step takes its step's first interval)"] : f.Warnings,
        }.Validate();
        return cycleCol is null ? WithDerivedCycles(ts) : ts;
    }

    /// <summary>
    /// EC-Lab files without a "cycle number" column (many GCPL/MB/CP exports): the cycle is derived from the current's
    /// sign changes exactly as <c>cycle full</c> counts cycles (<see cref="FullCell.CycleNumbers"/>: charge and
    /// discharge runs paired, an initial partial discharge skipped), so converted files and analyses agree. Only when
    /// the current changes sign at least once; sweeps (CV, CVA, LSV) are left without a cycle.
    /// </summary>
    private static TimeSeries WithDerivedCycles(TimeSeries ts)
    {
        if (!ts.HasCurrent || ts.Technique is "CV" or "CVA" or "LSV" || ts.Count == 0) return ts;
        if (!(ts.CurrentA.Any(x => x > 0) && ts.CurrentA.Any(x => x < 0))) return ts;
        var cyc = FullCell.CycleNumbers(ts);
        if (cyc is null) return ts;
        return new TimeSeries
        {
            Source = ts.Source, Format = ts.Format, TimeS = ts.TimeS, VoltageV = ts.VoltageV, CurrentA = ts.CurrentA, HasCurrent = ts.HasCurrent,
            Cycle = cyc, Step = ts.Step, Kind = ts.Kind, Extra = ts.Extra, StartTime = ts.StartTime, Technique = ts.Technique,
            FileChargeMah = ts.FileChargeMah, FileChargeColumn = ts.FileChargeColumn, Columns = ts.Columns,
            Warnings = [.. ts.Warnings, $"no 'cycle number' column: cycle derived from the current's sign changes as 'cycle full' counts cycles ({cyc[^1]} cycles)"],
        }.Validate();
    }

    /// <summary>
    /// Gamry: the time-series curves (CURVE, CURVE1..n; OCVCURVE when it is the only one) concatenated, T (s),
    /// Vf (V), Im (A); the curve number becomes the step and, for CV, the cycle.
    /// </summary>
    public static TimeSeries FromGamry(GamryFile f, bool keepExtras = true)
    {
        var curves = f.Curves.Where(c => c.Name.StartsWith("CURVE", StringComparison.OrdinalIgnoreCase) && c.Find("T") is not null).ToList();
        if (curves.Count == 0) curves = f.Curves.Where(c => c.Find("T") is not null && c.Find("Vf", "V", "Vm") is not null).ToList();
        if (curves.Count == 0)
            throw new NitrolyteFormatException(f.FilePath, f.Curves.Any(c => c.Name == "ZCURVE")
                ? $"a Gamry {f.Tag} impedance file has no time-series curve (use the impedance tools)"
                : "no curve with T and Vf columns");
        var t = new List<double>(); var v = new List<double>(); var i = new List<double>(); var step = new List<int>();
        bool hasI = curves.All(c => c.Find("Im", "I") is not null);
        int k = 0;
        foreach (var c in curves)
        {
            k++;
            var ct = c.Find("T")!.Values; var cv = c.Find("Vf", "V", "Vm")!.Values; var ci = c.Find("Im", "I")?.Values;
            for (int j = 0; j < ct.Length; j++) { t.Add(ct[j]); v.Add(cv[j]); i.Add(ci?[j] ?? 0); step.Add(k); }
        }
        bool isCv = f.Tag.Contains("CV", StringComparison.OrdinalIgnoreCase);
        var current = i.ToArray();
        // the other numeric columns every curve recorded (Vu, Sig, Ach, IERange...); text columns (Over) are left out
        var extra = new Dictionary<string, double[]>();
        if (keepExtras)
        {
            var skip = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "T", "Vf", "V", "Vm", "Im", "I", "Pt" };
            foreach (var col in curves[0].Columns)
            {
                if (skip.Contains(col.Name) || col.Text is not null || extra.ContainsKey(col.Name)) continue;
                var parts = curves.Select(c => c.Find(col.Name)).ToList();
                if (parts.Any(x => x is null || x.Text is not null)) continue;
                extra[col.Name] = parts.SelectMany(x => x!.Values).ToArray();
            }
        }
        return new TimeSeries
        {
            Source = f.FilePath, Format = "Gamry DTA", TimeS = RelativeTime(t.ToArray()), VoltageV = v.ToArray(), CurrentA = current, HasCurrent = hasI,
            Step = step.ToArray(), Cycle = isCv ? step.ToArray() : null,
            Kind = current.Select(x => isCv ? StepKind.Sweep : f.Tag.Contains("CHRONOA", StringComparison.OrdinalIgnoreCase) ? StepKind.ConstantVoltage : KindFromCurrent(x, hasI)).ToArray(),
            StartTime = f.StartTime, Technique = f.Tag, Extra = extra,
        }.Validate();
    }

    /// <summary>Neware: Time is per step in nda files, so a continuous time is rebuilt; Current(mA) (positive on charge); Status.</summary>
    public static TimeSeries FromNeware(NewareFile f, bool keepExtras = true)
    {
        int n = f.RowCount;
        var step = f["Step"]; var tStep = f["Time"];
        var t = new double[n];
        double offset = 0;
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && step[i] != step[i - 1] && tStep[i] < tStep[i - 1]) offset = t[i - 1];
            t[i] = offset + tStep[i];
        }
        var kind = f.Status.Select(s => s switch
        {
            "Rest" or "Pause" => StepKind.Rest,
            _ when s.StartsWith("CV_", StringComparison.Ordinal) => StepKind.ConstantVoltage,
            _ when s.EndsWith("_DChg", StringComparison.Ordinal) => StepKind.Discharge,
            _ when s.EndsWith("_Chg", StringComparison.Ordinal) => StepKind.Charge,
            _ => StepKind.Unknown,
        }).ToArray();
        var used = new HashSet<string> { "Time", "Voltage", "Current(mA)", "Cycle", "Step" };
        return new TimeSeries
        {
            Source = f.FilePath, Format = $"Neware {f.Version}", TimeS = t, VoltageV = f["Voltage"], CurrentA = f["Current(mA)"].Select(x => x * 1e-3).ToArray(),
            HasCurrent = f["Current(mA)"].Any(double.IsFinite), Warnings = f.Warnings,
            Cycle = f["Cycle"].Select(x => (int)x).ToArray(), Step = step.Select(x => (int)x).ToArray(), Kind = kind,
            Extra = keepExtras ? NewareExtras(f, used) : new Dictionary<string, double[]>(),
            StartTime = NewareStart(f, t),
        }.Validate();
    }

    /// <summary>Maccor: TestTime (s), Volts, Amps signed by the State (D = discharge = negative), Cyc#, Step.</summary>
    public static TimeSeries FromMaccor(MaccorFile f, bool keepExtras = true)
    {
        int n = f.RowCount;
        var amps = f.Find("Amps")!.Values;
        var current = new double[n];
        var kind = new StepKind[n];
        for (int i = 0; i < n; i++)
        {
            var s = f.State[i];
            double sign = s.StartsWith('D') ? -1 : 1;
            current[i] = sign * Math.Abs(amps[i]);
            kind[i] = s switch { "R" => StepKind.Rest, "C" => StepKind.Charge, "D" => StepKind.Discharge, _ => KindFromCurrent(current[i], true) };
        }
        var used = new HashSet<string> { "TestTime", "Volts", "Amps", "Cyc#", "Step" };
        return new TimeSeries
        {
            Source = f.FilePath, Format = "Maccor text", TimeS = RelativeTime(f.Find("TestTime")!.Values), VoltageV = f.Find("Volts")!.Values, CurrentA = current,
            Cycle = f.Find("Cyc#")?.Values.Select(x => (int)x).ToArray(), Step = f.Find("Step")?.Values.Select(x => (int)x).ToArray(), Kind = kind,
            Extra = keepExtras ? f.Columns.Where(c => !used.Contains(c.Name)).ToDictionary(c => c.Name, c => c.Values) : new Dictionary<string, double[]>(), StartTime = f.StartTime,
        }.Validate();
    }

    /// <summary>
    /// GCPL/MB .mpr files may store no current column, only the charge increment per point (dq/mA.h, ID 7): dq[k] is
    /// the charge passed in the interval (t[k-1], t[k]] that ends at row k, and the .mpt export shows
    /// &lt;I&gt;/mA = dq/dt. The current is rebuilt the same way, by backward differences,
    /// I[k] (mA) = dq[k] x 3600 / (t[k] - t[k-1]), with step boundaries from the technique's markers
    /// (<paramref name="stepStarts"/>; without them row 0 only):
    /// the first row of a step belongs to that step. When its own interval lies before the step change (its dq is 0,
    /// or no time passed since the previous row, or it is row 0) it carries the current of the step's first interval
    /// (the next row's), so that the step's charge starts at the step start instead of one sampling interval late.
    /// A row recorded at the same time as its predecessor inside a step keeps the previous row's current.
    /// </summary>
    public static double[]? CurrentFromCharge(double[] timeS, double[]? dqMah, bool[]? stepStarts = null)
    {
        if (dqMah is null) return null;
        int n = timeS.Length;
        var i = new double[n];
        var fill = new bool[n];
        for (int k = 0; k < n; k++)
        {
            bool start = k == 0 || (stepStarts?[k] ?? false);
            double dt = k > 0 ? timeS[k] - timeS[k - 1] : 0;
            if (start && (k == 0 || !(dt > 0) || dqMah[k] == 0)) { fill[k] = true; continue; }
            i[k] = dt > 0 ? dqMah[k] * 3600 / dt : i[k - 1];
        }
        for (int k = n - 1; k >= 0; k--)
            if (fill[k] && k + 1 < n && !(stepStarts?[k + 1] ?? false) && !fill[k + 1]) i[k] = i[k + 1];
        return i;
    }

    /// <summary>First rows of EC-Lab steps: row 0, a change of Ns, the "Ns changes" flag, a change of mode.</summary>
    public static bool[] BioLogicStepStarts(int n, double[]? ns, double[]? nsChanges, double[]? mode)
    {
        var s = new bool[n];
        if (n > 0) s[0] = true;
        for (int k = 1; k < n; k++)
            s[k] = (ns is not null && ns[k] != ns[k - 1]) || (nsChanges is not null && nsChanges[k] == 1) || (mode is not null && mode[k] != mode[k - 1]);
        return s;
    }

    /// <summary>The file's own cumulative charge in mAh: (Q-Qo)/mA.h, (Q-Qo)/C, or the running sum of dq/mA.h or dQ/C.</summary>
    private static (double[]?, string?) BioLogicCumulativeCharge(BioLogicFile f, double[]? dqMah)
    {
        if (f.Find("(Q-Qo)/mA.h")?.Values is { } q) return (q, "(Q-Qo)/mA.h");
        if (f.Find("(Q-Qo)/C")?.Values is { } qc) return (qc.Select(x => x / 3.6).ToArray(), "(Q-Qo)/C");
        static double[] Sum(double[] d, double scale) { var r = new double[d.Length]; double s = 0; for (int k = 0; k < d.Length; k++) { s += d[k] * scale; r[k] = s; } return r; }
        if (dqMah is not null) return (Sum(dqMah, 1), "dq/mA.h (running sum)");
        if (f.Find("dQ/C")?.Values is { } dc) return (Sum(dc, 1 / 3.6), "dQ/C (running sum)");
        return (null, null);
    }

    public static StepKind KindFromCurrent(double currentA, bool hasCurrent) =>
        !hasCurrent ? StepKind.Unknown : currentA > 0 ? StepKind.Charge : currentA < 0 ? StepKind.Discharge : StepKind.Rest;

    /// <summary>The absolute timestamp column, when the file has one, kept as "Unix Time / s" (NaN where missing).</summary>
    private static Dictionary<string, double[]> NewareExtras(NewareFile f, HashSet<string> used)
    {
        var d = f.Columns.Where(c => !used.Contains(c.Name)).ToDictionary(c => c.Name, c => c.Values);
        if (f.Timestamp.Length == f.RowCount && f.Timestamp.Any(x => x > DateTime.MinValue))
            d["Unix Time / s"] = f.Timestamp.Select(x => x > DateTime.MinValue ? (DateTime.SpecifyKind(x, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds : double.NaN).ToArray();
        return d;
    }

    /// <summary>Start of the test: the first usable timestamp less the test time elapsed at that row (null when none).</summary>
    private static DateTimeOffset? NewareStart(NewareFile f, double[] t)
    {
        for (int i = 0; i < f.Timestamp.Length && i < t.Length; i++)
        {
            if (f.Timestamp[i] == DateTime.MinValue || !double.IsFinite(t[i])) continue;
            var at = DateTime.SpecifyKind(f.Timestamp[i], DateTimeKind.Unspecified);
            double back = t[i] - t[0];
            if (back < 0 || back > 3.2e9 || at.Ticks < (long)(back * TimeSpan.TicksPerSecond)) return null;
            return new DateTimeOffset(at.AddTicks(-(long)(back * TimeSpan.TicksPerSecond)), TimeSpan.Zero);
        }
        return null;
    }

    /// <summary>The rows whose freq/Hz is not positive, with a warning saying how many impedance rows were left out.</summary>
    private static BioLogicFile WithoutImpedanceRows(BioLogicFile f, double[] freq, int impedanceRows)
    {
        var keep = Enumerable.Range(0, freq.Length).Where(i => !(freq[i] > 0)).ToArray();
        return new BioLogicFile
        {
            FilePath = f.FilePath, Technique = f.Technique, TechniqueShort = f.TechniqueShort, StartTime = f.StartTime, Settings = f.Settings,
            Columns = f.Columns.Select(c => new BioLogicColumn(c.Name, c.Unit, keep.Select(i => c.Values[i]).ToArray())).ToList(),
            Warnings = [.. f.Warnings, $"{impedanceRows} impedance rows (freq/Hz > 0) left out of the time series: the file mixes cycling and impedance steps (the eis commands read those rows)"],
        };
    }

    private static double[] RelativeTime(double[] t)
    {
        if (t.Length == 0 || t[0] == 0) return t;
        double t0 = t[0];
        return t.Select(x => x - t0).ToArray();
    }
}
