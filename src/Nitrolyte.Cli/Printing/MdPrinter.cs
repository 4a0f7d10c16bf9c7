using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Dynamics;
using Spectre.Console;

namespace Nitrolyte.Cli.Printing;

/// <summary>The human (table) output of `md msd|arrhenius|vanhove|density` (their JSON is Reports/Json/DynamicsJson).</summary>
internal static class MdPrinter
{
    public static void Msd(MdAnalysisResult r, ITrajectorySource src, double? t, JsonObject? pm)
    {
        var tb = new Table().AddColumn("quantity").AddColumn("value");
        tb.AddEscapedRow("trajectory", $"{Path.GetFileName(src.Path)} ({src.Format}): {r.FrameCount} frames × {r.Options.FrameIntervalFs:G6} fs = {r.DurationPs:0.###} ps");
        tb.AddEscapedRow("mobile ions", $"{r.IonCount} {r.Species} in {r.VolumeA3:0.0} Å³{(r.VariableCell ? " (mean of a variable cell)" : "")}");
        tb.AddEscapedRow("fit window", $"{r.Tracer.Window.StartPs:0.###} – {r.Tracer.Window.EndPs:0.###} ps ({r.Tracer.FitPoints} lags, {r.Tracer.EffectiveObservations:0} effective independent observations, reduced χ² {r.Tracer.ReducedChiSquared:0.00})");
        tb.AddEscapedRow("D (tracer)", $"{r.Tracer.DCm2PerS:0.000e+0} ± {r.Tracer.DStdErrCm2PerS:0.0e+0} cm²/s (GLS; naive OLS error would be {r.Tracer.OlsStdErrCm2PerS:0.0e+0})");
        if (r.Blocks is { } bl) tb.AddEscapedRow("D (block check)", $"{bl.DCm2PerS:0.000e+0} ± {bl.DStdErrCm2PerS:0.0e+0} cm²/s (mean ± SE of {bl.Count} independent blocks, OLS each)");
        tb.AddEscapedRow("D x / y / z", string.Join(" / ", r.Directional.Select(d => $"{d.DCm2PerS:0.00e+0} ± {d.DStdErrCm2PerS:0.0e+0}")) + " cm²/s");
        tb.AddEscapedRow("D_σ (collective)", $"{r.Collective.DCm2PerS:0.000e+0} ± {r.Collective.DStdErrCm2PerS:0.0e+0} cm²/s");
        tb.AddEscapedRow("Haven ratio", r.HavenRatioText);
        tb.AddEscapedRow("σ (Nernst–Einstein)", r.ConductivitySPerCm is { } s ? $"{s:0.000e+0} ± {r.ConductivityStdErrSPerCm:0.0e+0} S/cm at {t} K (collective {r.CollectiveConductivitySPerCm:0.00e+0} S/cm)" : "give --temperature-k");
        foreach (var l in new[] { 1.0, 2, 5, 10 })
            if (l <= r.DurationPs) tb.AddEscapedRow($"MSD({l:0} ps)", $"{r.Msd.TotalAt(l):0.000} Å²");
        if (pm is not null) tb.AddEscapedRow("pymatgen-compatible", $"D {pm["diffusivity_cm2_per_s"]} cm²/s, σ {pm["conductivity_ms_per_cm"]} mS/cm, Haven {pm["haven_ratio"]}");
        AnsiConsole.Write(tb);
    }

    public static void Arrhenius(IReadOnlyList<MdTemperaturePoint> points, MdArrheniusSummary summary, ArrheniusResult fit)
    {
        var tb = new Table().AddColumn("T (K)").AddColumn("D (cm²/s)").AddColumn("σ (S/cm)").AddColumn("file");
        foreach (var pt in points) tb.AddEscapedRow($"{pt.TemperatureK:0}", $"{pt.DCm2PerS:0.000e+0} ± {pt.DStdErrCm2PerS:0.0e+0}", $"{pt.SigmaSPerCm:0.000e+0}", pt.Label);
        AnsiConsole.Write(tb);
        AnsiConsole.WriteLine($"Ea = {summary.EaEV:0.000} ± {summary.EaStdErrEV:0.000} eV (R² {fit.RSquared:0.0000}); simulated σ(300 K) = {summary.Sigma300KSPerCm:0.00e+0} S/cm, 95 % CI [{summary.Sigma300KCi95SPerCm[0]:0.00e+0}, {summary.Sigma300KCi95SPerCm[1]:0.00e+0}]{(summary.Extrapolated ? " (extrapolated)" : "")}");
    }

    /// <summary>`md vanhove`: the summary line and, for about ten lags, the peaks of G_s and G_d.</summary>
    public static void VanHove(VanHoveResult vh, string species, string reference)
    {
        AnsiConsole.WriteLine($"van Hove of {vh.Ions} {species} (reference {reference}): {vh.TimePs.Length} lags 0–{vh.TimePs[^1]:0.###} ps, {vh.RA.Length} radii 0–{vh.RA[^1]:0.##} Å, {vh.Origins} origins.");
        var tb = new Table().AddColumn("t (ps)").AddColumn("G_s peak r (Å)").AddColumn("G_d(r→0)").AddColumn("G_d peak r ≥ 1 Å (Å)");
        for (int k = 0; k < vh.TimePs.Length; k += Math.Max(1, vh.TimePs.Length / 10))
        {
            int gsPeak = Enumerable.Range(0, vh.RA.Length).MaxBy(j => vh.SelfPart[k, j]);
            int gdPeak = Enumerable.Range(0, vh.RA.Length).Where(j => vh.RA[j] >= 1.0).MaxBy(j => vh.DistinctPart[k, j]);
            tb.AddEscapedRow($"{vh.TimePs[k]:0.###}", $"{vh.RA[gsPeak]:0.00}", $"{vh.DistinctPart[k, 0]:0.000}", $"{vh.RA[gdPeak]:0.00}");
        }
        AnsiConsole.Write(tb);
    }

    /// <summary>`md density`: one line (grid, maximum, normalisation, the cube written).</summary>
    public static void Density(ProbabilityDensityResult pd, string species, string? cubePath) =>
        AnsiConsole.WriteLine($"{species} probability density on {pd.NA}×{pd.NB}×{pd.NC} points ({pd.SpacingA} Å): max {pd.Max:0.0000e+0} Å⁻³ ({pd.Max * pd.Lattice.VolumeA3:0.0}× the uniform value), Σ P dV = {pd.Integral:0.000000}" + (cubePath is null ? "" : $"; wrote {cubePath}"));
}
