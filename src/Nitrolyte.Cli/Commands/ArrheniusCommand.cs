using System.CommandLine;
using System.Globalization;
using System.Text;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class ArrheniusCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("csv") { Description = "CSV/TSV with a temperature column (T_C, T_K, \"T (°C)\": the unit is read from the header) and a conductivity column (sigma_s_per_cm, \"sigma (mS/cm)\", sigma_S_per_m, µS/cm; optional standard error column, e.g. sigma_stderr_s_per_cm)." };
        var columns = ColumnsOption.Create("T=1/C, sigma=2/mS/cm, stderr=3/mS/cm");
        var form = new Option<string>("--form") { Description = "sigma-t: fit σT = A exp(−Ea/kBT) (default, as seeds 002/003); sigma: fit σ = A exp(−Ea/kBT).", DefaultValueFactory = _ => "sigma-t" };
        var unweighted = new Option<bool>("--unweighted") { Description = "Ignore the standard-error column and weigh every point equally (as EISFitpython does)." };
        var twoRegime = new Option<bool>("--two-regime") { Description = "Also try two Arrhenius regimes with a breakpoint chosen by BIC (phase transitions)." };
        var json = CommandRunner.JsonOption();
        var figures = new FigureOutput();
        var cmd = new Command("arrhenius", "Fit an Arrhenius law to conductivity vs temperature: Ea ± standard error, prefactor, R², σ(25 °C) with a 95 % interval.")
        {
            file, form, unweighted, twoRegime, columns, json,
        };
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            var f = ArrheniusFormNames.Parse(p.GetValue(form)!);
            var table = ColumnsOption.Read(() => ConductivityTableReader.Read(path, ColumnsOption.Parse(p, columns)));
            var points = p.GetValue(unweighted) ? table.Points.Select(x => x with { StdErr = double.NaN }).ToList() : table.Points.ToList();
            var fit = ArrheniusFitter.Fit(points, f);
            var summary = ArrheniusSummary.From(fit);
            var two = p.GetValue(twoRegime) ? ArrheniusFitter.FitTwoRegimes(points, f) : null;
            if (figures.Wanted(p))
                figures.Write(p, [Reports.ArrheniusPlot.Build($"Arrhenius plot: {Path.GetFileName(path)}",
                    [new Reports.ArrheniusPlot.Series(Path.GetFileNameWithoutExtension(path), points, fit)])]);
            if (p.GetValue(json))
            {
                var o = Reports.ArrheniusJson.Summary(summary);
                if (p.GetValue(twoRegime))
                    o["two_regime"] = two is null ? null : new System.Text.Json.Nodes.JsonObject
                    {
                        ["preferred"] = two.TwoRegimesPreferred,
                        ["breakpoint_k"] = two.BreakpointK,
                        ["bic_single"] = two.BicSingle,
                        ["bic_two_regime"] = two.BicTwoRegime,
                        ["low_t"] = Reports.ArrheniusJson.Summary(two.Low),
                        ["high_t"] = Reports.ArrheniusJson.Summary(two.High),
                    };
                Reports.ColumnsJson.AddTo(o, table.Columns);
                if (table.Warnings.Count > 0) o["warnings"] = new System.Text.Json.Nodes.JsonArray(table.Warnings.Select(w => (System.Text.Json.Nodes.JsonNode?)w).ToArray());
                CommandRunner.PrintJson(o);
                return 0;
            }
            var t = new Table().AddColumn("quantity").AddColumn("value");
            t.AddEscapedRow("form", f == ArrheniusForm.SigmaT ? "σT = A exp(−Ea/kBT)" : "σ = A exp(−Ea/kBT)");
            t.AddEscapedRow("points", $"{fit.NPoints} ({fit.TMinK - 273.15:0.#} to {fit.TMaxK - 273.15:0.#} °C)");
            t.AddEscapedRow("Ea", $"{fit.EaEV:0.0000} ± {fit.EaStdErrEV:0.0000} eV");
            t.AddEscapedRow("log10 A", $"{fit.Log10Prefactor:0.000} ± {fit.Log10PrefactorStdErr:0.000} ({summary.PrefactorUnit})");
            t.AddEscapedRow("σ(25 °C)", $"{summary.Sigma25CSPerCm:0.000e+0} S/cm, 95 % CI [{summary.Sigma25CCi95SPerCm[0]:0.000e+0}, {summary.Sigma25CCi95SPerCm[1]:0.000e+0}]{(summary.Sigma25CExtrapolated ? " (extrapolated)" : "")}");
            t.AddEscapedRow("R²", $"{fit.RSquared:0.00000}");
            AnsiConsole.Write(t);
            ColumnsOption.Print(table.Columns);
            foreach (var w in table.Warnings) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            if (two is not null)
                AnsiConsole.WriteLine(two.TwoRegimesPreferred
                    ? $"Two regimes preferred (BIC {two.BicTwoRegime:0.0} < {two.BicSingle:0.0}): break at {two.BreakpointK - 273.15:0.#} °C; Ea low-T {two.Low.EaEV:0.000} ± {two.Low.EaStdErrEV:0.000}, high-T {two.High.EaEV:0.000} ± {two.High.EaStdErrEV:0.000} eV"
                    : $"One regime is enough (BIC {two.BicSingle:0.0} ≤ best two-regime {two.BicTwoRegime:0.0}).");
            return 0;
        });
        cmd.Add(CreateSimulate());
        return cmd;
    }

    /// <summary>Writes a sigma(T) table from Arrhenius parameters, for examples and tests (data from known parameters).</summary>
    private static Command CreateSimulate()
    {
        var ea = new Option<double>("--ea-ev") { Description = "Activation energy (eV).", Required = true };
        var sigma25 = new Option<double>("--sigma-25c-s-per-cm") { Description = "Conductivity at the reference temperature (S/cm).", Required = true };
        var refC = new Option<double>("--reference-c") { Description = "Temperature (°C) at which --sigma-25c-s-per-cm holds (default 25).", DefaultValueFactory = _ => 25 };
        var temps = new Option<string>("--temperatures-c") { Description = "Comma-separated temperatures (°C).", Required = true };
        var form = new Option<string>("--form") { Description = "sigma-t (default) or sigma.", DefaultValueFactory = _ => "sigma-t" };
        var noise = new Option<double>("--noise-pct") { Description = "Relative Gaussian noise on σ, percent (default 0).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Random seed for the noise (default 1).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "CSV file to write.", Required = true };
        var cmd = new Command("simulate", "Write a σ(T) CSV generated from Ea and σ at a reference temperature (optionally with seeded noise).")
        {
            ea, sigma25, refC, temps, form, noise, seed, output,
        };
        cmd.SetHandler(p =>
        {
            var f = ArrheniusFormNames.Parse(p.GetValue(form)!);
            var ts = CommandRunner.ParseDoubles(p.GetValue(temps), "--temperatures-c");
            double noisePct = p.GetValue(noise);
            var rng = new Random(p.GetValue(seed));
            double tRef = p.GetValue(refC) + PhysicalConstants.ZeroCelsiusK;
            double s0 = p.GetValue(sigma25), e = p.GetValue(ea);
            if (!(s0 > 0) || !double.IsFinite(s0)) throw new UsageException("--sigma-25c-s-per-cm must be positive");
            if (!(e >= 0) || !double.IsFinite(e)) throw new UsageException($"--ea-ev must be zero or positive (got {e.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            if (!(noisePct >= 0) || !double.IsFinite(noisePct)) throw new UsageException($"--noise-pct must be zero or positive (got {noisePct.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            if (!(tRef > 0)) throw new UsageException("--reference-c is below absolute zero");
            foreach (var tc in ts)
                if (!(tc + PhysicalConstants.ZeroCelsiusK > 0))
                    throw new UsageException($"--temperatures-c: {tc.ToString(System.Globalization.CultureInfo.InvariantCulture)} °C is below absolute zero");
            var sb = new StringBuilder();
            sb.AppendLine($"# generated by: nitrolyte arrhenius simulate --ea-ev {e} --sigma-25c-s-per-cm {s0} --reference-c {tRef - 273.15} --form {f.ToCli()} --noise-pct {noisePct} --seed {p.GetValue(seed)}");
            sb.AppendLine(noisePct > 0 ? "T_C,sigma_s_per_cm,sigma_stderr_s_per_cm" : "T_C,sigma_s_per_cm");
            foreach (var tc in ts)
            {
                double t = tc + PhysicalConstants.ZeroCelsiusK;
                double s = ArrheniusLaw.Move(s0, tRef, t, e, f);
                if (noisePct > 0)
                {
                    double z = Nitrolyte.Numerics.GaussianSampler.Standard(rng);
                    double measured = s * Math.Exp(noisePct / 100 * z);
                    sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{tc},{measured:G6},{measured * noisePct / 100:G3}"));
                }
                else sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{tc},{s:G6}"));
            }
            AtomicFile.WriteAllText(p.GetValue(output)!, sb.ToString());
            Console.Error.WriteLine($"wrote {ts.Length} temperatures to {p.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
