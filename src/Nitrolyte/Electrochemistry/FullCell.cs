using Nitrolyte.Core;

namespace Nitrolyte.Electrochemistry;

/// <summary>Specific capacities that define 1C for common cathodes (mAh/g of active material).</summary>
public static class CathodePresets
{
    public static readonly IReadOnlyDictionary<string, double> SpecificCapacityMahPerG = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["NCM811"] = 200, ["NCM83"] = 200, ["LCO"] = 140, ["LFP"] = 170, ["TiS2"] = 239,
    };

    /// <summary>Theoretical capacity of the cathode (one Li per formula unit: F / (3.6 M) mAh/g), the ceiling a measured
    /// specific capacity cannot exceed: LiNi0.8Co0.1Mn0.1O2 97.28 g/mol, LiNi0.83Co0.11Mn0.06O2 97.38, LiCoO2 97.87,
    /// LiFePO4 157.76, TiS2 111.99.</summary>
    public static readonly IReadOnlyDictionary<string, double> TheoreticalMahPerG = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["NCM811"] = 275.5, ["NCM83"] = 275.2, ["LCO"] = 273.8, ["LFP"] = 169.9, ["TiS2"] = 239.3,
    };

    public static double Resolve(string name) => SpecificCapacityMahPerG.TryGetValue(name.Trim(), out var v) ? v
        : throw new NitrolyteInputException($"unknown cathode preset '{name}' (known: {string.Join(", ", SpecificCapacityMahPerG.Keys)}); give --specific-capacity-mah-per-g instead");
}

public sealed record FullCellOptions
{
    public required double ActiveMassMg { get; init; }
    public double? AreaCm2 { get; init; }
    /// <summary>Defines 1C (mAh/g); default 200 mAh/g (NCM) unless a <see cref="Cathode"/> preset is named.</summary>
    public double? SpecificCapacityMahPerG { get; init; }
    public string? Cathode { get; init; }
    /// <summary>Reference cycle for retention (1-based). Default: the first cycle after the formation cycles.</summary>
    public int? ReferenceCycle { get; init; }
    /// <summary>Formation cycles. Default: leading cycles whose C-rate differs by more than 20 % from the rest.</summary>
    public int? FormationCycles { get; init; }
    public double EndOfLifePct { get; init; } = 80;
    public double? RestCurrentA { get; init; }
}

public sealed record FullCellCycle(int Index, double StartS, double EndS, double ChargeMah, double DischargeMah, double CoulombicEfficiency,
    double ChargeMahPerG, double DischargeMahPerG, double? ChargeMahPerCm2, double? DischargeMahPerCm2,
    double ChargeEnergyMwh, double DischargeEnergyMwh, double MeanChargeV, double MeanDischargeV,
    double ChargeCRate, double DischargeCRate, double? RetentionPct, bool Complete);

public sealed record FullCellResult(IReadOnlyList<FullCellCycle> Cycles, bool ChargeFirst, double InitialCoulombicEfficiency,
    int FormationCycles, int ReferenceCycle, double? RetentionPct, double? FadePctPerCycle, int? CycleLife, double? CycleLifeProjected,
    double SpecificCapacityMahPerG, double EndOfLifePct, IReadOnlyList<string> Warnings, FullCellOptions Options);

/// <summary>
/// Full-cell cycling: a cycle is a charge run followed by a discharge run (or discharge then charge when the file starts
/// with a discharge), found from the current sign (constant-current and constant-voltage parts of one sign merge).
/// Per cycle: capacities (mAh, mAh/g, mAh/cm2), coulombic efficiency (discharge/charge for charge-first cells; second
/// over first half otherwise), energies and mean voltages (energy/capacity), C-rates; retention against the reference
/// cycle, fade per cycle (slope of a line through the retention after the reference) and cycle life to
/// <see cref="FullCellOptions.EndOfLifePct"/> % (measured, or projected from the fade when not reached).
/// </summary>
public static class FullCell
{
    public static FullCellResult Analyse(TimeSeries ts, FullCellOptions o)
    {
        ts.RequireCurrent("full-cell analysis");
        if (!(o.ActiveMassMg > 0)) throw new NitrolyteInputException("full-cell analysis: the active mass must be positive");
        if (o.AreaCm2 is { } fa && !(fa > 0)) throw new NitrolyteInputException("full-cell analysis: the electrode area must be positive");
        if (o.SpecificCapacityMahPerG is { } fs && !(fs > 0)) throw new NitrolyteInputException("full-cell analysis: the specific capacity must be positive");
        var warnings = new List<string>();
        double spec = o.SpecificCapacityMahPerG ?? (o.Cathode is { } c ? CathodePresets.Resolve(c) : 200);
        double massG = o.ActiveMassMg / 1000;
        double oneC = spec * massG * 1e-3; // A
        int n = ts.Count;
        double maxI = ts.CurrentA.Max(Math.Abs);
        if (maxI <= 0) throw new NitrolyteInputException($"{ts.Source}: the current is zero everywhere");
        double thr = o.RestCurrentA ?? Math.Max(1e-12, 1e-4 * maxI);
        var runs = CurrentRuns(ts, thr, warnings);
        if (runs.Count < 2) throw new NitrolyteInputException($"{ts.Source}: fewer than one charge and one discharge (found {runs.Count} current run)");
        bool chargeFirst = runs[0].Sign > 0;
        var cycles = new List<FullCellCycle>();
        var mismatches = new List<string>();
        for (int k = 0; k < runs.Count; k += 2)
        {
            var a = runs[k];
            (int Sign, int First, int Last)? b = k + 1 < runs.Count ? runs[k + 1] : null;
            var (qa, ea) = Integrate(ts, a.First, a.Last, thr);
            var (qb, eb) = b is { } bb ? Integrate(ts, bb.First, bb.Last, thr) : (0.0, 0.0);
            int cycleNo = cycles.Count + 1;
            if (StepIntegration.CrossCheck($"cycle {cycleNo} {(a.Sign > 0 ? "charge" : "discharge")}", qa, StepIntegration.FileCharge(ts, a.First, a.Last), ts.FileChargeColumn) is { } wa) mismatches.Add(wa);
            if (b is { } bc && StepIntegration.CrossCheck($"cycle {cycleNo} {(bc.Sign > 0 ? "charge" : "discharge")}", qb, StepIntegration.FileCharge(ts, bc.First, bc.Last), ts.FileChargeColumn) is { } wb) mismatches.Add(wb);
            double qc = chargeFirst ? qa : qb, qd = chargeFirst ? qb : qa, ec = chargeFirst ? ea : eb, ed = chargeFirst ? eb : ea;
            var (ic, id) = (MeanAbsCurrent(ts, chargeFirst ? a : b, thr), MeanAbsCurrent(ts, chargeFirst ? b : a, thr));
            double ce = chargeFirst ? (qc > 0 ? qd / qc : double.NaN) : (qd > 0 ? qc / qd : double.NaN);
            int end = b?.Last ?? a.Last;
            cycles.Add(new FullCellCycle(cycles.Count + 1, ts.TimeS[a.First], ts.TimeS[end], qc, qd, ce, qc / massG, qd / massG,
                o.AreaCm2 is { } ar ? qc / ar : null, o.AreaCm2 is { } ar2 ? qd / ar2 : null, ec, ed,
                qc > 0 ? ec / qc : double.NaN, qd > 0 ? ed / qd : double.NaN, ic / oneC, id / oneC, null, b is not null));
        }
        warnings.AddRange(mismatches.Take(3));
        if (mismatches.Count > 3) warnings.Add($"{mismatches.Count - 3} more half cycles differ from the file's own charge column by more than 0.5 %");
        // Charge conservation: more charge out than in on a cycle means a wrong pairing, a wrong current or a side reaction.
        var overUnity = cycles.Where(c => c.Complete && c.CoulombicEfficiency > 1.0 + CeTolerance).ToList();
        if (overUnity.Count > 0)
        {
            string pairing = chargeFirst ? "each charge with the discharge after it (the file starts with a charge)"
                                         : "each discharge with the charge after it (the file starts with a discharge at least as large as the next charge)";
            warnings.Add($"coulombic efficiency above 100 % on {overUnity.Count} cycle(s) ({string.Join(", ", overUnity.Take(5).Select(c => $"cycle {c.Index}: {c.CoulombicEfficiency:P1}"))}" +
                         $"{(overUnity.Count > 5 ? ", ..." : "")}): cycles pair {pairing}; more charge came out than went in, so check the current calibration " +
                         "and sign, a missing part of a half cycle, or give formation_cycles/reference_cycle");
        }
        double ceiling = o.Cathode is { } cn && CathodePresets.TheoreticalMahPerG.TryGetValue(cn.Trim(), out var th) ? th : double.NaN;
        var overCap = cycles.Where(c => Math.Max(c.ChargeMahPerG, c.DischargeMahPerG) > (double.IsNaN(ceiling) ? 1.5 * spec : ceiling)).ToList();
        if (overCap.Count > 0)
        {
            var worst = overCap.MaxBy(c => Math.Max(c.ChargeMahPerG, c.DischargeMahPerG))!;
            warnings.Add($"specific capacity {Math.Max(worst.ChargeMahPerG, worst.DischargeMahPerG):0.#} mAh/g (cycle {worst.Index}; {overCap.Count} cycle(s) in all) is above " +
                         (double.IsNaN(ceiling) ? $"1.5 × the {spec:0.#} mAh/g that defines 1C" : $"the theoretical {ceiling:0.#} mAh/g of {o.Cathode}") +
                         $": check the active mass ({o.ActiveMassMg:0.####} mg) and the current unit");
        }
        if (!cycles[^1].Complete) warnings.Add($"the last cycle ({cycles[^1].Index}) has only one half; it is left out of retention");
        var full = cycles.Where(c => c.Complete).ToList();
        if (full.Count == 0) throw new NitrolyteInputException($"{ts.Source}: no complete cycle");
        // formation cycles
        int formation = o.FormationCycles ?? DetectFormation(full);
        int refCycle = o.ReferenceCycle ?? Math.Min(formation + 1, full.Count);
        if (refCycle < 1 || refCycle > full.Count) throw new NitrolyteInputException($"reference cycle {refCycle} is outside 1..{full.Count}");
        double refCap = full[refCycle - 1].DischargeMah;
        for (int k = 0; k < cycles.Count; k++)
            if (cycles[k].Complete && refCap > 0) cycles[k] = cycles[k] with { RetentionPct = 100 * cycles[k].DischargeMah / refCap };
        full = cycles.Where(c => c.Complete).ToList();
        double? retention = full[^1].RetentionPct;
        double? fade = null; int? life = null; double? projected = null;
        var after = full.Where(c => c.Index >= refCycle).ToList();
        if (after.Count >= 3)
        {
            var fit = Numerics.LinearFit.Fit(after.Select(c => (double)c.Index).ToArray(), after.Select(c => c.RetentionPct ?? double.NaN).ToArray());
            fade = -fit.Slope;
            var eol = after.FirstOrDefault(c => c.RetentionPct < o.EndOfLifePct);
            if (eol is not null) life = eol.Index;
            else if (fade > 0) projected = (fit.Intercept - o.EndOfLifePct) / fade.Value;
        }
        return new FullCellResult(cycles, chargeFirst, full[0].CoulombicEfficiency, formation, refCycle, retention, fade, life, projected, spec, o.EndOfLifePct, warnings, o);
    }

    /// <summary>CE above 1 + this is flagged (instrument integration noise stays well below 0.5 %).</summary>
    public const double CeTolerance = 0.005;

    /// <summary>
    /// Runs of rows with the same current sign (|I| above the rest threshold), after dropping an initial partial
    /// discharge (smaller than the following charge) as <see cref="Analyse"/> does; cycle k is runs 2k-2 and 2k-1.
    /// </summary>
    private static List<(int Sign, int First, int Last)> CurrentRuns(TimeSeries ts, double thr, List<string>? warnings)
    {
        int n = ts.Count;
        var runs = new List<(int Sign, int First, int Last)>();
        for (int i = 0; i < n; i++)
        {
            int sg = ts.CurrentA[i] > thr ? 1 : ts.CurrentA[i] < -thr ? -1 : 0;
            if (sg == 0) continue;
            if (runs.Count > 0 && runs[^1].Sign == sg) runs[^1] = (sg, runs[^1].First, i);
            else runs.Add((sg, i, i));
        }
        // A cell that starts with a discharge from its open-circuit state (e.g. LFP or NCM cells assembled partly
        // lithiated) is cycled charge-first: when that first discharge holds less charge than the charge after it, it
        // cannot be the discharge of a cycle whose charge follows (CE = charge/discharge would exceed 100 %), so it is
        // reported and skipped, and each charge is paired with the discharge after it. A first discharge at least as large
        // as the next charge (anode half cells, TiS2, S: assembled charged) starts discharge-first cycles.
        if (runs.Count >= 3 && runs[0].Sign < 0)
        {
            double q0 = Integrate(ts, runs[0].First, runs[0].Last, thr).Item1, q1 = Integrate(ts, runs[1].First, runs[1].Last, thr).Item1;
            if (q0 < q1)
            {
                warnings?.Add($"the file starts with a discharge of {q0:0.####} mAh, smaller than the {q1:0.####} mAh charge after it " +
                              $"(pairing them would give CE {q1 / q0:P0}): it is treated as a partial discharge of the as-assembled cell and skipped; " +
                              "each cycle pairs a charge with the discharge that follows it");
                runs.RemoveAt(0);
            }
        }
        return runs;
    }

    /// <summary>
    /// Cycle number of every row, counted as <see cref="Analyse"/> counts cycles: the current-sign runs are paired
    /// (charge + discharge, or discharge + charge), pair k is cycle k; a row belongs to the cycle of the last run that
    /// started at or before it (rows before the first counted run, e.g. an opening rest or a skipped partial
    /// discharge, are cycle 1). The rest threshold is 1e-4 of the largest |I| (or <paramref name="restCurrentA"/>).
    /// Returns null when the series has no current.
    /// </summary>
    public static int[]? CycleNumbers(TimeSeries ts, double? restCurrentA = null)
    {
        if (!ts.HasCurrent || ts.Count == 0) return null;
        double maxI = ts.CurrentA.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var cyc = new int[ts.Count];
        Array.Fill(cyc, 1);
        if (maxI <= 0) return cyc;
        double thr = restCurrentA ?? Math.Max(1e-12, 1e-4 * maxI);
        var runs = CurrentRuns(ts, thr, null);
        for (int k = 0; k < runs.Count; k++)
        {
            int from = runs[k].First, to = k + 1 < runs.Count ? runs[k + 1].First : ts.Count;
            for (int i = from; i < to; i++) cyc[i] = k / 2 + 1;
        }
        return cyc;
    }

    private static int DetectFormation(List<FullCellCycle> cycles)
    {
        if (cycles.Count < 3) return 0;
        var rates = cycles.Select(c => c.DischargeCRate).ToArray();
        int k = 0;
        double tailMedian = SymmetricCell.Median(rates.Skip(Math.Min(cycles.Count - 1, 1)));
        while (k < Math.Min(5, cycles.Count - 1) && Math.Abs(rates[k] - tailMedian) > 0.2 * tailMedian) k++;
        return k;
    }

    /// <summary>(capacity mAh, energy mWh) of a run: trapezoid rule over its rows, the first row (step start)
    /// included, transient samples standing in for the following regular sample (<see cref="StepIntegration"/>);
    /// rest intervals inside a merged run (both ends at rest) carry no charge.</summary>
    private static (double, double) Integrate(TimeSeries ts, int first, int last, double thr)
    {
        var tr = StepIntegration.Transients(ts.TimeS, first, last);
        var i = StepIntegration.Effective(ts.CurrentA, tr, first, last);
        var v = StepIntegration.Effective(ts.VoltageV, tr, first, last);
        double q = 0, e = 0;
        for (int k = first + 1; k <= last; k++)
        {
            double dt = ts.TimeS[k] - ts.TimeS[k - 1];
            double i0 = Math.Abs(i[k - first - 1]), i1 = Math.Abs(i[k - first]);
            if (i0 <= thr && i1 <= thr) continue;
            q += 0.5 * (i0 + i1) * dt;
            e += 0.5 * (i0 * v[k - first - 1] + i1 * v[k - first]) * dt;
        }
        return (q / 3.6, e / 3.6); // A s -> mAh ; W s -> mWh
    }

    /// <summary>Time-weighted mean |I| of a run over the time it carries current (capacity / time under current), so
    /// that a sub-millisecond transient sample weighs by its duration, not as much as a regular sample.</summary>
    private static double MeanAbsCurrent(TimeSeries ts, (int Sign, int First, int Last)? run, double thr)
    {
        if (run is not { } r) return double.NaN;
        var tr = StepIntegration.Transients(ts.TimeS, r.First, r.Last);
        var i = StepIntegration.Effective(ts.CurrentA, tr, r.First, r.Last);
        double q = 0, t = 0;
        for (int k = r.First + 1; k <= r.Last; k++)
        {
            double i0 = Math.Abs(i[k - r.First - 1]), i1 = Math.Abs(i[k - r.First]);
            if (i0 <= thr && i1 <= thr) continue;
            double dt = ts.TimeS[k] - ts.TimeS[k - 1];
            q += 0.5 * (i0 + i1) * dt; t += dt;
        }
        return t > 0 ? q / t : Math.Abs(i[0]);
    }
}
