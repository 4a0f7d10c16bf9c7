using System.CommandLine;
using System.Globalization;
using System.Text;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Nmr;
using Nitrolyte.Reports;

namespace Nitrolyte.Cli.Commands;

public static class NmrCommand
{
    private static Option<string?> HtmlOption() => new("--html") { Description = "Also write an HTML page with the plot to this file." };

    private static void WriteHtml(string? path, ReportSection section, FigureOutput figures, ParseResult p)
    {
        if (figures.Wanted(p)) figures.Write(p, section.Figures);
        if (path is null) return;
        HtmlOutput.Write(section, section.Title, path);
    }

    public static Command Create()
    {
        var cmd = new Command("nmr", "NMR relaxometry: T1 from recovery curves, BPP fits of R1(T) (symmetric and asymmetric) with Ea of each flank, motional narrowing.");
        cmd.Add(CreateT1());
        cmd.Add(CreateRecovery());
        cmd.Add(CreateLinewidth());
        cmd.Add(CreateSimulate());
        return cmd;
    }

    private static Option<string?> ColumnsOption() => Cli.ColumnsOption.Create("t=Temp/degC, t1=T1/ms");

    private static Option<double?> LarmorOption() => new("--larmor-mhz") { Description = "Larmor frequency (MHz) of the nucleus, e.g. 116.6 for 7Li at 7.05 T (or a larmor_mhz column in the table)." };

    private static Command CreateT1()
    {
        var file = new Argument<string>("table") { Description = "CSV/TSV: temperature (T_K or T_C) and T1 (t1_s, \"T1 (ms)\") or R1 (r1_per_s, \"R1 (1/s)\"), optional standard error, optional larmor_mhz." };
        var larmor = LarmorOption();
        var columns = ColumnsOption();
        var json = CommandRunner.JsonOption();
        var html = HtmlOption();
        var cmd = new Command("t1", "Fit the BPP relaxation-rate peak to R1(T): Ea of the high-T and low-T flanks with errors, τ0, peak temperature, jump rate at the peak; symmetric vs asymmetric form by AICc.")
        {
            file, larmor, columns, json, html,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            var t = Cli.ColumnsOption.Read(() => NmrTableReader.ReadRates(path, p.GetValue(larmor), Cli.ColumnsOption.Parse(p, columns)));
            var r = BppFitter.Fit(t.Points);
            WriteHtml(p.GetValue(html), NmrJson.BppSection("nmr", $"7Li relaxation-rate peak: {Path.GetFileName(path)}", r), figures, p);
            if (p.GetValue(json)) { var o = NmrJson.Bpp(r, t.Columns); o["file"] = Path.GetFileName(path); CommandRunner.PrintJson(o); return 0; }
            NmrPrinter.Bpp(r);
            NmrPrinter.Notes(t.Columns, r.Warnings);
            return 0;
        });
        return cmd;
    }

    private static Command CreateRecovery()
    {
        var file = new Argument<string>("table") { Description = "CSV/TSV: delay (delay_s, delay_ms, tau_us), magnetisation (or intensity, integral), optional temperature (T_K / T_C) for one curve per temperature." };
        var larmor = LarmorOption();
        var columns = ColumnsOption();
        var json = CommandRunner.JsonOption();
        var html = HtmlOption();
        var cmd = new Command("recovery", "Fit saturation/inversion-recovery curves M(t) = M0[1 − b exp(−(t/T1)^β)], mono vs stretched by AICc: T1 per temperature with errors; with --larmor-mhz and ≥ 4 temperatures also the BPP fit of the resulting R1(T).")
        {
            file, larmor, columns, json, html,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            var t = Cli.ColumnsOption.Read(() => NmrTableReader.ReadRecovery(path, Cli.ColumnsOption.Parse(p, columns)));
            var curves = t.Curves.Select(c => RecoveryFitter.Fit(c.Points, c.TemperatureK)).ToList();
            BppResult? bpp = null;
            if (p.GetValue(larmor) is { } mhz && curves.Count(c => c.TemperatureK is not null) >= 4)
                bpp = BppFitter.Fit(curves.Where(c => c.TemperatureK is not null)
                    .Select(c => new RatePoint(c.TemperatureK!.Value, 1 / c.Chosen.T1S, c.Chosen.T1StdErrS / (c.Chosen.T1S * c.Chosen.T1S), mhz * 1e6)).ToList());
            var sec = NmrJson.RecoverySection("nmr-recovery", $"Recovery curves: {Path.GetFileName(path)}", curves);
            WriteHtml(p.GetValue(html), sec, figures, p);
            if (p.GetValue(json))
            {
                var o = NmrJson.Recovery(curves, t.Columns);
                o["file"] = Path.GetFileName(path);
                o["bpp"] = bpp is null ? null : NmrJson.Bpp(bpp);
                CommandRunner.PrintJson(o);
                return 0;
            }
            NmrPrinter.Recovery(curves, bpp);
            NmrPrinter.Notes(t.Columns, curves.SelectMany(c => c.Warnings.Select(w => $"{(c.TemperatureK is { } k ? $"{k:0.#} K: " : "")}{w}")).Concat(bpp?.Warnings ?? []));
            return 0;
        });
        return cmd;
    }

    private static Command CreateLinewidth()
    {
        var file = new Argument<string>("table") { Description = "CSV/TSV: temperature (T_K / T_C) and line width (fwhm_hz, linewidth_khz)." };
        var columns = ColumnsOption();
        var json = CommandRunner.JsonOption();
        var html = HtmlOption();
        var cmd = new Command("linewidth", "Motional narrowing: onset temperature of line narrowing and the Waugh-Fedin estimate Ea ≈ 1.617e-3 × T_onset (eV).")
        {
            file, columns, json, html,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            var t = Cli.ColumnsOption.Read(() => NmrTableReader.ReadLinewidths(path, Cli.ColumnsOption.Parse(p, columns)));
            var r = MotionalNarrowing.Fit(t.Points);
            WriteHtml(p.GetValue(html), NmrJson.LinewidthSection("nmr-linewidth", $"Motional narrowing: {Path.GetFileName(path)}", r, t.Points), figures, p);
            if (p.GetValue(json)) { var o = NmrJson.Linewidth(r, t.Columns); o["file"] = Path.GetFileName(path); CommandRunner.PrintJson(o); return 0; }
            NmrPrinter.Linewidth(r);
            NmrPrinter.Notes(t.Columns, r.Warnings);
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes R1(T) (or recovery curves) generated from BPP parameters: data from known parameters for examples and tests.</summary>
    private static Command CreateSimulate()
    {
        var ea = new Option<double>("--ea-ev") { Description = "Activation energy of τc (the high-T flank), eV.", Required = true };
        var alpha = new Option<double>("--alpha") { Description = "Spectral-density exponent α in (1, 2] (2 = symmetric BPP; low-T flank Ea(α−1)).", DefaultValueFactory = _ => 2 };
        var peak = new Option<double>("--peak-k") { Description = "Temperature (K) of the rate peak (sets τ0).", Required = true };
        var rmax = new Option<double>("--r1-max-per-s") { Description = "R1 at the peak (1/s; sets the coupling constant).", Required = true };
        var larmor = new Option<double>("--larmor-mhz") { Description = "Larmor frequency (MHz).", Required = true };
        var temps = new Option<string>("--temperatures-k") { Description = "Comma-separated temperatures (K).", Required = true };
        var noise = new Option<double>("--noise-pct") { Description = "Relative Gaussian noise on R1 (or on M for recovery curves, relative to M0), percent.", DefaultValueFactory = _ => 0 };
        var recovery = new Option<bool>("--recovery") { Description = "Write saturation-recovery curves (16 delays from 0.01 T1 to 10 T1 per temperature) instead of R1." };
        var seed = new Option<int>("--seed") { Description = "Random seed (default 1).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "CSV file to write.", Required = true };
        var cmd = new Command("simulate", "Write an R1(T) table (or recovery curves) generated from BPP parameters, optionally with seeded noise.")
        {
            ea, alpha, peak, rmax, larmor, temps, noise, recovery, seed, output,
        };
        cmd.SetHandler(p =>
        {
            double e = p.GetValue(ea), a = p.GetValue(alpha), tp = p.GetValue(peak), rm = p.GetValue(rmax), nu = p.GetValue(larmor) * 1e6, np = p.GetValue(noise);
            if (!(e > 0) || !(a > 1 && a <= 2) || !(tp > 0) || !(rm > 0) || !(nu > 0) || !(np >= 0))
                throw new UsageException("need --ea-ev > 0, 1 < --alpha <= 2, --peak-k > 0, --r1-max-per-s > 0, --larmor-mhz > 0, --noise-pct >= 0");
            var ts = CommandRunner.ParseDoubles(p.GetValue(temps), "--temperatures-k");
            if (ts.Length == 0 || ts.Any(x => !(x > 0))) throw new UsageException("--temperatures-k needs positive temperatures");
            var sim = new BppSimulator(e, a, tp, rm, nu);
            var rng = new Random(p.GetValue(seed));
            var ci = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.AppendLine(string.Create(ci, $"# generated by: nitrolyte nmr simulate --ea-ev {e} --alpha {a} --peak-k {tp} --r1-max-per-s {rm} --larmor-mhz {nu / 1e6} --noise-pct {np} --seed {p.GetValue(seed)}{(p.GetValue(recovery) ? " --recovery" : "")}"));
            sb.AppendLine(string.Create(ci, $"# tau0 = {sim.Tau0S:G6} s, low-T flank Ea = {sim.EaLowTEV:G4} eV"));
            sb.AppendLine(p.GetValue(recovery) ? "T_K,delay_s,magnetisation" : (np > 0 ? "T_K,r1_per_s,r1_stderr_per_s" : "T_K,r1_per_s"));
            foreach (var t in ts)
            {
                double r1 = sim.R1PerS(t);
                if (p.GetValue(recovery))
                    foreach (var (d, m) in BppSimulator.RecoveryCurve(1 / r1, np, rng)) sb.AppendLine(string.Create(ci, $"{t},{d:G5},{m:G5}"));
                else
                {
                    double v = BppSimulator.Noisy(r1, np, rng);
                    sb.AppendLine(np > 0 ? string.Create(ci, $"{t},{v:G5},{v * np / 100:G3}") : string.Create(ci, $"{t},{v:G6}"));
                }
            }
            AtomicFile.WriteAllText(p.GetValue(output)!, sb.ToString());
            Console.Error.WriteLine($"wrote {ts.Length} temperatures to {p.GetValue(output)} (tau0 = {sim.Tau0S:G4} s)");
            return 0;
        });
        return cmd;
    }
}
