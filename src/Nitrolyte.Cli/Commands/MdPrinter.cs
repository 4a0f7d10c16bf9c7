using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Dynamics;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>The human (table) output of `md msd` and `md arrhenius` (their JSON is Reports/DynamicsJson).</summary>
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
}
