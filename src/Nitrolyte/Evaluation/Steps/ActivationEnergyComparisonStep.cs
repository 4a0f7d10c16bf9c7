using System.Text.Json.Nodes;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// Activation energies of one material from impedance (σ), MD (D) and NMR (R1 flanks, motional narrowing) side by
/// side, and one Arrhenius plot of diffusivities: D_σ from σ by Nernst–Einstein D = σ kB T / (n e²) (n = Li per
/// volume from the formula and the crystal density, Haven ratio 1), D from MD, and D = a² Γ / 6 from the NMR jump
/// rate Γ = 1/τc (3D uncorrelated jumps of length a = jump_distance_a). Runs after the other steps and reads their
/// results; says nothing when fewer than two techniques gave an Ea.
/// </summary>
public sealed class ActivationEnergyComparisonStep : IMaterialStep
{
    public string Key => "ea-comparison";

    public StepOutcome? Run(EvaluationContext context)
    {
        var rows = new List<(string Technique, string Source, string What, double Ea, double Se)>();
        var eis = new List<(string Name, List<(double T, double S)> Pts)>();
        var md = new List<(string Name, List<(double T, double D)> Pts)>();
        var nmr = new List<(string Name, List<(double T, double G)> Pts, double? A)>();
        static double Num(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;
        foreach (var (key, o) in context.Completed)
        {
            var r = o.Results as JsonObject;
            if (r is null) continue;
            if (r["ea_high_t_ev"] is not null)
            {
                // only the flanks the data cover: with the peak outside the data the other flank is an extrapolation
                var flank = r["measured_flank"]?.ToString() ?? "both";
                if (flank != "low_t") rows.Add(("NMR", key, $"R1 peak, high-T flank ({r["model"]}): long-range", Num(r["ea_high_t_ev"]), Num(r["ea_high_t_stderr_ev"])));
                if (flank != "high_t") rows.Add(("NMR", key, $"R1 peak, low-T flank ({r["model"]}): local hops", Num(r["ea_low_t_ev"]), Num(r["ea_low_t_stderr_ev"])));
                if (r["flank_arrhenius"]?["high_t"] is JsonObject hf) rows.Add(("NMR", key, "Arrhenius of the high-T flank (cross-check)", Num(hf["ea_ev"]), Num(hf["ea_stderr_ev"])));
                if (r["flank_arrhenius"]?["low_t"] is JsonObject lf) rows.Add(("NMR", key, "Arrhenius of the low-T flank (cross-check)", Num(lf["ea_ev"]), Num(lf["ea_stderr_ev"])));
                if (r["jump_rate_curve"] is JsonArray jc)
                    nmr.Add((key, jc.Select(p => (Num(p!["temperature_k"]), Num(p["jump_rate_per_s"]))).ToList(), r["jump_distance_a"] is JsonNode a ? Num(a) : null));
            }
            else if (r["waugh_fedin_ea_ev"] is not null)
                rows.Add(("NMR", key, "motional narrowing, Waugh–Fedin estimate", Num(r["waugh_fedin_ea_ev"]), Num(r["waugh_fedin_ea_stderr_ev"])));
            else if (r["md_points"] is JsonArray mp)
            {
                if (r["arrhenius"] is JsonObject ma) rows.Add(("MD", key, "Arrhenius of D (simulated)", Num(ma["ea_ev"]), Num(ma["ea_stderr_ev"])));
                md.Add((key, mp.Select(p => (Num(p!["temperature_k"]), Num(p["d_cm2_per_s"]))).ToList()));
            }
            else if (key == "md-arrhenius" && r["ea_ev"] is not null)
                rows.Add(("MD", key, "Arrhenius of D over MD entries (simulated)", Num(r["ea_ev"]), Num(r["ea_stderr_ev"])));
            else if (r["ea_ev"] is not null && r["sigma_25c_s_per_cm"] is not null)
            {
                rows.Add(("EIS", key, r["fits"] is not null ? "Arrhenius of total σ (impedance)" : "Arrhenius of σ (table)", Num(r["ea_ev"]), Num(r["ea_stderr_ev"])));
                if (r["fits"] is JsonArray fits)
                    eis.Add((key, fits.Where(f => f?["temperature_c"] is not null && f["conductivity"]?["total_s_per_cm"] is not null)
                        .Select(f => (Num(f!["temperature_c"]) + PhysicalConstants.ZeroCelsiusK, Num(f["conductivity"]!["total_s_per_cm"]))).ToList()));
            }
        }
        if (rows.Select(x => x.Technique).Distinct().Count() < 2 || !rows.Any(x => x.Technique == "NMR")) return null;

        var section = new ReportSection { Key = "ea-comparison", Title = "Activation energies: impedance, MD and NMR" };
        section.Paragraphs.Add("The techniques see different motions: impedance the long-range (dc) transport, the high-T flank of the NMR rate peak long-range hopping, " +
                               "the low-T flank local (correlated, back-and-forth) hops, MD the simulated tracer diffusion. A low-T NMR Ea well below the impedance Ea " +
                               "(seed 000: 0.13 eV vs 0.44–0.52 eV) means local motion is easier than long-range transport.");
        section.Tables.Add(new ReportTable("Ea by technique", ["technique", "analysis", "what", "Ea (eV)"],
            rows.Select(x => (IReadOnlyList<string>)[x.Technique, x.Source, x.What, double.IsFinite(x.Se) ? $"{x.Ea:0.000} ± {x.Se:0.000}" : $"{x.Ea:0.000}"]).ToList()));
        var results = new JsonObject
        {
            ["rows"] = new JsonArray(rows.Select(x => (JsonNode?)new JsonObject { ["technique"] = x.Technique, ["analysis"] = x.Source, ["what"] = x.What, ["ea_ev"] = Json.Number(x.Ea), ["ea_stderr_ev"] = Json.Number(x.Se) }).ToArray()),
        };

        // One Arrhenius scale: diffusivity (cm²/s) vs 1000/T.
        var notes = new List<string>();
        var fig = new PlotFigure { Title = "Diffusivity from impedance, MD and NMR", XTitle = "1000/T (1/K)", YTitle = "D (cm²/s)", LogY = true };
        double? n = LiDensityPerCm3(context, notes);
        foreach (var (name, pts) in eis)
        {
            if (n is null) break;
            double kB = PhysicalConstants.BoltzmannJPerK, e = PhysicalConstants.ElementaryChargeC;
            fig.Add(PlotFigure.Markers($"EIS (Nernst–Einstein): {name}", pts.Select(p => 1000 / p.T), pts.Select(p => p.S * kB * p.T / (n.Value * e * e))));
        }
        foreach (var (name, pts) in md)
            fig.Add(PlotFigure.Markers($"MD: {name}", pts.Select(p => 1000 / p.T), pts.Select(p => p.D)));
        foreach (var (name, pts, a) in nmr)
        {
            if (a is not { } aa || !double.IsFinite(aa)) { notes.Add($"{name}: no jump_distance_a in the manifest, so the NMR jump rate is not converted to D"); continue; }
            double a2 = Math.Pow(aa * 1e-8, 2);
            fig.Add(PlotFigure.Line($"NMR (D = a²Γ/6, a = {aa:0.##} Å): {name}", pts.Select(p => 1000 / p.T), pts.Select(p => a2 * p.G / 6), "dash"));
        }
        if (fig.Traces.Count >= 2)
        {
            var caption = "Assumptions: Nernst–Einstein D_σ = σ kB T/(n e²) with Haven ratio 1 and every Li mobile" + (n is { } nn ? $" (n = {nn:0.00e+0} cm⁻³ from the formula and the crystal density)" : "") +
                          "; NMR D = a²Γ/6 for uncorrelated 3D jumps of length a with jump rate Γ = 1/τc from the BPP fit (τc taken as the residence time); MD D is the simulated Li tracer diffusivity.";
            section.Figures.Add(new PlotFigure { Title = fig.Title, XTitle = fig.XTitle, YTitle = fig.YTitle, LogY = true, Caption = caption });
            section.Figures[0].Traces.AddRange(fig.Traces);
        }
        foreach (var x in notes) section.Warnings.Add(x);
        results["notes"] = new JsonArray(notes.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
        results["li_density_per_cm3"] = Json.Number(n);
        return new StepOutcome { Results = results, Section = section };
    }

    private static double? LiDensityPerCm3(EvaluationContext ctx, List<string> notes)
    {
        var rho = ctx.Metrics.Get(MetricKeys.CrystalDensity).FirstOrDefault();
        if (ctx.Manifest.Formula is not { } f || rho is null) { notes.Add("no structure (crystal density) or formula: impedance σ is not converted to D"); return null; }
        try
        {
            var c = Composition.Parse(f);
            if (!(c["Li"] > 0)) { notes.Add($"formula {f} has no Li: σ is not converted to D"); return null; }
            return rho.Value * PhysicalConstants.AvogadroPerMol * c["Li"] / c.MolarMassGPerMol;
        }
        catch (Exception ex) when (ex is NitrolyteInputException or FormatException or ArgumentException)
        {
            notes.Add($"formula {f} could not be read ({ex.Message}): σ is not converted to D");
            return null;
        }
    }
}
