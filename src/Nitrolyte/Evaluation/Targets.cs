using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation;

/// <summary>
/// One of the field's targets (SCIENCE.md, seed 001): which metric it reads, the threshold and the direction.
/// When several measurements give the metric (e.g. three preparations), the best one is judged and named.
/// </summary>
public sealed record Target(string Id, string Name, string Requirement, string Unit, Func<MetricBoard, (MetricValue? Value, bool? Pass, string? Note)> Judge)
{
    /// <summary>The threshold and direction of a simple at-least/at-most target (null for targets judged on several metrics),
    /// so the scorecard can say by how many standard errors the value passes or fails.</summary>
    public (double Threshold, bool AtLeast, bool Logarithmic)? Limit { get; init; }
}

public static class Targets
{
    public const double IonicConductivityTargetSPerCm = 1e-3;
    public const double FastChargeConductivitySPerCm = 1e-2;
    public const double ElectronicToIonicMax = 1e-4;
    public const double OxidationLimitTargetV = 4.0;
    public const double CcdTargetMaPerCm2 = 12;
    public const double CcdCapacityTargetMahPerCm2 = 3;
    public const double EnergyDensityTargetWhPerKg = 350;
    public const double ChargeTimeTargetMin = 15;
    public const double AirRetentionTargetPct = 80;
    /// <summary>Thinnest electrolyte layer counted as makeable in a bulk cell of the reference loading (sheet-type solid
    /// electrolyte layers are reported down to ~10-30 µm; µm thin films exist only in thin-film cells): an energy density
    /// that needs a thinner layer to charge in time is not an energy density the electrolyte allows.</summary>
    public const double MinimumPracticalLayerUm = 10.0;
    /// <summary>Metrics that are lower bounds (the value is "at least"): shown with ≥.</summary>
    public static readonly IReadOnlySet<string> LowerBoundKeys = new HashSet<string> { MetricKeys.CriticalCurrentDensityLowerBound };

    public static readonly IReadOnlyList<Target> All =
    [
        new("sigma_25c", "Ionic conductivity at 25 °C", "≥ 1 mS/cm", "S/cm", b => AtLeast(b.Max(MetricKeys.Sigma25C), IonicConductivityTargetSPerCm)) { Limit = (IonicConductivityTargetSPerCm, true, true) },
        new("sigma_fast_charge", "Conductivity for fast charging", "≥ 10 mS/cm", "S/cm", b => AtLeast(b.Max(MetricKeys.Sigma25C), FastChargeConductivitySPerCm)) { Limit = (FastChargeConductivitySPerCm, true, true) },
        new("electronic_insulation", "Electronic / ionic conductivity", "≤ 1e-4 (4 orders below σ_ion)", "", JudgeElectronic),
        new("li_metal_stability", "Stability against Li metal", "window reaches 0 V vs Li/Li+ (or no reaction with Li)", "V", JudgeLiMetal),
        new("oxidation_limit", "Upper limit of the stability window", "≥ 4 V vs Li/Li+ (direct contact with 4 V cathodes)", "V", b => AtLeast(b.Max(MetricKeys.WindowHighV), OxidationLimitTargetV)) { Limit = (OxidationLimitTargetV, true, false) },
        new("ccd", "Critical current density", "> 12 mA/cm² at > 3 mAh/cm²", "mA/cm²", JudgeCcd),
        new("air_stability", "Conductivity kept after dry-room/air exposure", "> 80 % after weeks", "%", JudgeAirStability),
        new("energy_density", "Cell energy density the electrolyte allows", "≥ 350 Wh/kg at a layer that charges in ≤ 15 min", "Wh/kg", JudgeEnergyDensity),
        new("fast_charge", "Charge time allowed by the electrolyte's resistance", "≤ 15 min", "min", b => AtMost(b.Min(MetricKeys.MinimumChargeTime), ChargeTimeTargetMin)) { Limit = (ChargeTimeTargetMin, false, false) },
    ];

    public static List<ScorecardEntry> Score(MetricBoard board, IReadOnlyList<string>? selected)
    {
        var list = new List<ScorecardEntry>();
        foreach (var t in All)
        {
            if (selected is not null && !selected.Contains(t.Id, StringComparer.OrdinalIgnoreCase)) continue;
            var (value, pass, note) = t.Judge(board);
            var status = pass is null ? TargetStatus.NotMeasured : pass.Value ? TargetStatus.Pass : TargetStatus.Fail;
            bool lower = value is not null && LowerBoundKeys.Contains(value.Key);
            list.Add(new ScorecardEntry(t.Name, value?.Value, t.Unit, status, t.Requirement, value?.Source, note ?? value?.Note, t.Id)
            {
                IsLowerBound = lower,
                // a bound below the target: the test stopped before the target was reached (not "not measured")
                Verdict = lower && status == TargetStatus.NotMeasured ? "not reached" : null,
                MarginSe = MarginSe(t, value),
            });
        }
        return list;
    }

    /// <summary>Standard errors between the judged value and the threshold, positive on the passing side (null without an SE).</summary>
    public static double? MarginSe(Target t, MetricValue? v)
    {
        if (t.Limit is not { } l || v is null || v.Key == "electronic_to_ionic_ratio") return null;
        var m = v.Measured.StandardErrorsAbove(l.Threshold, l.Logarithmic);
        return m is null ? null : l.AtLeast ? m : -m;
    }

    private static (MetricValue?, bool?, string?) AtLeast(MetricValue? v, double threshold) => (v, v is null ? null : v.Value >= threshold, null);
    private static (MetricValue?, bool?, string?) AtMost(MetricValue? v, double threshold) => (v, v is null ? null : v.Value <= threshold, null);

    /// <summary>Energy density and charge time are judged together: the energy density counts at the thickest layer that
    /// still charges in the target time; when σ allows no layer of practical thickness, the target fails.</summary>
    private static (MetricValue?, bool?, string?) JudgeEnergyDensity(MetricBoard b)
    {
        var e = b.Max(MetricKeys.EnergyDensity);
        if (e is null) return (null, null, null);
        var limit = b.Max(MetricKeys.ChargeLimitedThickness);
        if (limit is null) return (e, e.Value >= EnergyDensityTargetWhPerKg, $"{e.Note}; no conductivity known, so the charge time could not be judged with it");
        var at = b.Max(MetricKeys.EnergyDensityAtChargeTime);
        if (limit.Value < MinimumPracticalLayerUm || at is null)
            return (e, false, $"{e.Value:0} Wh/kg at the reference thickness, but " + (limit.Value > 0
                ? $"a {ChargeTimeTargetMin:0}-min charge needs a layer of at most {limit.Value:0.###} µm, thinner than a practical layer ({MinimumPracticalLayerUm:0} µm)"
                : limit.Note));
        return (at, at.Value >= EnergyDensityTargetWhPerKg, at.Note);
    }

    /// <summary>Best retention over the exposure series (the note states its time and atmosphere, and says when the data are
    /// shorter than the review's "weeks"); the other atmospheres are listed after it.</summary>
    private static (MetricValue?, bool?, string?) JudgeAirStability(MetricBoard b)
    {
        var best = b.Max(MetricKeys.AirStabilityRetention);
        if (best is null) return (null, null, null);
        var others = b.Get(MetricKeys.AirStabilityRetention).Where(v => !ReferenceEquals(v, best)).Select(v => $"{v.Source}: {v.Value:0.#} %").ToList();
        var note = best.Note ?? $"kept {best.Value:0.#} %";
        if (others.Count > 0) note += $" (other atmospheres: {string.Join("; ", others)})";
        return (best, best.Value > AirRetentionTargetPct, note);
    }

    private static (MetricValue?, bool?, string?) JudgeElectronic(MetricBoard b)
    {
        var e = b.Min(MetricKeys.ElectronicConductivity);
        var i = b.Max(MetricKeys.Sigma25C);
        if (e is null) return (null, null, i is null ? null : "no DC polarisation data");
        if (i is null) return (null, null, $"σ_e = {e.Value:0.##e+0} S/cm but no ionic conductivity to compare with");
        var ratio = e.Value / i.Value;
        return (new MetricValue("electronic_to_ionic_ratio", ratio, "", $"{e.Source} / {i.Source}"), ratio <= ElectronicToIonicMax,
            $"σ_e {e.Value:0.##e+0} S/cm vs σ_ion {i.Value:0.##e+0} S/cm");
    }

    private static (MetricValue?, bool?, string?) JudgeLiMetal(MetricBoard b)
    {
        var low = b.Min(MetricKeys.WindowLowV);
        if (low is not null) return (low, low.Value <= 1e-6, null);
        var r = b.Max(MetricKeys.ReactionEnergyWithLi);
        if (r is not null) return (r, r.Value >= -1e-6, "reaction energy with Li (eV/atom)");
        return (null, null, null);
    }

    private static (MetricValue?, bool?, string?) JudgeCcd(MetricBoard b)
    {
        var cap = b.Max(MetricKeys.CcdArealCapacity);
        var ccd = b.Max(MetricKeys.CriticalCurrentDensity);
        var bound = b.Max(MetricKeys.CriticalCurrentDensityLowerBound);
        string capNote = cap is null ? "areal capacity per step not known" : $"at {cap.Value:0.##} mAh/cm²";
        bool capOk = cap is null || cap.Value > CcdCapacityTargetMahPerCm2;
        if (ccd is not null && (bound is null || ccd.Value >= bound.Value))
            return (ccd, ccd.Value > CcdTargetMaPerCm2 && capOk, capNote);
        if (bound is null) return (null, null, null);
        // No failure observed: a lower bound passes once it exceeds the target, otherwise the test stopped too early to judge.
        if (bound.Value > CcdTargetMaPerCm2 && capOk) return (bound, true, $"≥ {bound.Value:0.###} mA/cm² without failure, {capNote}");
        return (bound, null, $"≥ {bound.Value:0.###} mA/cm² without failure: the staircase stopped below the {CcdTargetMaPerCm2:0} mA/cm² target, so whether the target is met is not known");
    }
}
