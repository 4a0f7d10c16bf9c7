using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Formats;
using Nitrolyte.Nmr;

namespace Nitrolyte.Reports;

/// <summary>JSON and report sections of the NMR relaxometry analyses (contract of `nmr t1 --json`:
/// ea_high_t_ev, ea_high_t_stderr_ev, ea_low_t_ev, ea_low_t_stderr_ev, peak_temperature_k, tau0_s, model; extended).</summary>
public static class NmrJson
{
    private static JsonArray Strings(IEnumerable<string> s) => new(s.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    public static JsonObject Bpp(BppResult r, IReadOnlyList<ReadColumn>? columns = null)
    {
        var c = r.Chosen;
        var o = Fit(c);
        o["model"] = c.ModelName;
        o["model_choice"] = r.Asymmetric is null ? "symmetric BPP only (fewer than 5 temperatures)"
            : $"AICc: bpp {r.Symmetric.Aicc:0.0}, asymmetric_bpp {r.Asymmetric.Aicc:0.0} (asymmetric preferred only when lower by more than 2)";
        o["n_points"] = r.Points.Count;
        o["measured_flank"] = MeasuredFlank(r);
        o["temperature_range_k"] = Json.Array([r.Points.Min(p => p.TemperatureK), r.Points.Max(p => p.TemperatureK)]);
        o["models"] = new JsonObject { ["bpp"] = Fit(r.Symmetric), ["asymmetric_bpp"] = r.Asymmetric is null ? null : Fit(r.Asymmetric) };
        o["flank_arrhenius"] = new JsonObject
        {
            ["note"] = "cross-check: R1 = A exp(∓Ea/kBT) fitted to the points more than 10 % in T away from the fitted peak",
            ["high_t"] = Flank(r.HighTFlank),
            ["low_t"] = Flank(r.LowTFlank),
        };
        o["points"] = new JsonArray(r.Points.Select(p => (JsonNode?)new JsonObject
        {
            ["temperature_k"] = p.TemperatureK, ["r1_per_s"] = p.R1PerS, ["r1_stderr_per_s"] = Json.Number(p.R1StdErrPerS), ["larmor_mhz"] = p.LarmorHz / 1e6,
        }).ToArray());
        o["warnings"] = Strings(r.Warnings);
        ExposureJson.AddColumns(o, columns);
        return o;
    }

    /// <summary>"both" when the fitted peak lies inside the data, else the one flank measured ("low_t" when the peak is above the data).</summary>
    public static string MeasuredFlank(BppResult r) =>
        r.Chosen.PeakInsideData ? "both" : r.Chosen.PeakTemperatureK > r.Points.Max(p => p.TemperatureK) ? "low_t" : "high_t";

    private static JsonObject Fit(BppFit f) => new()
    {
        ["ea_high_t_ev"] = f.EaHighTEV,
        ["ea_high_t_stderr_ev"] = Json.Number(f.EaHighTStdErrEV),
        ["ea_low_t_ev"] = f.EaLowTEV,
        ["ea_low_t_stderr_ev"] = Json.Number(f.EaLowTStdErrEV),
        ["alpha"] = f.Alpha,
        ["alpha_stderr"] = Json.Number(f.AlphaStdErr),
        ["peak_temperature_k"] = f.PeakTemperatureK,
        ["peak_temperature_stderr_k"] = Json.Number(f.PeakTemperatureStdErrK),
        ["peak_inside_data"] = f.PeakInsideData,
        ["omega_tau_at_peak"] = f.OmegaTauAtPeak,
        ["tau0_s"] = f.Tau0S,
        ["log10_tau0_stderr"] = Json.Number(f.Log10Tau0StdErr),
        ["jump_rate_at_peak_per_s"] = f.JumpRateAtPeakPerS,
        ["larmor_mhz"] = f.LarmorHz / 1e6,
        ["aicc"] = Json.Number(f.Aicc),
        ["weighted"] = f.Weighted,
    };

    private static JsonObject? Flank(ArrheniusResult? a) => a is null ? null : new JsonObject
    {
        ["ea_ev"] = a.EaEV, ["ea_stderr_ev"] = Json.Number(a.EaStdErrEV), ["n_points"] = a.NPoints,
        ["t_min_k"] = a.TMinK, ["t_max_k"] = a.TMaxK, ["r_squared"] = Json.Number(a.RSquared),
    };

    public static JsonObject Recovery(IReadOnlyList<RecoveryResult> curves, IReadOnlyList<ReadColumn>? columns = null)
    {
        var o = new JsonObject
        {
            ["formula"] = "M(t) = M0 [1 − b exp(−(t/T1)^β)]",
            ["curves"] = new JsonArray(curves.Select(c => (JsonNode?)new JsonObject
            {
                ["temperature_k"] = Json.Number(c.TemperatureK),
                ["model"] = c.Chosen.ModelName,
                ["experiment"] = c.Chosen.Experiment,
                ["t1_s"] = c.Chosen.T1S,
                ["t1_stderr_s"] = Json.Number(c.Chosen.T1StdErrS),
                ["t1_ci95_s"] = Json.Array([c.Chosen.T1CiLowS, c.Chosen.T1CiHighS]),
                ["r1_per_s"] = 1 / c.Chosen.T1S,
                ["beta"] = c.Chosen.Beta,
                ["beta_stderr"] = Json.Number(c.Chosen.BetaStdErr),
                ["m0"] = c.Chosen.M0,
                ["b"] = c.Chosen.B,
                ["aicc_mono"] = Json.Number(c.Mono.Aicc),
                ["aicc_stretched"] = c.Stretched is null ? null : Json.Number(c.Stretched.Aicc),
                ["mono"] = Rec(c.Mono),
                ["stretched"] = c.Stretched is null ? null : Rec(c.Stretched),
                ["n_points"] = c.Points.Count,
                ["warnings"] = Strings(c.Warnings),
            }).ToArray()),
        };
        ExposureJson.AddColumns(o, columns);
        return o;
    }

    private static JsonObject Rec(RecoveryFit f) => new()
    {
        ["t1_s"] = f.T1S, ["t1_stderr_s"] = Json.Number(f.T1StdErrS), ["beta"] = f.Beta, ["beta_stderr"] = Json.Number(f.BetaStdErr),
        ["m0"] = f.M0, ["b"] = f.B, ["aicc"] = Json.Number(f.Aicc),
    };

    public static JsonObject Linewidth(NarrowingResult r, IReadOnlyList<ReadColumn>? columns = null)
    {
        var o = new JsonObject
        {
            ["model"] = "logistic step Δν(T) = Δν_n + (Δν_rl − Δν_n)/(1 + exp((T − T_m)/w)); onset T_m − 2w (tangent at the inflection meets the rigid-lattice plateau)",
            ["onset_temperature_k"] = r.OnsetK,
            ["onset_temperature_stderr_k"] = Json.Number(r.OnsetStdErrK),
            ["onset_temperature_ci95_k"] = Json.Array([r.OnsetCiLowK, r.OnsetCiHighK]),
            ["midpoint_temperature_k"] = r.MidpointK,
            ["rigid_lattice_width_hz"] = r.RigidLatticeWidthHz,
            ["narrowed_width_hz"] = r.NarrowedWidthHz,
            ["waugh_fedin_ea_ev"] = r.WaughFedinEaEV,
            ["waugh_fedin_ea_stderr_ev"] = Json.Number(r.WaughFedinEaStdErrEV),
            ["waugh_fedin_note"] = "estimate: Ea ≈ 1.617e-3 × T_onset (eV, K), Waugh & Fedin 1963; empirical, not a fit of a rate",
            ["n_points"] = r.NPoints,
            ["warnings"] = Strings(r.Warnings),
        };
        ExposureJson.AddColumns(o, columns);
        return o;
    }

    public static ReportSection BppSection(string key, string title, BppResult r)
    {
        var c = r.Chosen;
        var sec = new ReportSection { Key = key, Title = title };
        sec.Paragraphs.Add($"R1 = C [J(ω0) + 4J(2ω0)], J(ω) = τc/(1 + (ωτc)^α), τc = τ0 exp(Ea/kBT), at {c.LarmorHz / 1e6:0.###} MHz; model {c.ModelName} ({(r.Asymmetric is null ? "the asymmetric form needs ≥ 5 temperatures" : $"AICc {r.Symmetric.Aicc:0.0} symmetric vs {r.Asymmetric.Aicc:0.0} asymmetric")}).");
        sec.Tables.Add(new ReportTable("BPP fit", ["quantity", "value"],
        [
            ["Ea, high-T flank (long-range)", $"{c.EaHighTEV:0.000} ± {c.EaHighTStdErrEV:0.000} eV{(MeasuredFlank(r) == "low_t" ? " (not measured: extrapolated from the low-T flank)" : "")}"],
            ["Ea, low-T flank (local)", $"{c.EaLowTEV:0.000} ± {c.EaLowTStdErrEV:0.000} eV{(MeasuredFlank(r) == "high_t" ? " (not measured: extrapolated from the high-T flank)" : "")}"],
            ["α (2 = symmetric BPP)", $"{c.Alpha:0.00} ± {c.AlphaStdErr:0.00}"],
            ["rate peak", $"{c.PeakTemperatureK:0.0} ± {c.PeakTemperatureStdErrK:0.0} K (ω0τc = {c.OmegaTauAtPeak:0.000}){(c.PeakInsideData ? "" : ", outside the data")}"],
            ["τ0", $"{c.Tau0S:0.00e+0} s (log10 ± {c.Log10Tau0StdErr:0.00})"],
            ["jump rate at the peak", $"{c.JumpRateAtPeakPerS:0.00e+0} s⁻¹"],
            ["Arrhenius, high-T flank", r.HighTFlank is { } h ? $"{h.EaEV:0.000} ± {h.EaStdErrEV:0.000} eV ({h.NPoints} points)" : "too few points"],
            ["Arrhenius, low-T flank", r.LowTFlank is { } l ? $"{l.EaEV:0.000} ± {l.EaStdErrEV:0.000} eV ({l.NPoints} points)" : "too few points"],
        ]));
        sec.Warnings.AddRange(r.Warnings);
        var fig = new PlotFigure { Title = title, XTitle = "1000/T (1/K)", YTitle = "R1 (1/s)", LogY = true, Caption = "Points: measured R1 = 1/T1; line: chosen BPP fit; the peak temperature is where ω0τc ≈ 0.62 (symmetric form)." };
        fig.Add(PlotFigure.Markers("R1", r.Points.Select(p => 1000 / p.TemperatureK), r.Points.Select(p => p.R1PerS), r.Points.Select(p => double.IsFinite(p.R1StdErrPerS) ? p.R1StdErrPerS : 0)));
        double t0 = r.Points.Min(p => p.TemperatureK), t1 = r.Points.Max(p => p.TemperatureK);
        var ts = Enumerable.Range(0, 121).Select(i => 1 / (1 / t1 + i * (1 / t0 - 1 / t1) / 120)).ToList();
        fig.Add(PlotFigure.Line($"{c.ModelName} fit", ts.Select(t => 1000 / t), ts.Select(t => c.R1At(t)), "dash"));
        sec.Figures.Add(fig);
        return sec;
    }

    public static ReportSection RecoverySection(string key, string title, IReadOnlyList<RecoveryResult> curves)
    {
        var sec = new ReportSection { Key = key, Title = title };
        sec.Paragraphs.Add("M(t) = M0 [1 − b exp(−(t/T1)^β)]; the stretched form (β free) is kept only when it lowers AICc by more than 2 and β differs from 1 by more than 2 standard errors.");
        sec.Tables.Add(new ReportTable("T1 per curve", ["T", "model", "T1", "β", "experiment"],
            curves.Select(c => (IReadOnlyList<string>)[c.TemperatureK is { } t ? $"{t:0.#} K" : "–", c.Chosen.ModelName, $"{c.Chosen.T1S:G4} ± {c.Chosen.T1StdErrS:G2} s", $"{c.Chosen.Beta:0.00}", c.Chosen.Experiment]).ToList()));
        foreach (var c in curves) sec.Warnings.AddRange(c.Warnings.Select(w => $"{(c.TemperatureK is { } t ? $"{t:0.#} K: " : "")}{w}"));
        var fig = new PlotFigure { Title = title, XTitle = "delay (s)", YTitle = "M / M0", LogX = true };
        foreach (var c in curves.Take(12))
        {
            var name = c.TemperatureK is { } t ? $"{t:0} K" : "curve";
            fig.Add(PlotFigure.Markers(name, c.Points.Select(p => Math.Max(p.DelayS, 1e-12)), c.Points.Select(p => p.Magnetisation / c.Chosen.M0)));
            var d = c.Points.Where(p => p.DelayS > 0).Select(p => p.DelayS).ToList();
            if (d.Count < 2) continue;
            var xs = Enumerable.Range(0, 60).Select(i => d.Min() * Math.Pow(d.Max() / d.Min(), i / 59.0)).ToList();
            fig.Add(PlotFigure.Line($"{name} fit", xs, xs.Select(x => c.Chosen.At(x) / c.Chosen.M0), "dash"));
        }
        sec.Figures.Add(fig);
        return sec;
    }

    public static ReportSection LinewidthSection(string key, string title, NarrowingResult r, IReadOnlyList<LinewidthPoint> pts)
    {
        var sec = new ReportSection { Key = key, Title = title };
        sec.Paragraphs.Add($"Motional narrowing onset {r.OnsetK:0} ± {r.OnsetStdErrK:0} K; Waugh–Fedin estimate Ea ≈ 1.617e-3 × T_onset = {r.WaughFedinEaEV:0.000} ± {r.WaughFedinEaStdErrEV:0.000} eV (an empirical estimate, not a rate fit).");
        sec.Warnings.AddRange(r.Warnings);
        var fig = new PlotFigure { Title = title, XTitle = "T (K)", YTitle = "line width (Hz)" };
        fig.Add(PlotFigure.Markers("line width", pts.Select(p => p.TemperatureK), pts.Select(p => p.WidthHz)));
        double a = pts.Min(p => p.TemperatureK), b = pts.Max(p => p.TemperatureK);
        var ts = Enumerable.Range(0, 101).Select(i => a + i * (b - a) / 100).ToList();
        fig.Add(PlotFigure.Line("logistic fit", ts, ts.Select(r.WidthAt), "dash"));
        fig.Add(PlotFigure.Line("onset", [r.OnsetK, r.OnsetK], [r.NarrowedWidthHz, r.RigidLatticeWidthHz], "dot"));
        sec.Figures.Add(fig);
        return sec;
    }
}
