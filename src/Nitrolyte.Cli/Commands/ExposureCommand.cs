using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Exposure;
using Nitrolyte.Formats;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class ExposureCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("table") { Description = "CSV/TSV: exposure time with its unit in the header (time_h, time_min, time_s), σ (sigma_s_per_cm, or mS/cm, µS/cm, S/m), optional sigma_stderr, atmosphere label, dew_point_c and/or rh_pct, optional air_temperature_c." };
        var columns = ColumnsOption.Create("time=Elapsed/min, sigma=3/mS/cm, atmosphere=4, dew=5/degC");
        var json = CommandRunner.JsonOption();
        var html = new Option<string?>("--html") { Description = "Also write an HTML page with the retention plot (all atmospheres on one plot) to this file." };
        var cmd = new Command("exposure", "Air/dry-room exposure: retention σ(t)/σ(0) per atmosphere with errors, exponential vs power-law decay (AICc), time to 80 % retention with a 95 % interval.")
        {
            file, columns, json, html,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            var table = ColumnsOption.Read(() => ExposureTableReader.Read(path, null, ColumnsOption.Parse(p, columns)));
            var series = RetentionAnalysis.Analyse(table.Points);
            var section = ExposureJson.Section("exposure", $"Conductivity retention: {Path.GetFileName(path)}", series, table.Columns);
            if (figures.Wanted(p)) figures.Write(p, section.Figures);
            if (p.GetValue(html) is { } h)
            {
                HtmlOutput.Write(section, $"Exposure: {Path.GetFileName(path)}", h);
            }
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(ExposureJson.ToJson(series, table.Columns, path));
                return 0;
            }
            // one sentence per atmosphere (a wide table does not fit a terminal)
            foreach (var s in series) AnsiConsole.WriteLine(ExposureJson.Sentence(s));
            foreach (var s in series)
            {
                if (s.T80Reason is not null && s.T80H is not null) AnsiConsole.WriteLine($"{s.Atmosphere.Label}: {s.T80Reason}");
                AnsiConsole.WriteLine($"{s.Atmosphere.Label}: model {s.Chosen?.ModelName ?? "none"} (AICc exponential {s.Exponential?.Aicc:0.0}, power law {(s.PowerLaw is null ? "not fitted" : s.PowerLaw.Aicc.ToString("0.0"))}); retention errors {s.RetentionErrorSource}");
                foreach (var w in s.Warnings) AnsiConsole.WriteLine($"warning: {s.Atmosphere.Label}: {w}");
            }
            foreach (var c in table.Columns.Where(c => c.Assumption is not null)) AnsiConsole.WriteLine($"note: {(c.Header.Length > 0 ? $"column '{c.Header}': " : "")}{c.Assumption}");
            return 0;
        });
        cmd.Add(CreateHumidity());
        cmd.Add(CreateSimulate());
        return cmd;
    }

    /// <summary>Writes an exposure table from a known exponential decay (for examples and tests: data from known parameters).</summary>
    private static Command CreateSimulate()
    {
        var s0 = new Option<double>("--sigma0-s-per-cm") { Description = "σ before exposure (S/cm).", Required = true };
        var ret = new Option<double>("--retention") { Description = "Retention σ(t)/σ(0) reached at --at-h (0-1]; the decay is exponential through it.", Required = true };
        var at = new Option<double>("--at-h") { Description = "Exposure time (h) at which --retention holds.", Required = true };
        var times = new Option<string>("--times-h") { Description = "Comma-separated exposure times (h).", Required = true };
        var atm = new Option<string>("--atmosphere") { Description = "Atmosphere label.", Required = true };
        var dew = new Option<string?>("--dew-point-c") { Description = "Dew point (°C), or 'lo,hi' for a dew point drawn uniformly in that range per row." };
        var rh = new Option<string?>("--rh-pct") { Description = "Relative humidity (%), or 'lo,hi' for a value drawn uniformly in that range per row." };
        var noise = new Option<double>("--noise-pct") { Description = "Relative Gaussian noise on σ, percent (default 0); the s.e. column is written when > 0.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Random seed (default 1).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "CSV file to write.", Required = true };
        var append = new Option<bool>("--append") { Description = "Append the rows to an existing table written by this command (a second atmosphere)." };
        var cmd = new Command("simulate", "Write an exposure table generated from a known exponential decay σ0 exp(−kt) (optionally with seeded noise).")
        {
            s0, ret, at, times, atm, dew, rh, noise, seed, output, append,
        };
        cmd.SetHandler(p =>
        {
            double sigma0 = p.GetValue(s0), r = p.GetValue(ret), tAt = p.GetValue(at), np = p.GetValue(noise);
            if (!(sigma0 > 0)) throw new UsageException("--sigma0-s-per-cm must be positive");
            if (!(r > 0 && r <= 1)) throw new UsageException("--retention must be in (0, 1]");
            if (!(tAt > 0)) throw new UsageException("--at-h must be positive");
            if (!(np >= 0)) throw new UsageException("--noise-pct must be zero or positive");
            var ts = CommandRunner.ParseDoubles(p.GetValue(times), "--times-h");
            if (ts.Length == 0 || ts.Any(x => !(x >= 0))) throw new UsageException("--times-h needs non-negative times");
            var dews = CommandRunner.ParseDoubles(p.GetValue(dew), "--dew-point-c");
            var rhs = CommandRunner.ParseDoubles(p.GetValue(rh), "--rh-pct");
            if (dews.Length > 2 || rhs.Length > 2) throw new UsageException("--dew-point-c and --rh-pct take one value or a range lo,hi");
            var rng = new Random(p.GetValue(seed));
            double k = -Math.Log(r) / tAt;
            var path = p.GetValue(output)!;
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            var sb = new System.Text.StringBuilder();
            bool app = p.GetValue(append) && File.Exists(path);
            if (app) sb.Append(File.ReadAllText(path));
            sb.AppendLine(string.Create(ci, $"# generated by: nitrolyte exposure simulate --sigma0-s-per-cm {sigma0} --retention {r} --at-h {tAt} --atmosphere \"{p.GetValue(atm)}\" --dew-point-c {p.GetValue(dew) ?? "-"} --rh-pct {p.GetValue(rh) ?? "-"} --noise-pct {np} --seed {p.GetValue(seed)}"));
            if (!app) sb.AppendLine("time_h,sigma_s_per_cm,sigma_stderr_s_per_cm,atmosphere,dew_point_c,rh_pct");
            double Draw(double[] v) => v.Length == 1 ? v[0] : v[0] + (v[1] - v[0]) * rng.NextDouble();
            foreach (var t in ts)
            {
                double s = sigma0 * Math.Exp(-k * t);
                if (np > 0) s *= 1 + Nitrolyte.Numerics.GaussianSampler.Scaled(rng, np / 100);
                string d = dews.Length > 0 ? Draw(dews).ToString("0.0", ci) : "";
                string h = rhs.Length > 0 ? Draw(rhs).ToString("0.00", ci) : "";
                sb.AppendLine(string.Create(ci, $"{t},{s:G5},{(np > 0 ? (s * np / 100).ToString("G3", ci) : "")},{p.GetValue(atm)},{d},{h}"));
            }
            Nitrolyte.Core.AtomicFile.WriteAllText(path, sb.ToString());
            Console.Error.WriteLine($"wrote {ts.Length} rows to {path}");
            return 0;
        });
        return cmd;
    }

    private static Command CreateHumidity()
    {
        var dew = new Option<double?>("--dew-point-c") { Description = "Dew point (°C; below 0 °C read as a frost point, over ice)." };
        var rh = new Option<double?>("--rh-pct") { Description = "Relative humidity (%) at the air temperature." };
        var pa = new Option<double?>("--pressure-pa") { Description = "Water partial pressure (Pa)." };
        var air = new Option<double>("--air-c") { Description = "Air temperature (°C) for RH (default 25).", DefaultValueFactory = _ => 25 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("humidity", "Convert dew point <-> RH <-> water partial pressure (Magnus formula, Alduchov & Eskridge 1996, over ice below 0 °C). Give exactly one of the three.")
        {
            dew, rh, pa, air, json,
        };
        cmd.SetHandler(p =>
        {
            var given = new[] { p.GetValue(dew), p.GetValue(rh), p.GetValue(pa) }.Count(v => v is not null);
            if (given != 1) throw new UsageException("give exactly one of --dew-point-c, --rh-pct, --pressure-pa");
            double a = p.GetValue(air);
            double e = p.GetValue(dew) is { } d ? Humidity.PartialPressureFromDewPointPa(d)
                : p.GetValue(rh) is { } r ? Humidity.PartialPressureFromRelativeHumidityPa(r, a) : p.GetValue(pa)!.Value;
            if (!(e > 0)) throw new UsageException("the water partial pressure must be positive");
            double dp = Humidity.DewPointFromPartialPressureC(e);
            double rhv = Humidity.RelativeHumidityFromPartialPressurePct(e, a);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject
                {
                    ["dew_point_c"] = dp, ["frost_point"] = dp < 0, ["relative_humidity_pct"] = rhv, ["water_partial_pressure_pa"] = e,
                    ["air_temperature_c"] = a, ["saturation_pressure_at_air_pa"] = Humidity.SaturationOverWaterPa(a), ["method"] = Humidity.Method,
                });
                return 0;
            }
            AnsiConsole.WriteLine($"dew point {dp:0.00} °C{(dp < 0 ? " (frost point, over ice)" : "")}; RH {rhv:0.####} % at {a:0.#} °C; water partial pressure {e:0.####} Pa");
            AnsiConsole.WriteLine(Humidity.Method);
            return 0;
        });
        return cmd;
    }
}
