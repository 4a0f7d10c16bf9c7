using Nitrolyte.Core;

namespace Nitrolyte.Electrochemistry;

/// <summary>
/// Options of the Li|SE|Li analysis. The failure thresholds are deliberately explicit; their reasoning is in
/// docs/electrochemistry.md ("Symmetric cells: thresholds").
/// </summary>
public sealed record SymmetricOptions
{
    public required double AreaCm2 { get; init; }
    /// <summary>Electrolyte thickness and ionic conductivity: give the bulk resistance L/(sigma A), which is subtracted
    /// from the interfacial ASR and is the floor below which a resistance needs an electronic path (soft short).</summary>
    public double? ThicknessCm { get; init; }
    public double? SigmaSPerCm { get; init; }
    /// <summary>|I| at or below this counts as rest. Default: 1e-4 of the largest |I| (at least 1 pA).</summary>
    public double? RestCurrentA { get; init; }
    /// <summary>The plateau is the part of each half cycle between these fractions of its duration (skips the nucleation spike).</summary>
    public double PlateauFrom { get; init; } = 0.25;
    public double PlateauTo { get; init; } = 0.95;
    /// <summary>Hard short: over the last 30 % of a half cycle the median |V| is below this voltage and below
    /// <see cref="HardShortFraction"/> of the overpotential expected from the preceding half cycles, and it stays so.</summary>
    public double HardShortVoltageV { get; init; } = 0.005;
    public double HardShortFraction { get; init; } = 0.1;
    /// <summary>Soft short, sudden drop: the half cycle's total ASR (|V|/j) falls below this fraction of the median of the
    /// previous <see cref="ReferenceHalfCycles"/> healthy half cycles.</summary>
    public double SuddenDropFraction { get; init; } = 0.5;
    public int ReferenceHalfCycles { get; init; } = 4;
    /// <summary>Soft short, noisy flattened profile: RMS of the second differences of |V| over the plateau, relative to
    /// the plateau, above this, together with an ASR below <see cref="FlattenedFraction"/> of the reference.</summary>
    public double NoiseThreshold { get; init; } = 0.05;
    public double FlattenedFraction { get; init; } = 0.8;
    /// <summary>Soft short, resistance below bulk: |V|/|I| below this multiple of L/(sigma A).</summary>
    public double BulkResistanceMargin { get; init; } = 1.0;
    /// <summary>A half cycle shorter than this fraction of the protocol's (time or capacity) is incomplete (voltage cut-off).</summary>
    public double IncompleteFraction { get; init; } = 0.9;
    /// <summary>After a soft short, a half cycle whose ASR is back above this fraction of the pre-event reference counts as recovered.</summary>
    public double RecoveryFraction { get; init; } = 0.8;
}

public sealed record HalfCycle(int Index, int Sign, int FirstPoint, int LastPoint, double StartS, double EndS, double DurationS,
    double CurrentA, double CurrentDensityMaPerCm2, double CapacityMahPerCm2,
    double OverpotentialV, double MaxOverpotentialV, double EndOverpotentialV,
    double ApparentResistanceOhm, double AsrTotalOhmCm2, double AsrOhmCm2, double NoiseRatio, bool Complete, bool Shorted);

/// <summary>A detected failure: type "hard_short" or "soft_short", when, in which half cycle, and why.</summary>
public sealed record CellEvent(string Type, double TimeS, int HalfCycle, string Reason, string Detail);

/// <summary>A later half cycle whose resistance came back after a soft short (recovery, e.g. after a rest).</summary>
public sealed record CellRecovery(int AfterEventHalfCycle, int HalfCycle, double TimeS, double AsrRatio);

public sealed record ProtocolStep(int Index, double CurrentDensityMaPerCm2, int FirstHalfCycle, int LastHalfCycle, int HalfCycles,
    double HalfCycleS, double ArealCapacityMahPerCm2, bool Completed);

public sealed record SymmetricResult(IReadOnlyList<HalfCycle> HalfCycles, string Protocol, IReadOnlyList<ProtocolStep> Steps,
    double? CcdMaPerCm2, double? CcdArealCapacityMahPerCm2, bool CcdIsLowerBound, string CcdReason,
    IReadOnlyList<CellEvent> Events, IReadOnlyList<CellRecovery> Recoveries, double? BulkResistanceOhm, IReadOnlyList<string> Warnings, SymmetricOptions Options);

/// <summary>
/// Galvanostatic cycling of symmetric Li|SE|Li cells: half cycles from current sign changes (rests between them
/// ignored), per half cycle the overpotential (plateau mean, maximum, end), the ASR per interface
/// (|V|/(2 j) after removing the bulk term L/sigma when given) and the capacity passed; the protocol (fixed time or
/// fixed capacity per half cycle, current-density steps); failures (hard and soft shorts, incomplete half cycles) and
/// the critical current density = the last current density whose half cycles all completed before the first failure.
/// </summary>
public static class SymmetricCell
{
    public static SymmetricResult Analyse(TimeSeries ts, SymmetricOptions o)
    {
        ts.RequireCurrent("symmetric-cell analysis");
        if (!(o.AreaCm2 > 0)) throw new NitrolyteInputException("symmetric-cell analysis: the electrode area must be positive");
        if (o.ThicknessCm is { } tc && !(tc > 0)) throw new NitrolyteInputException("symmetric-cell analysis: the thickness must be positive");
        if (o.SigmaSPerCm is { } sc && !(sc > 0)) throw new NitrolyteInputException("symmetric-cell analysis: the ionic conductivity sigma must be positive");
        var warnings = new List<string>();
        int n = ts.Count;
        if (n < 3) throw new NitrolyteInputException($"{ts.Source}: too few points for a cycling analysis ({n})");
        double maxI = 0;
        for (int i = 0; i < n; i++) maxI = Math.Max(maxI, Math.Abs(ts.CurrentA[i]));
        if (maxI <= 0) throw new NitrolyteInputException($"{ts.Source}: the current is zero everywhere (no stripping/plating)");
        double thr = o.RestCurrentA ?? Math.Max(1e-12, 1e-4 * maxI);
        double? rBulk = o.ThicknessCm is { } l && o.SigmaSPerCm is { } s && l > 0 && s > 0 ? l / (s * o.AreaCm2) : null;

        // ---- runs of one current sign (rest points between runs of the same sign are skipped, the runs merged)
        var runs = new List<(int Sign, int First, int Last)>();
        for (int i = 0; i < n; i++)
        {
            double c = ts.CurrentA[i];
            int sg = c > thr ? 1 : c < -thr ? -1 : 0;
            if (sg == 0) continue;
            if (runs.Count > 0 && runs[^1].Sign == sg) runs[^1] = (sg, runs[^1].First, i);
            else runs.Add((sg, i, i));
        }
        if (runs.Count == 0) throw new NitrolyteInputException($"{ts.Source}: no half cycle found (no current above {thr:0.###e+0} A)");

        var raw = new List<HalfCycle>();
        var mismatches = new List<string>();
        foreach (var (sg, first, last) in runs)
        {
            double t0 = ts.TimeS[first], t1 = ts.TimeS[last], dur = t1 - t0;
            // time-weighted (trapezoid) charge and mean current; a transient sample stands for the next regular one
            var tr = StepIntegration.Transients(ts.TimeS, first, last);
            var ie = StepIntegration.Effective(ts.CurrentA, tr, first, last);
            var ve = StepIntegration.Effective(ts.VoltageV, tr, first, last);
            bool Rest(int i) => Math.Abs(ie[i - first]) <= thr;
            double q = 0, tOn = 0;
            for (int i = first + 1; i <= last; i++)
            {
                if (Rest(i) && Rest(i - 1)) continue;
                double dt = ts.TimeS[i] - ts.TimeS[i - 1];
                q += 0.5 * (Math.Abs(ie[i - first]) + Math.Abs(ie[i - first - 1])) * dt; tOn += dt;
            }
            double iMean = tOn > 0 ? q / tOn : Math.Abs(ie[0]);
            if (StepIntegration.CrossCheck($"half cycle {raw.Count + 1}", q / 3.6, StepIntegration.FileCharge(ts, first, last), ts.FileChargeColumn) is { } mm) mismatches.Add(mm);
            double j = iMean / o.AreaCm2 * 1000;
            // plateau: time-weighted mean of the overpotential between PlateauFrom and PlateauTo of the duration
            var plateau = new List<double>();
            double vmax = 0, pInt = 0, pDur = 0; int pPrev = -1;
            for (int i = first; i <= last; i++)
            {
                if (Math.Abs(ts.CurrentA[i]) <= thr) { pPrev = -1; continue; }
                double eta = sg * ts.VoltageV[i];
                vmax = Math.Max(vmax, eta);
                double f = dur > 0 ? (ts.TimeS[i] - t0) / dur : 0.5;
                if (f < o.PlateauFrom || f > o.PlateauTo) { pPrev = -1; continue; }
                if (!tr[i - first]) plateau.Add(eta);
                double etaE = sg * ve[i - first];
                if (pPrev >= 0) { double dt = ts.TimeS[i] - ts.TimeS[pPrev]; pInt += 0.5 * (etaE + sg * ve[pPrev - first]) * dt; pDur += dt; }
                pPrev = i;
            }
            if (plateau.Count == 0)
                for (int i = first; i <= last; i++) if (Math.Abs(ts.CurrentA[i]) > thr) plateau.Add(sg * ts.VoltageV[i]);
            double etaMean = pDur > 0 ? pInt / pDur : plateau.Average();
            double noise = 0;
            if (plateau.Count >= 5)
            {
                double s2 = 0;
                for (int k = 2; k < plateau.Count; k++) { double d2 = plateau[k] - 2 * plateau[k - 1] + plateau[k - 2]; s2 += d2 * d2; }
                noise = Math.Sqrt(s2 / (plateau.Count - 2) / 6) / Math.Max(Math.Abs(etaMean), 1e-9); // /6: variance of a 2nd difference of white noise
            }
            double rApp = etaMean / iMean;
            double asrTotal = rApp * o.AreaCm2;
            double asr = rBulk is { } rb ? (rApp - rb) * o.AreaCm2 / 2 : asrTotal / 2;
            raw.Add(new HalfCycle(raw.Count + 1, sg, first, last, t0, t1, dur, sg * iMean, j, q / 3.6 / o.AreaCm2,
                etaMean, vmax, sg * ts.VoltageV[last], rApp, asrTotal, asr, noise, true, false));
        }

        warnings.AddRange(mismatches.Take(3));
        if (mismatches.Count > 3) warnings.Add($"{mismatches.Count - 3} more half cycles differ from the file's own charge column by more than 0.5 %");

        // ---- protocol: fixed time or fixed capacity; steps of current density
        var complete = raw.Take(Math.Max(1, raw.Count - 1)).ToList(); // the last half cycle may have been stopped early
        double Cv(IEnumerable<double> x) { var a = x.ToArray(); if (a.Length < 2) return 0; double m = a.Average(); return m == 0 ? 0 : Math.Sqrt(a.Sum(v => (v - m) * (v - m)) / (a.Length - 1)) / Math.Abs(m); }
        double timeCv = Cv(Trimmed(complete.Select(h => h.DurationS)));
        double capCv = Cv(Trimmed(complete.Select(h => h.CapacityMahPerCm2)));
        string protocol = timeCv < 0.05 ? "fixed_time" : capCv < 0.05 ? "fixed_capacity" : "variable";
        var stepsRaw = new List<(int First, int Last)>();
        for (int k = 0; k < raw.Count; k++)
        {
            if (stepsRaw.Count > 0 && Math.Abs(raw[k].CurrentDensityMaPerCm2 - raw[stepsRaw[^1].First].CurrentDensityMaPerCm2) <= 0.03 * raw[stepsRaw[^1].First].CurrentDensityMaPerCm2)
                stepsRaw[^1] = (stepsRaw[^1].First, k);
            else stepsRaw.Add((k, k));
        }
        if (protocol == "variable")
        {
            // per step: is time or capacity the constant?
            bool perStepTime = stepsRaw.All(st => Cv(Trimmed(raw.Skip(st.First).Take(st.Last - st.First + 1).Select(h => h.DurationS))) < 0.05);
            bool perStepCap = stepsRaw.All(st => Cv(Trimmed(raw.Skip(st.First).Take(st.Last - st.First + 1).Select(h => h.CapacityMahPerCm2))) < 0.05);
            protocol = perStepTime ? "fixed_time_per_step" : perStepCap ? "fixed_capacity_per_step" : "variable";
        }
        // completeness of each half cycle against the protocol
        double medDur = Median(complete.Select(h => h.DurationS)), medCap = Median(complete.Select(h => h.CapacityMahPerCm2));
        var hcs = new List<HalfCycle>(raw.Count);
        foreach (var (first, last) in stepsRaw)
        {
            var group = raw.Skip(first).Take(last - first + 1).ToList();
            double stepDur = group.Count > 1 ? Median(group.Select(h => h.DurationS)) : medDur;
            double stepCap = group.Count > 1 ? Median(group.Select(h => h.CapacityMahPerCm2)) : medCap;
            foreach (var h in group)
            {
                bool ok = protocol switch
                {
                    "fixed_time" => h.DurationS >= o.IncompleteFraction * medDur,
                    "fixed_capacity" => h.CapacityMahPerCm2 >= o.IncompleteFraction * medCap,
                    "fixed_time_per_step" => h.DurationS >= o.IncompleteFraction * stepDur,
                    "fixed_capacity_per_step" => h.CapacityMahPerCm2 >= o.IncompleteFraction * stepCap,
                    _ => true,
                };
                hcs.Add(h with { Complete = ok });
            }
        }

        // ---- failure events
        var events = new List<CellEvent>();
        var recoveries = new List<CellRecovery>();
        var healthyAsr = new List<double>();
        bool inShort = false; double preEventRef = double.NaN; int eventHc = 0;
        for (int k = 0; k < hcs.Count; k++)
        {
            var h = hcs[k];
            double reference = healthyAsr.Count > 0 ? Median(healthyAsr.TakeLast(o.ReferenceHalfCycles)) : double.NaN;
            double expectedEta = double.IsNaN(reference) ? double.NaN : reference * h.CurrentDensityMaPerCm2 / 1000;
            // hard short
            double tailMedian = TailMedianAbsV(ts, h, thr, 0.3);
            bool collapsed = tailMedian < o.HardShortVoltageV && (double.IsNaN(expectedEta) || tailMedian < o.HardShortFraction * expectedEta);
            bool stays = collapsed && (k == hcs.Count - 1 || TailMedianAbsV(ts, hcs[k + 1], thr, 1.0) < o.HardShortVoltageV);
            if (stays)
            {
                if (!events.Any(e => e.Type == "hard_short"))
                {
                    double tOn = OnsetTime(ts, h, thr, o.HardShortVoltageV);
                    events.Add(new CellEvent("hard_short", tOn, h.Index, "voltage_collapse",
                        $"|V| stays below {o.HardShortVoltageV * 1000:0.#} mV (median {tailMedian * 1000:0.###} mV over the end of the half cycle" +
                        (double.IsNaN(expectedEta) ? ")" : $", {expectedEta * 1000:0.#} mV expected)")));
                }
                hcs[k] = h with { Shorted = true };
                inShort = true;
                continue;
            }
            // soft short criteria (the end of the half cycle counts too: a short that opens during it)
            string? reason = null, detail = null;
            double tailAsr = TailMedianAbsV(ts, h, thr, 0.2) / (h.CurrentDensityMaPerCm2 / 1000);
            if (rBulk is { } rb && h.ApparentResistanceOhm < o.BulkResistanceMargin * rb)
            { reason = "resistance_below_bulk"; detail = $"|V|/|I| = {h.ApparentResistanceOhm:0.###} ohm < bulk ionic resistance L/(sigma A) = {rb:0.###} ohm"; }
            else if (!double.IsNaN(reference) && Math.Min(h.AsrTotalOhmCm2, tailAsr) < o.SuddenDropFraction * reference)
            {
                reason = "sudden_drop";
                detail = h.AsrTotalOhmCm2 < o.SuddenDropFraction * reference
                    ? $"ASR {h.AsrTotalOhmCm2:0.###} ohm cm2 < {o.SuddenDropFraction:0.##} x {reference:0.###} (median of the previous healthy half cycles)"
                    : $"ASR at the end of the half cycle {tailAsr:0.###} ohm cm2 < {o.SuddenDropFraction:0.##} x {reference:0.###} (median of the previous healthy half cycles)";
            }
            else if (!double.IsNaN(reference) && h.NoiseRatio > o.NoiseThreshold && h.AsrTotalOhmCm2 < o.FlattenedFraction * reference)
            { reason = "noisy_profile"; detail = $"noise {h.NoiseRatio:0.###} of the plateau and ASR {h.AsrTotalOhmCm2 / reference:0.##} of the reference"; }
            if (reason is not null)
            {
                if (!inShort)
                {
                    double onsetV = double.IsNaN(expectedEta) ? double.NaN : o.SuddenDropFraction * expectedEta;
                    double tOn = double.IsNaN(onsetV) ? h.StartS : OnsetTime(ts, h, thr, onsetV);
                    events.Add(new CellEvent("soft_short", tOn, h.Index, reason, detail!));
                    preEventRef = reference; eventHc = h.Index;
                }
                inShort = true;
                hcs[k] = h with { Shorted = true };
                continue;
            }
            if (inShort && !double.IsNaN(preEventRef) && h.AsrTotalOhmCm2 >= o.RecoveryFraction * preEventRef)
            {
                recoveries.Add(new CellRecovery(eventHc, h.Index, h.StartS, h.AsrTotalOhmCm2 / preEventRef));
                inShort = false;
            }
            else if (inShort) { hcs[k] = h with { Shorted = true }; continue; }
            healthyAsr.Add(h.AsrTotalOhmCm2);
        }

        // ---- critical current density
        int failHc = int.MaxValue; string failWhy = "no failure";
        if (events.Count > 0) { failHc = events[0].HalfCycle; failWhy = $"{events[0].Type} ({events[0].Reason}) in half cycle {failHc}"; }
        var firstIncomplete = hcs.Take(hcs.Count - 1).FirstOrDefault(h => !h.Complete);
        if (firstIncomplete is not null && firstIncomplete.Index < failHc) { failHc = firstIncomplete.Index; failWhy = $"half cycle {failHc} ended early (voltage limit?)"; }
        var steps = new List<ProtocolStep>();
        foreach (var (first, last) in stepsRaw)
        {
            var g = hcs.Skip(first).Take(last - first + 1).ToList();
            bool done = g.All(h => h.Index < failHc && h.Complete);
            steps.Add(new ProtocolStep(steps.Count + 1, Median(g.Select(h => h.CurrentDensityMaPerCm2)), g[0].Index, g[^1].Index, g.Count,
                Median(g.Select(h => h.DurationS)), Median(g.Select(h => h.CapacityMahPerCm2)), done));
        }
        double? ccd = null, ccdCap = null; bool lowerBound = false; string why;
        var beforeFail = steps.Where(st => st.LastHalfCycle < failHc && st.Completed).ToList();
        if (failHc == int.MaxValue)
        {
            var best = steps.Where(st => st.Completed).OrderByDescending(st => st.CurrentDensityMaPerCm2).FirstOrDefault();
            if (best is not null) { ccd = best.CurrentDensityMaPerCm2; ccdCap = best.ArealCapacityMahPerCm2; }
            lowerBound = true;
            why = ccd is null ? "no complete current step" : $"no failure detected: {ccd:0.###} mA/cm2 is the highest current density completed (a lower bound)";
        }
        else if (beforeFail.Count > 0)
        {
            var last = beforeFail[^1];
            ccd = last.CurrentDensityMaPerCm2; ccdCap = last.ArealCapacityMahPerCm2;
            why = $"last current density completed before the failure: {failWhy}";
        }
        else why = $"failure in the first current step: {failWhy}";
        int wrongSign = hcs.Count(h => h.OverpotentialV < 0);
        if (wrongSign > hcs.Count / 4)
            warnings.Add($"in {wrongSign} of {hcs.Count} half cycles the voltage does not follow the current's sign (median |V| {Median(hcs.Select(h => Math.Abs(h.OverpotentialV))):0.###} V): this does not look like a symmetric Li|SE|Li cell, and its ASR and events are not meaningful");
        if (steps.Count == 1 && ccd is not null) warnings.Add("a single current density: the CCD is only meaningful for a staircase of current densities");
        return new SymmetricResult(hcs, protocol, steps, ccd, ccdCap, lowerBound, why, events, recoveries, rBulk, warnings, o);
    }

    private static IEnumerable<double> Trimmed(IEnumerable<double> x) => x;

    internal static double Median(IEnumerable<double> x)
    {
        var a = x.Where(double.IsFinite).OrderBy(v => v).ToArray();
        if (a.Length == 0) return double.NaN;
        return a.Length % 2 == 1 ? a[a.Length / 2] : 0.5 * (a[a.Length / 2 - 1] + a[a.Length / 2]);
    }

    /// <summary>Median |V| over the last <paramref name="fraction"/> of the half cycle (rest and transient samples left out).</summary>
    private static double TailMedianAbsV(TimeSeries ts, HalfCycle h, double thr, double fraction)
    {
        var v = new List<double>();
        double from = h.EndS - fraction * h.DurationS;
        var tr = StepIntegration.Transients(ts.TimeS, h.FirstPoint, h.LastPoint);
        for (int i = h.FirstPoint; i <= h.LastPoint; i++)
            if (ts.TimeS[i] >= from && Math.Abs(ts.CurrentA[i]) > thr && !tr[i - h.FirstPoint]) v.Add(Math.Abs(ts.VoltageV[i]));
        return v.Count == 0 ? double.NaN : Median(v);
    }

    /// <summary>First point of the half cycle from which |V| stays below the level (or the start).</summary>
    private static double OnsetTime(TimeSeries ts, HalfCycle h, double thr, double level)
    {
        int onset = h.FirstPoint;
        for (int i = h.LastPoint; i >= h.FirstPoint; i--)
        {
            if (Math.Abs(ts.CurrentA[i]) <= thr) continue;
            if (h.Sign * ts.VoltageV[i] >= level) { onset = Math.Min(i + 1, h.LastPoint); break; }
        }
        return ts.TimeS[onset];
    }
}
