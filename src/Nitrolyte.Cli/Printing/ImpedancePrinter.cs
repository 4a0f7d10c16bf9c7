using System.Globalization;
using Nitrolyte.Impedance;
using Spectre.Console;

namespace Nitrolyte.Cli.Printing;

/// <summary>The human (table) output of `eis fit|kk|drt|series` (their JSON is Reports/Json/ImpedanceJson).</summary>
internal static class ImpedancePrinter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Fit(CircuitFit fit, ConductivityResult? cond)
    {
        var t = new Table().AddColumn("parameter").AddColumn("value").AddColumn("std. error").AddColumn("unit");
        foreach (var p in fit.Parameters)
            t.AddEscapedRow(p.Name, p.Value.ToString("G5", Inv), p.Fixed ? "fixed" : double.IsNaN(p.StdErr) ? "n/a" : $"{p.StdErr.ToString("G3", Inv)} ({100 * p.RelativeStdErr:0.#} %)", p.Unit);
        AnsiConsole.Write(t);
        AnsiConsole.WriteLine($"circuit {fit.Circuit.Text}, {fit.NPoints} points, {fit.Weighting.ToName()} weighting, {fit.Starts} starts (seed {fit.Seed})");
        AnsiConsole.WriteLine($"chi² = {fit.ChiSquare:G5}, reduced chi² = {fit.ReducedChiSquare:G5}, AIC = {fit.Aic:0.00}");
        if (fit.Quality is { } q)
            AnsiConsole.WriteLine(q.ConvergedToGoodMinimum
                ? $"quality: chi² = {q.ChiSquareOverNoiseFloor:0.00} × the noise floor (good minimum){(fit.Rescued ? "; found by the retry from DRT-peak / split-arc starts" : "")}"
                : $"quality: FIT DID NOT CONVERGE TO A GOOD MINIMUM, chi² = {q.ChiSquareOverNoiseFloor:0.0} × the noise floor");
        foreach (var w in fit.Warnings) AnsiConsole.WriteLine("warning: " + w);
        ColumnsOption.Print(fit.Spectrum.Columns);
        if (cond is null) return;
        var c = new Table().AddColumn("arc").AddColumn("R (Ω)").AddColumn("C_eff (F)").AddColumn("f apex (Hz)").AddColumn("assigned");
        foreach (var a in cond.Arcs) c.AddEscapedRow(a.Block, a.ResistanceOhm.ToString("G4", Inv), a.EffectiveCapacitanceF.ToString("0.00e+0", Inv), a.ApexFrequencyHz.ToString("G3", Inv), a.Role);
        AnsiConsole.Write(c);
        AnsiConsole.WriteLine($"σ total {cond.TotalSPerCm:0.000e+0} S/cm, bulk {cond.BulkSPerCm:0.000e+0} S/cm, grain boundary {cond.GrainBoundarySPerCm:0.000e+0} S/cm (L = {cond.ThicknessCm:G4} cm, A = {cond.AreaCm2:G4} cm²)");
        if (double.IsFinite(cond.AsrOhmCm2)) AnsiConsole.WriteLine($"interface ASR = {cond.AsrOhmCm2:G4} Ω cm² (R_interface = {cond.RInterfaceOhm:G4} Ω)");
        foreach (var n in cond.Notes) AnsiConsole.WriteLine("note: " + n);
    }

    public static void Series(SeriesResult res, PelletGeometry? g)
    {
        var t = new Table().AddColumn("spectrum").AddColumn("T (°C)").AddColumn("chi²").AddColumn("start").AddColumn("σ bulk (S/cm)").AddColumn("σ gb (S/cm)").AddColumn("σ total (S/cm)");
        foreach (var f in res.Fits)
            t.AddEscapedRow(SpectrumName(f.Spectrum), f.TemperatureC?.ToString("0.#", Inv) ?? "-",
                f.Fit.ChiSquare.ToString("G4", Inv) + (f.Fit.Quality is { ConvergedToGoodMinimum: false } q ? $" ({q.ChiSquareOverNoiseFloor:0.#}× floor: not a good minimum)" : ""),
                f.Start, f.Conductivity?.BulkSPerCm.ToString("0.000e+0", Inv) ?? "-",
                f.Conductivity?.GrainBoundarySPerCm.ToString("0.000e+0", Inv) ?? "-", f.Conductivity?.TotalSPerCm.ToString("0.000e+0", Inv) ?? "-");
        AnsiConsole.Write(t);
        foreach (var note in res.Fits.SelectMany(x => x.Spectrum.Columns?.Assumptions.Select(s => $"{Path.GetFileName(x.Spectrum.SourceFile ?? "")}: {s}") ?? []).Distinct())
            AnsiConsole.WriteLine("assumed: " + note);
        int warmWins = res.Fits.Count(f => f.Start == "warm"), freshWins = res.Fits.Count(f => f.Start == "fresh" && double.IsFinite(f.WarmChiSquare));
        AnsiConsole.WriteLine($"each spectrum after the first was fitted from the previous spectrum's parameters (warm) and afresh: warm kept {warmWins}, fresh kept {freshWins} (lower chi² wins)");
        foreach (var j in res.Jumps)
            AnsiConsole.WriteLine($"warning: {j.Parameter} jumps from {j.From.ToString("G3", Inv)} to {j.To.ToString("G3", Inv)} between {SpectrumName(res.Fits[j.PreviousFitIndex].Spectrum)} and {SpectrumName(res.Fits[j.FitIndex].Spectrum)} ({j.Measure})");
        if (res.Arrhenius is null)
            AnsiConsole.WriteLine(g is null ? "no Arrhenius fit: give the pellet geometry (--thickness-mm with --diameter-mm or --area-cm2) for conductivities"
                : "no Arrhenius fit: it needs spectra at two or more different temperatures (--temperatures-c, --temperatures-from-names or --temperatures-csv)");
        if (res.Arrhenius is { } a)
            foreach (var (name, r) in new[] { ("bulk", a.Bulk), ("grain boundary", a.GrainBoundary), ("total", a.Total) })
                if (r is not null)
                    AnsiConsole.WriteLine($"{name}: Ea = {r.EaEV:0.0000} ± {r.EaStdErrEV:0.0000} eV, σ(25 °C) = {r.ValueAt(298.15):0.000e+0} S/cm (extrapolated), R² = {r.RSquared:0.0000}");
    }

    private static string SpectrumName(ImpedanceSpectrum s) => Path.GetFileName(s.SourceFile ?? "") + (s.Label is null ? "" : " " + s.Label);

    /// <summary>`eis fit`: which points were left out of the fit (nothing when none was).</summary>
    public static void Excluded(SpectrumSelection sel)
    {
        if (sel.ExcludedCount > 0) AnsiConsole.WriteLine($"{sel.ExcludedCount} of {sel.Original.Count} points excluded from the fit (points {string.Join(",", Enumerable.Range(0, sel.Original.Count).Where(i => sel.Excluded[i]).Select(i => i + 1))})");
    }

    /// <summary>`eis kk`: M, µ and the residuals, with the verdict at 1 %.</summary>
    public static void LinKK(LinKKResult r, KkFitType ft)
    {
        AnsiConsole.WriteLine($"Lin-KK ({ft.ToString().ToLowerInvariant()} fit): M = {r.M}, µ = {r.Mu:0.00000} (c = {r.C}), max |residual| = {r.MaxResidualPct:0.###} %, mean = {r.MeanAbsResidualPct:0.###} %");
        AnsiConsole.WriteLine(r.MaxResidualPct < 1 ? "The spectrum is consistent with Kramers-Kronig (residuals below 1 %)." : "Residuals above 1 %: check drift, non-linearity or noise at the frequencies with large residuals.");
    }

    /// <summary>`eis drt`: the peaks as (τ, f, R, C), λ and R∞, and the inductive-tail warning.</summary>
    public static void Drt(DrtResult d)
    {
        var t = new Table().AddColumn("τ (s)").AddColumn("f (Hz)").AddColumn("R (Ω)").AddColumn("C (F)");
        foreach (var k in d.Peaks) t.AddEscapedRow(k.TauS.ToString("0.000e+0", Inv), k.FrequencyHz.ToString("G3", Inv), k.ResistanceOhm.ToString("G4", Inv), k.CapacitanceF.ToString("0.00e+0", Inv));
        AnsiConsole.Write(t);
        AnsiConsole.WriteLine($"λ = {d.Lambda:G3} ({d.LambdaMethod}), R∞ = {d.ROhmicOhm:G4} Ω");
        if (d.InductiveTail) AnsiConsole.WriteLine($"warning: inductive tail ({d.InductivePoints} points with Z'' > 0): a series inductance L = {d.InductanceH:G3} H was added to the DRT model");
    }
}
