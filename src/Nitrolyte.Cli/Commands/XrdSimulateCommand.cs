using System.CommandLine;
using System.Globalization;
using System.Text;
using Nitrolyte.Diffraction.Refinement;

namespace Nitrolyte.Cli.Commands;

/// <summary>`xrd simulate`: a measured-like pattern (.xye) from a structure with the refinement's own model and Poisson noise.</summary>
public static class XrdSimulateCommand
{
    public const int MaxPoints = 200_000;

    public static Command Create()
    {
        var file = StructureSource.FileArgument();
        var output = new Option<string>("--output") { Description = "The .xye file to write (2θ, counts, esd), with comment lines saying it is generated and the wavelength.", Required = true };
        var wl = new Option<string>("--wavelength") { Description = "λ1[,λ2] in Å or presets (CuKa = Kα1 + Kα2 doublet).", DefaultValueFactory = _ => "CuKa" };
        var range = new Option<string>("--two-theta") { Description = "min,max,step in degrees.", DefaultValueFactory = _ => "10,120,0.02" };
        var neutron = new Option<bool>("--neutron") { Description = "Neutron (scattering lengths, no polarisation factor)." };
        var scale = new Option<double>("--scale") { Description = "Scale factor S (counts per |F|²·LP).", DefaultValueFactory = _ => 0.05 };
        var bg = new Option<string>("--background") { Description = "Chebyshev background coefficients.", DefaultValueFactory = _ => "200" };
        var zero = new Option<double>("--zero") { Description = "Zero shift, degrees.", DefaultValueFactory = _ => 0 };
        var disp = new Option<double>("--displacement") { Description = "Sample-displacement coefficient D, degrees 2θ (peaks shift by D·cosθ; Bragg-Brentano specimen height error).", DefaultValueFactory = _ => 0 };
        var biso = new Option<string?>("--biso") { Description = "Biso per site label, e.g. Li1=1.5,X1=0.8 (default 1 Å²)." };
        var profile = new Option<string>("--profile") { Description = "U,V,W,X,Y of the TCH pseudo-Voigt.", DefaultValueFactory = _ => "0.004,-0.002,0.004,0.02,0" };
        var with = new Option<string[]>("--with") { Description = "A further phase in the pattern, STRUCTURE=SCALE (e.g. Li2O=0.004: a by-product); repeat for several (at most 5).", AllowMultipleArgumentsPerToken = false };
        var anomalous = new Option<bool>("--anomalous") { Description = "X-ray: include anomalous dispersion f′ + i f″ (NIST FFAST) at the energy of λ1." };
        var seed = new Option<int>("--seed") { Description = "Noise seed.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("simulate", $"Write a simulated powder pattern (.xye) of a structure with Poisson noise, for trying refine/identify and for planning (at most {MaxPoints} points).")
        {
            file, output, wl, range, neutron, scale, bg, zero, disp, biso, profile, with, anomalous, seed,
        };
        cmd.SetHandler(p =>
        {
            var parts = p.GetValue(wl)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 1 && parts[0].Equals("CuKa", StringComparison.OrdinalIgnoreCase)) parts = ["CuKa1", "CuKa2"];
            if (parts.Length is < 1 or > 2) throw new UsageException("--wavelength: λ1[,λ2]");
            double l1 = XrdCommand.ParseWavelength(parts[0]);
            double? l2 = parts.Length == 2 ? XrdCommand.ParseWavelength(parts[1]) : null;
            var r = CommandRunner.ParseDoubles(p.GetValue(range), "--two-theta");
            if (r.Length != 3 || r[0] < 0 || r[1] <= r[0] || r[1] > 180 || r[2] <= 0) throw new UsageException("--two-theta: min,max,step with 0 ≤ min < max ≤ 180 and step > 0");
            if ((r[1] - r[0]) / r[2] > MaxPoints) throw new UsageException($"--two-theta: more than {MaxPoints} points");
            var prof = CommandRunner.ParseDoubles(p.GetValue(profile), "--profile");
            if (prof.Length != 5) throw new UsageException("--profile: U,V,W,X,Y");
            var b = XrdCommand.ParseElementValuesRaw(p.GetValue(biso), "--biso");
            var s = StructureSource.Load(p.GetValue(file)!);
            var opt = new RefinementOptions { Wavelength1A = l1, Wavelength2A = l2, Neutron = p.GetValue(neutron), AnomalousDispersion = p.GetValue(anomalous) };
            var phases = new List<RefinementPhase> { new(s.Title ?? "phase", s) };
            var scales = new List<double> { p.GetValue(scale) };
            var extra = p.GetValue(with) ?? [];
            if (extra.Length > 5) throw new UsageException($"--with: {extra.Length} further phases, at most 5");
            foreach (var w in extra)
            {
                int eq = w.LastIndexOf('=');
                if (eq <= 0 || !double.TryParse(w[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var sc) || !(sc >= 0))
                    throw new UsageException($"--with {w}: STRUCTURE=SCALE with a scale ≥ 0");
                var es = StructureSource.Load(w[..eq]);
                phases.Add(new RefinementPhase(es.Title ?? w[..eq], es));
                scales.Add(sc);
            }
            var pat = PowderRefinement.Simulate(phases, opt, new PowderRefinement.SimulationSettings
            {
                TwoThetaMinDeg = r[0], TwoThetaMaxDeg = r[1], StepDeg = r[2], Scales = scales, Background = CommandRunner.ParseDoubles(p.GetValue(bg), "--background"),
                ZeroDeg = p.GetValue(zero), DisplacementDeg = p.GetValue(disp), BisoBySite = b, Profile = new PeakProfile(prof[0], prof[1], prof[2], prof[3], prof[4]), Seed = p.GetValue(seed),
            });
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.AppendLine($"# GENERATED (simulated, not measured) by nitrolyte xrd simulate from {Path.GetFileName(p.GetValue(file))}: {s.Composition.Formula}{string.Concat(extra.Select(w => $" + {w}"))}, Poisson noise seed {p.GetValue(seed)}");
            sb.AppendLine(string.Format(inv, "# radiation: {0}; wavelength = {1:0.######} A{2}", opt.Neutron ? "neutron" : "x-ray", l1, l2 is { } w2 ? string.Format(inv, " (Ka2 {0:0.######} A, ratio 0.5)", w2) : ""));
            sb.AppendLine(string.Format(inv, "# scale {0}, zero {1} deg, displacement {5} deg (D cos theta), profile U,V,W,X,Y = {2}, background {3}, Biso {4}", p.GetValue(scale), p.GetValue(zero), p.GetValue(profile), p.GetValue(bg), p.GetValue(biso) ?? "1 for every site", p.GetValue(disp)));
            if (opt.AnomalousDispersion && !opt.Neutron) sb.AppendLine("# anomalous dispersion f' + i f'' included (NIST FFAST at the energy of lambda1)");
            sb.AppendLine("# 2theta_deg intensity esd");
            for (int i = 0; i < pat.Count; i++) sb.Append(pat.X[i].ToString("0.####", inv)).Append(' ').Append(pat.Intensity[i].ToString("0", inv)).Append(' ').Append(pat.Esd[i].ToString("0.###", inv)).Append('\n');
            Core.AtomicFile.WriteAllText(p.GetValue(output)!, sb.ToString());
            Console.Error.WriteLine($"wrote {p.GetValue(output)} ({pat.Count} points)");
            return 0;
        });
        return cmd;
    }
}
