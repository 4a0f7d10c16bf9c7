using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Reports;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte md ...`: molecular-dynamics trajectory analysis (MSD, diffusivity, conductivity, Arrhenius, van Hove, density).</summary>
public static partial class MdCommand
{
    public static Command Create()
    {
        var md = new Command("md", "Molecular-dynamics trajectories (XDATCAR, extended XYZ, LAMMPS dump, pymatgen DiffusionAnalyzer JSON): MSD, diffusivity with honest errors, Nernst–Einstein conductivity, Haven ratio, Arrhenius, van Hove, probability density.");
        md.Add(CreateMsd());
        md.Add(MdArrheniusCommand.Create());
        md.Add(CreateVanHove());
        md.Add(CreateDensity());
        md.Add(MdSimulateCommand.Create());
        return md;
    }

    private static Command CreateMsd()
    {
        var c = new Common();
        var file = new Argument<string>("trajectory") { Description = "Trajectory file." };
        var temp = new Option<double?>("--temperature-k") { Description = "Simulation temperature (K) for the Nernst–Einstein conductivity (default: the file's, if recorded)." };
        var fs = new Option<double?>("--fit-start-ps") { Description = $"Start of the fit window, ps (default {DiffusivityFitter.DefaultStartFraction:P0} of the trajectory: skips the ballistic start)." };
        var fe = new Option<double?>("--fit-end-ps") { Description = $"End of the fit window, ps (default {DiffusivityFitter.DefaultEndFraction:P0} of the trajectory: avoids the noisy end)." };
        var charge = new Option<double?>("--charge") { Description = "Carrier charge in e (default: the element's common oxidation state)." };
        var pmg = new Option<string?>("--pymatgen") { Description = "Also compute pymatgen DiffusionAnalyzer numbers: max, constant or none (its smoothing modes; uses its own window and error formula)." };
        var minObs = new Option<int>("--min-obs") { Description = "pymatgen 'max' mode: minimum observations.", DefaultValueFactory = _ => 30 };
        var avgN = new Option<int>("--avg-nsteps") { Description = "pymatgen 'constant' mode: number of time origins.", DefaultValueFactory = _ => 1000 };
        var pmgW = new Option<bool>("--pymatgen-weighted") { Description = "pymatgen 'max' mode: weight the fit by 1/t (newer pymatgen versions)." };
        var csv = new Option<string?>("--csv") { Description = "Write the full MSD curve (t, MSD, x, y, z, MSCD) to this CSV." };
        var json = CommandRunner.JsonOption();
        var figures = new FigureOutput();
        var cmd = new Command("msd", "Tracer and collective MSD (FFT, all time origins, per direction), D ± standard error (GLS with the covariance of overlapping windows), σ by Nernst–Einstein, Haven ratio.\n" +
            "Example (VASP, POTIM = 2 fs, NBLOCK = 50, 600 K):\n  nitrolyte md msd XDATCAR --species Li --timestep-fs 2 --stride 50 --temperature-k 600\n" +
            "Guide: docs/md.md")
        { file };
        c.AddTo(cmd); // the options every md command shares first: --species, --timestep-fs, --stride, ...
        foreach (Option o in new Option[] { temp, fs, fe, charge, pmg, minObs, avgN, pmgW, csv, json }) cmd.Add(o);
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            figures.Validate(p, p.GetValue(file)!);
            if (p.GetValue(csv) is { } csvOut) OutputGuard.EnsureNotInput(csvOut, "--csv", p.GetValue(file));
            using var src = c.Open(p, p.GetValue(file)!);
            var (ts, stride) = c.Timing(p, src);
            double? t = p.GetValue(temp) ?? (src as PymatgenDiffusionJsonReader)?.TemperatureK;
            var o = new MdOptions
            {
                Species = p.GetValue(c.Species)!, TimestepFs = ts, Stride = stride, TemperatureK = t,
                FitStartPs = p.GetValue(fs), FitEndPs = p.GetValue(fe), Drift = c.DriftMode(p), SkipFrames = p.GetValue(c.Skip), Charge = p.GetValue(charge),
            };
            o.Validate();
            var set = c.Collect(p, src, [o.Species]);
            var r = InFile(src.Path, () => MdAnalysis.Run(set, o, [src.Path], src.Format));
            JsonObject? pm = null;
            if (p.GetValue(pmg) is { } mode)
            {
                var sm = PymatgenMode(mode);
                if (t is null) throw new UsageException("--pymatgen needs --temperature-k");
                var q = PymatgenCompatibleDiffusion.Compute(set, set.IonsOf(o.Species), ts, stride, t.Value, r.Charge, sm, p.GetValue(minObs), p.GetValue(avgN), p.GetValue(pmgW));
                pm = DynamicsJson.PymatgenCompatible(q, mode, p.GetValue(pmgW));
            }
            if (p.GetValue(csv) is { } csvPath) AtomicFile.WriteAllText(csvPath, MdExport.MsdCsv(r));
            foreach (var w in r.Warnings) Console.Error.WriteLine($"warning: {w}");
            if (figures.Wanted(p)) figures.Write(p, [MdPlots.Msd([(src.Path, r)], o.Species), MdPlots.Directions(r, src.Path)]);
            if (p.GetValue(json))
            {
                var o2 = DynamicsJson.MsdAnalysis(r);
                if (pm is not null) o2["pymatgen"] = pm;
                CommandRunner.PrintJson(o2);
                return 0;
            }
            MdPrinter.Msd(r, src, t, pm);
            return 0;
        });
        return cmd;
    }

    private static Command CreateVanHove()
    {
        var c = new Common();
        var file = new Argument<string>("trajectory") { Description = "Trajectory file." };
        var refSp = new Option<string?>("--reference-species") { Description = "Reference species of the distinct part (default: the mobile species)." };
        var origins = new Option<int>("--origins") { Description = "Time origins averaged (the first N frames).", DefaultValueFactory = _ => 50 };
        var lagStep = new Option<int>("--lag-step") { Description = "Frames between output time lags.", DefaultValueFactory = _ => 50 };
        var ngrid = new Option<int>("--ngrid") { Description = "Radial grid points from 0 to --rmax-a.", DefaultValueFactory = _ => 101 };
        var rmax = new Option<double>("--rmax-a") { Description = "Largest r, Å.", DefaultValueFactory = _ => 10 };
        var sigma = new Option<double>("--sigma-a") { Description = "Gaussian smearing of the distances, Å.", DefaultValueFactory = _ => 0.1 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("vanhove", "Self G_s(r,t) and distinct G_d(r,t) parts of the van Hove correlation function (averaged over the first --origins frames, lags every --lag-step frames).\n" +
            "Example:\n  nitrolyte md vanhove XDATCAR --species Li --timestep-fs 2 --stride 50 --origins 20 --lag-step 10 --json > vanhove.json") { file };
        c.AddTo(cmd); // the options every md command shares first: --species, --timestep-fs, --stride, ...
        foreach (Option o in new Option[] { refSp, origins, lagStep, ngrid, rmax, sigma, json }) cmd.Add(o);
        cmd.SetHandler(p =>
        {
            using var src = c.Open(p, p.GetValue(file)!);
            var (ts, stride) = c.Timing(p, src);
            var sp = p.GetValue(c.Species)!;
            var rs = p.GetValue(refSp) ?? sp;
            var set = c.Collect(p, src, sp == rs ? [sp] : [sp, rs], sp == rs ? [sp] : [sp, rs]);
            var vh = InFile(src.Path, () => VanHoveAnalysis.Compute(set, set.IonsOf(sp), set.IonsOf(rs), ts * stride, new VanHoveOptions
            {
                Origins = p.GetValue(origins), LagStep = p.GetValue(lagStep), RadialPoints = p.GetValue(ngrid), RMaxA = p.GetValue(rmax), SigmaA = p.GetValue(sigma),
            }));
            var o = DynamicsJson.VanHove(vh, sp, rs);
            if (p.GetValue(json)) { CommandRunner.PrintJson(o); return 0; }
            MdPrinter.VanHove(vh, sp, rs);
            return 0;
        });
        return cmd;
    }

    private static Command CreateDensity()
    {
        var c = new Common();
        var file = new Argument<string>("trajectory") { Description = "Trajectory file." };
        var spacing = new Option<double>("--spacing-a") { Description = "Grid spacing, Å.", DefaultValueFactory = _ => 0.5 };
        var cube = new Option<string?>("--cube") { Description = "Write the density (Å⁻³) with the time-averaged structure as a Gaussian .cube file." };
        var pmgGrid = new Option<bool>("--pymatgen-grid") { Description = "Use pymatgen's grid (points k·spacing/L; not evenly spaced across the boundary, not for .cube)." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("density", "Time-averaged probability density of the mobile ions on a grid in the averaged cell (Σ P dV = 1), optionally as .cube (open it in VESTA or OVITO for isosurfaces). No time step needed.\n" +
            "Example:\n  nitrolyte md density XDATCAR --species Li --spacing-a 0.3 --cube Li_density.cube") { file };
        c.AddTo(cmd); // the options every md command shares first: --species, --timestep-fs, --stride, ...
        foreach (Option o in new Option[] { spacing, cube, pmgGrid, json }) cmd.Add(o);
        cmd.SetHandler(p =>
        {
            if (p.GetValue(cube) is { } cubeOut) OutputGuard.EnsureNotInput(cubeOut, "--cube", p.GetValue(file));
            using var src = c.Open(p, p.GetValue(file)!);
            var sp = p.GetValue(c.Species)!;
            if (p.GetValue(pmgGrid) && p.GetValue(cube) is not null) throw new UsageException("--pymatgen-grid is not evenly spaced and cannot be written as .cube");
            var set = c.Collect(p, src, [sp]);
            var pd = ProbabilityDensityAnalysis.Compute(set, set.IonsOf(sp), p.GetValue(spacing), p.GetValue(pmgGrid));
            string? cubePath = p.GetValue(cube);
            if (cubePath is not null) AtomicFile.WriteAllText(cubePath, CubeFile.FromDensity(pd, set, sp));
            var o = DynamicsJson.Density(pd, sp, cubePath);
            if (p.GetValue(json)) { CommandRunner.PrintJson(o); return 0; }
            MdPrinter.Density(pd, sp, cubePath);
            return 0;
        });
        return cmd;
    }
}
