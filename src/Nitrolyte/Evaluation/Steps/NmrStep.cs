using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Nmr;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// NMR relaxometry tables -> BPP fit of R1(T) (from a T1/R1 table or from recovery curves) or motional narrowing.
/// Options: kind (t1 | recovery | linewidth; by default recognised from the header), larmor_mhz, nucleus (label,
/// default 7Li), jump_distance_a (Li jump distance for D = a²Γ/6 in the Ea comparison plot).
/// </summary>
public sealed class NmrStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["nmr", "nmr_relaxometry", "nmr_linewidth"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="NmrStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => NmrStepOptions.Keys;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var opt = NmrStepOptions.Parse(entry);
        if (entry.Files.Count != 1) throw new NitrolyteInputException("an nmr item takes one table (file:)");
        var path = entry.Files[0];
        var kind = opt.Kind ?? (entry.Technique == "nmr_linewidth" ? "linewidth" : NmrTableReader.Kind(path)).Trim().ToLowerInvariant();
        double? larmor = opt.LarmorMHz;
        string nucleus = opt.Nucleus;
        double? jump = opt.JumpDistanceA;
        var spec = opt.Columns;
        var results = new JsonObject { ["file"] = Path.GetFileName(path), ["kind"] = kind, ["nucleus"] = nucleus };
        StepOutcome outcome;
        switch (kind)
        {
            case "linewidth":
            {
                var t = NmrTableReader.ReadLinewidths(path, spec);
                var r = MotionalNarrowing.Fit(t.Points);
                foreach (var kv in NmrJson.Linewidth(r, t.Columns).ToList()) results[kv.Key] = kv.Value?.DeepClone();
                outcome = new StepOutcome { Results = results, Section = NmrJson.LinewidthSection($"nmr-{entry.Index}", $"{nucleus} NMR motional narrowing: {entry.DisplayName}", r, t.Points) };
                outcome.Metrics.Add(new MetricValue(MetricKeys.NmrWaughFedinActivationEnergy, r.WaughFedinEaEV, "eV", entry.DisplayName, "Waugh-Fedin estimate from the narrowing onset"));
                return outcome;
            }
            case "recovery":
            {
                var t = NmrTableReader.ReadRecovery(path, spec);
                var curves = t.Curves.Select(c => RecoveryFitter.Fit(c.Points, c.TemperatureK)).ToList();
                foreach (var kv in NmrJson.Recovery(curves, t.Columns).ToList()) results[kv.Key] = kv.Value?.DeepClone();
                var sec = NmrJson.RecoverySection($"nmr-{entry.Index}", $"{nucleus} NMR recovery curves: {entry.DisplayName}", curves);
                var withT = curves.Where(c => c.TemperatureK is not null).ToList();
                if (larmor is null || withT.Count < 4)
                {
                    sec.Paragraphs.Add(larmor is null ? "No larmor_mhz option: T1 per curve only, no BPP fit." : "Fewer than 4 temperatures: T1 per curve only, no BPP fit.");
                    return new StepOutcome { Results = results, Section = sec };
                }
                var bpp = BppFitter.Fit(withT.Select(c => new RatePoint(c.TemperatureK!.Value, 1 / c.Chosen.T1S, c.Chosen.T1StdErrS / (c.Chosen.T1S * c.Chosen.T1S), larmor.Value * 1e6)).ToList());
                outcome = Bpp(entry, results, bpp, nucleus, jump);
                outcome.Section.Tables.InsertRange(0, sec.Tables);
                outcome.Section.Figures.AddRange(sec.Figures);
                outcome.Section.Warnings.AddRange(sec.Warnings);
                return outcome;
            }
            case "t1":
            {
                var t = NmrTableReader.ReadRates(path, larmor, spec);
                var bpp = BppFitter.Fit(t.Points);
                ExposureJson.AddColumns(results, t.Columns);
                return Bpp(entry, results, bpp, nucleus, jump);
            }
            default:
                throw new NitrolyteInputException($"kind '{kind}' is not t1, recovery or linewidth");
        }
    }

    private static StepOutcome Bpp(DataEntry entry, JsonObject results, BppResult bpp, string nucleus, double? jumpA)
    {
        foreach (var kv in NmrJson.Bpp(bpp).ToList()) results[kv.Key] = kv.Value?.DeepClone();
        var c = bpp.Chosen;
        double t0 = bpp.Points.Min(p => p.TemperatureK), t1 = bpp.Points.Max(p => p.TemperatureK);
        // the jump rate 1/τc over the measured range, for the Ea comparison across techniques
        results["jump_rate_curve"] = new JsonArray(Enumerable.Range(0, 11).Select(i =>
        {
            double t = 1 / (1 / t1 + i * (1 / t0 - 1 / t1) / 10);
            return (JsonNode?)new JsonObject { ["temperature_k"] = t, ["jump_rate_per_s"] = 1 / c.TauC(t) };
        }).ToArray());
        results["jump_distance_a"] = Json.Number(jumpA);
        var section = NmrJson.BppSection($"nmr-{entry.Index}", $"{nucleus} NMR spin-lattice relaxation: {entry.DisplayName}", bpp);
        var outcome = new StepOutcome { Results = results, Section = section };
        var flank = NmrJson.MeasuredFlank(bpp);
        if (flank != "low_t") outcome.Metrics.Add(new MetricValue(MetricKeys.NmrActivationEnergyHighT, c.EaHighTEV, "eV", entry.DisplayName, $"high-T flank of the R1 peak ({c.ModelName}), long-range motion"));
        if (flank != "high_t") outcome.Metrics.Add(new MetricValue(MetricKeys.NmrActivationEnergyLowT, c.EaLowTEV, "eV", entry.DisplayName, $"low-T flank of the R1 peak ({c.ModelName}), local hops"));
        return outcome;
    }
}
