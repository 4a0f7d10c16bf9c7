using Nitrolyte.Formats;
using Nitrolyte.Nmr;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Printing;

/// <summary>The human (table) output of `nmr t1|recovery|linewidth` (their JSON is Reports/NmrJson).</summary>
internal static class NmrPrinter
{
    public static void Bpp(BppResult r)
    {
        var c = r.Chosen;
        var tb = new Table().AddColumn("quantity").AddColumn("value");
        tb.AddEscapedRow("model", $"{c.ModelName} ({(r.Asymmetric is null ? "asymmetric needs >= 5 temperatures" : $"AICc bpp {r.Symmetric.Aicc:0.0}, asymmetric {r.Asymmetric.Aicc:0.0}")})");
        var flank = NmrJson.MeasuredFlank(r);
        tb.AddEscapedRow("Ea high-T flank", $"{c.EaHighTEV:0.000} ± {c.EaHighTStdErrEV:0.000} eV{(flank == "low_t" ? " (not measured: extrapolated)" : "")}");
        tb.AddEscapedRow("Ea low-T flank", $"{c.EaLowTEV:0.000} ± {c.EaLowTStdErrEV:0.000} eV{(flank == "high_t" ? " (not measured: extrapolated)" : "")}");
        tb.AddEscapedRow("alpha", $"{c.Alpha:0.000} ± {c.AlphaStdErr:0.000}");
        tb.AddEscapedRow("peak temperature", $"{c.PeakTemperatureK:0.0} ± {c.PeakTemperatureStdErrK:0.0} K (w0 tau_c = {c.OmegaTauAtPeak:0.000}){(c.PeakInsideData ? "" : " outside the data")}");
        tb.AddEscapedRow("tau0", $"{c.Tau0S:0.000e+0} s (log10 ± {c.Log10Tau0StdErr:0.00})");
        tb.AddEscapedRow("jump rate at peak", $"{c.JumpRateAtPeakPerS:0.000e+0} 1/s");
        tb.AddEscapedRow("Arrhenius high-T flank", r.HighTFlank is { } h ? $"{h.EaEV:0.000} ± {h.EaStdErrEV:0.000} eV ({h.NPoints} points)" : "too few points");
        tb.AddEscapedRow("Arrhenius low-T flank", r.LowTFlank is { } l ? $"{l.EaEV:0.000} ± {l.EaStdErrEV:0.000} eV ({l.NPoints} points)" : "too few points");
        AnsiConsole.Write(tb);
    }

    public static void Recovery(IReadOnlyList<RecoveryResult> curves, BppResult? bpp)
    {
        var tb = new Table().AddColumn("T").AddColumn("model").AddColumn("T1").AddColumn("beta").AddColumn("experiment");
        foreach (var c in curves)
            tb.AddEscapedRow(c.TemperatureK is { } k ? $"{k:0.#} K" : "-", c.Chosen.ModelName, $"{c.Chosen.T1S:G4} ± {c.Chosen.T1StdErrS:G2} s", $"{c.Chosen.Beta:0.000}", c.Chosen.Experiment);
        AnsiConsole.Write(tb);
        if (bpp is not null) Bpp(bpp);
    }

    public static void Linewidth(NarrowingResult r)
    {
        AnsiConsole.WriteLine($"onset {r.OnsetK:0.0} ± {r.OnsetStdErrK:0.0} K (95 % CI {r.OnsetCiLowK:0} - {r.OnsetCiHighK:0} K); line width {r.RigidLatticeWidthHz:G4} Hz (rigid lattice) -> {r.NarrowedWidthHz:G4} Hz (narrowed)");
        AnsiConsole.WriteLine($"Waugh-Fedin estimate: Ea ≈ 1.617e-3 × T_onset = {r.WaughFedinEaEV:0.000} ± {r.WaughFedinEaStdErrEV:0.000} eV (empirical estimate, not a rate fit)");
    }

    /// <summary>Warnings of the fit, then the columns whose meaning was assumed.</summary>
    public static void Notes(IEnumerable<ReadColumn> cols, IEnumerable<string> warnings)
    {
        foreach (var w in warnings) AnsiConsole.WriteLine($"warning: {w}");
        foreach (var c in cols.Where(c => c.Assumption is not null)) AnsiConsole.WriteLine($"note: column '{c.Header}': {c.Assumption}");
    }
}
