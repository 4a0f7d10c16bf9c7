using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Diffraction;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class XrdCommand
{
    public static Command Create()
    {
        var file = StructureSource.FileArgument();
        var wl = new Option<string>("--wavelength") { Description = "CuKa (1.54184 Å, default), CuKa1, MoKa, MoKa1 (0.70930 Å), AgKa, ... or a number in Å (e.g. 0.824042 for the seed-002 synchrotron).", DefaultValueFactory = _ => "CuKa" };
        var range = new Option<string>("--two-theta") { Description = "2θ range in degrees, 'min,max' with 0 ≤ min < max ≤ 180.", DefaultValueFactory = _ => "0,90" };
        var neutron = new Option<bool>("--neutron") { Description = "Neutron pattern: coherent scattering lengths (Li negative), Lorentz factor without polarisation." };
        var bOpt = new Option<string?>("--b-iso") { Description = "Isotropic displacement B (Å²) per element, e.g. Li=1.5,N=0.8,Cl=1.2 (default 0)." };
        var profile = new Option<string?>("--profile") { Description = "Also write a pseudo-Voigt profile (columns two_theta_deg,intensity; 0.01° steps over --two-theta) as CSV to this file, for overlaying on a measured pattern." };
        var uvw = new Option<string>("--caglioti") { Description = "Caglioti peak width of the profile, FWHM² = U tan²θ + V tanθ + W (deg²), as 'U,V,W'.", DefaultValueFactory = _ => "0.004,-0.002,0.004" };
        var eta = new Option<double>("--eta") { Description = "Pseudo-Voigt Lorentzian fraction (0-1).", DefaultValueFactory = _ => 0.5 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("xrd", "Powder diffraction peaks (X-ray or neutron) of a structure: 2θ, intensity (strongest = 100), d, hkl and multiplicity; optional profile.")
        {
            file, wl, range, neutron, bOpt, profile, uvw, eta, json,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.Add(XrdRefineCommand.Create());
        cmd.Add(XrdIdentifyCommand.Create());
        cmd.Add(XrdSimulateCommand.Create());
        cmd.SetHandler(p =>
        {
            var tt = CommandRunner.ParseDoubles(p.GetValue(range), "--two-theta");
            if (tt.Length != 2 || tt[0] < 0 || tt[1] <= tt[0] || tt[1] > 180) throw new UsageException($"--two-theta {p.GetValue(range)}: must be 'min,max' with 0 ≤ min < max ≤ 180");
            ParseWavelength(p.GetValue(wl)!);
            figures.Validate(p, p.GetValue(file)!);
            if (p.GetValue(profile) is { } profOut) Core.OutputGuard.EnsureNotInput(profOut, "--profile", p.GetValue(file));
            var s = StructureSource.Load(p.GetValue(file)!);
            var b = ParseElementValues(p.GetValue(bOpt), "--b-iso");
            var opt = new DiffractionOptions
            {
                WavelengthA = ParseWavelength(p.GetValue(wl)!), TwoThetaMinDeg = tt[0], TwoThetaMaxDeg = tt[1],
                Neutron = p.GetValue(neutron), DebyeWallerB = b,
            };
            // Work ~ reflections × scatterers; warn on stderr before a long silent run (a 20,000-atom cell takes minutes).
            double gMax = 2 * Math.Sin(opt.TwoThetaMaxDeg * Math.PI / 360) / opt.WavelengthA;
            double work = 4.0 / 3.0 * Math.PI * gMax * gMax * gMax * s.VolumeA3 * s.Sites.Sum(x => x.Species.Count);
            if (work > 2e9 && 4.0 / 3.0 * Math.PI * gMax * gMax * gMax * s.VolumeA3 < PowderPattern.MaxIndexTriples / 4)
                Console.Error.WriteLine($"note: about {4.0 / 3.0 * Math.PI * gMax * gMax * gMax * s.VolumeA3:0.#e0} reflections × {s.Sites.Count} sites: this may take minutes (a smaller --two-theta range or a smaller cell is faster)");
            var pat = PowderPattern.Compute(s, opt);
            var c = CommandRunner.ParseDoubles(p.GetValue(uvw), "--caglioti");
            if (c.Length != 3) throw new UsageException("--caglioti must be three numbers U,V,W");
            if (figures.Wanted(p))
                figures.Write(p, [Reports.DiffractionPlots.Patterns(Path.GetFileName(p.GetValue(file)!), tt[0], tt[1], opt.Neutron ? null : pat, opt.Neutron ? pat : null, c[0], c[1], c[2], p.GetValue(eta))]);
            if (p.GetValue(profile) is { } profPath)
            {
                var (x, y) = PowderPattern.Profile(pat, tt[0], tt[1], 0.01, c[0], c[1], c[2], p.GetValue(eta));
                var sb = new StringBuilder("two_theta_deg,intensity\n");
                for (int i = 0; i < x.Length; i++) sb.Append(x[i].ToString("0.###", CultureInfo.InvariantCulture)).Append(',').Append(y[i].ToString("0.#####", CultureInfo.InvariantCulture)).Append('\n');
                Core.AtomicFile.WriteAllText(profPath, sb.ToString());
            }
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject
                {
                    ["wavelength_a"] = pat.WavelengthA,
                    ["radiation"] = pat.Neutron ? "neutron" : "x-ray",
                    ["peaks"] = new JsonArray(pat.Peaks.Select(pk => (JsonNode)new JsonObject
                    {
                        ["two_theta_deg"] = pk.TwoThetaDeg, ["intensity"] = pk.Intensity, ["d_a"] = pk.DA,
                        ["hkl"] = new JsonArray(pk.Hkl.Select(i => (JsonNode)i).ToArray()), ["multiplicity"] = pk.Multiplicity,
                        ["families"] = new JsonArray(pk.Families.Select(f => (JsonNode)new JsonObject
                        {
                            ["hkl"] = new JsonArray(f.Hkl.Select(i => (JsonNode)i).ToArray()), ["multiplicity"] = f.Multiplicity,
                        }).ToArray()),
                    }).ToArray()),
                });
                return 0;
            }
            AnsiConsole.WriteLine($"{(pat.Neutron ? "Neutron" : "X-ray")} powder pattern of {s.Composition.Formula}, λ = {pat.WavelengthA:0.######} Å, 2θ {tt[0]}-{tt[1]}°: {pat.Peaks.Count} peaks");
            var t = new Table().AddColumn("2θ (°)").AddColumn("d (Å)").AddColumn("I").AddColumn("hkl").AddColumn("mult.");
            foreach (var pk in pat.Peaks.Where(x => x.Intensity >= 0.5))
                t.AddEscapedRow($"{pk.TwoThetaDeg:0.000}", $"{pk.DA:0.0000}", $"{pk.Intensity:0.0}",
                    string.Join(" ", pk.Families.Select(f => $"({string.Join(" ", f.Hkl)})")), string.Join("+", pk.Families.Select(f => f.Multiplicity)));
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine("Peaks below 0.5 % are left out of this table (--json lists all).");
            return 0;
        });
        return cmd;
    }

    /// <summary>A bad --wavelength is a usage error (exit 2) naming the option.</summary>
    public static double ParseWavelength(string text)
    {
        try { return Wavelengths.Parse(text); }
        catch (Core.NitrolyteInputException e) { throw new UsageException($"--wavelength: {e.Message}"); }
    }

    /// <summary>Label=number pairs (site labels, not checked against elements).</summary>
    public static Dictionary<string, double>? ParseElementValuesRaw(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var d = new Dictionary<string, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new UsageException($"{option}: '{part}' is not Label=number");
            d[kv[0].Trim()] = v;
        }
        return d;
    }

    public static Dictionary<string, double>? ParseElementValues(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var d = new Dictionary<string, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !Chemistry.Element.TryGet(kv[0].Trim(), out _) ||
                !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new UsageException($"{option}: '{part}' is not Element=number");
            d[kv[0].Trim()] = v;
        }
        return d;
    }
}

public static class PdfCommand
{
    public static Command Create()
    {
        var file = StructureSource.FileArgument();
        var rmax = new Option<double>("--rmax") { Description = "Largest r (Å), at most 200.", DefaultValueFactory = _ => 20 };
        var step = new Option<double>("--dr") { Description = "r step (Å).", DefaultValueFactory = _ => 0.01 };
        var sigma = new Option<double>("--sigma") { Description = "Gaussian broadening of every pair distance (Å).", DefaultValueFactory = _ => 0.05 };
        var neutron = new Option<bool>("--neutron") { Description = "Neutron weights (scattering lengths; Li negative) instead of X-ray weights (Z)." };
        var csv = new Option<string?>("--csv") { Description = "Also write r, G and the partials as CSV to this file." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("pdf", "Pair distribution function G(r) = 4πrρ0[g(r) − 1] of a structure, total and partials, X-ray or neutron weighted.")
        {
            file, rmax, step, sigma, neutron, csv, json,
        };
        var pdfFigures = new FigureOutput();
        pdfFigures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            if (p.GetValue(rmax) <= 0 || p.GetValue(step) <= 0 || p.GetValue(sigma) <= 0)
                throw new UsageException($"--rmax {p.GetValue(rmax)}, --dr {p.GetValue(step)}, --sigma {p.GetValue(sigma)}: all three must be positive");
            if (p.GetValue(rmax) > 200) throw new UsageException($"--rmax {p.GetValue(rmax)}: must be at most 200 Å");
            if (p.GetValue(csv) is { } csvOut) Core.OutputGuard.EnsureNotInput(csvOut, "--csv", p.GetValue(file));
            pdfFigures.Validate(p, p.GetValue(file)!);
            var s = StructureSource.Load(p.GetValue(file)!);
            var res = PairDistribution.Compute(s, new PdfOptions { RMaxA = p.GetValue(rmax), StepA = p.GetValue(step), SigmaA = p.GetValue(sigma), Neutron = p.GetValue(neutron) });
            if (pdfFigures.Wanted(p)) pdfFigures.Write(p, [Reports.DiffractionPlots.Pdf(res, Path.GetFileName(p.GetValue(file)!), p.GetValue(sigma))]);
            if (p.GetValue(csv) is { } path)
            {
                var keys = res.Partials.Keys.ToList();
                var sb = new StringBuilder("r_a,g," + string.Join(",", keys) + "\n");
                for (int k = 0; k < res.RA.Length; k++)
                    sb.Append(string.Join(",", new[] { res.RA[k], res.G[k] }.Concat(keys.Select(key => res.Partials[key][k])).Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))).Append('\n');
                Core.AtomicFile.WriteAllText(path, sb.ToString());
            }
            if (p.GetValue(json))
            {
                var partials = new JsonObject();
                foreach (var (k, v) in res.Partials) partials[k] = new JsonArray(v.Select(x => (JsonNode)Math.Round(x, 6)).ToArray());
                CommandRunner.PrintJson(new JsonObject
                {
                    ["r_a"] = new JsonArray(res.RA.Select(x => (JsonNode)Math.Round(x, 6)).ToArray()),
                    ["g"] = new JsonArray(res.G.Select(x => (JsonNode)Math.Round(x, 6)).ToArray()),
                    ["partials"] = partials,
                    ["weights"] = new JsonObject(res.Weights.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
                    ["number_density_per_a3"] = res.NumberDensityPerA3,
                    ["radiation"] = res.Neutron ? "neutron" : "x-ray",
                });
                return 0;
            }
            AnsiConsole.WriteLine($"{(res.Neutron ? "Neutron" : "X-ray")}-weighted G(r) of {s.Composition.Formula} to {p.GetValue(rmax)} Å (ρ0 = {res.NumberDensityPerA3:0.#####} Å⁻³, σ = {p.GetValue(sigma)} Å)");
            var t = new Table().AddColumn("pair").AddColumn("weight").AddColumn("first peak (Å)");
            foreach (var (k, v) in res.Partials)
                t.AddEscapedRow(k, $"{res.Weights[k]:0.0000}", $"{PairDistribution.FirstPeakA(res.RA, v):0.000}");
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine($"Total G(r): first peak at {PairDistribution.FirstPeakA(res.RA, res.G):0.000} Å. Use --json or --csv for the curves.");
            return 0;
        });
        return cmd;
    }
}
