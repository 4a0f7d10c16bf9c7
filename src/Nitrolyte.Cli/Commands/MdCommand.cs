using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte md ...`: molecular-dynamics trajectory analysis (MSD, diffusivity, conductivity, Arrhenius, van Hove, density).</summary>
public static partial class MdCommand
{
    public static Command Create()
    {
        var md = new Command("md", "Molecular-dynamics trajectories (XDATCAR, extended XYZ, LAMMPS dump, pymatgen DiffusionAnalyzer JSON): MSD, diffusivity with honest errors, Nernst–Einstein conductivity, Haven ratio, Arrhenius, van Hove, probability density.");
        md.Add(CreateMsd());
        md.Add(CreateArrhenius());
        md.Add(CreateVanHove());
        md.Add(CreateDensity());
        md.Add(CreateSimulate());
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
                var sm = mode.ToLowerInvariant() switch
                {
                    "max" => PymatgenSmoothing.Max, "constant" => PymatgenSmoothing.Constant, "none" or "false" => PymatgenSmoothing.None,
                    _ => throw new UsageException($"--pymatgen: unknown mode '{mode}' (max, constant, none)"),
                };
                if (t is null) throw new UsageException("--pymatgen needs --temperature-k");
                var q = PymatgenCompatibleDiffusion.Compute(set, set.IonsOf(o.Species), ts, stride, t.Value, r.Charge, sm, p.GetValue(minObs), p.GetValue(avgN), p.GetValue(pmgW));
                pm = DynamicsJson.PymatgenCompatible(q, mode, p.GetValue(pmgW));
            }
            if (p.GetValue(csv) is { } csvPath)
            {
                var sb = new System.Text.StringBuilder("t_ps,msd_a2,msd_x_a2,msd_y_a2,msd_z_a2,mscd_a2\n");
                for (int l = 0; l < r.FrameCount; l++)
                    sb.Append(string.Create(CultureInfo.InvariantCulture, $"{r.Msd.TimePs(l):G9},{r.Msd.Total[l]:G9},{r.Msd.Directional[0][l]:G9},{r.Msd.Directional[1][l]:G9},{r.Msd.Directional[2][l]:G9},{r.Msd.Collective[l]:G9}\n"));
                AtomicFile.WriteAllText(csvPath, sb.ToString());
            }
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

    private static Command CreateArrhenius()
    {
        var c = new Common();
        var files = new Argument<string[]>("trajectories") { Description = "One trajectory per temperature.", Arity = ArgumentArity.OneOrMore };
        var temps = new Option<string>("--temperatures-k") { Description = "Temperature of each trajectory (K), comma-separated, in the same order.", Required = true };
        var charge = new Option<double?>("--charge") { Description = "Carrier charge in e." };
        var fs = new Option<double?>("--fit-start-ps") { Description = "Start of the MSD fit window, ps (default 10 % of each trajectory)." };
        var fe = new Option<double?>("--fit-end-ps") { Description = "End of the MSD fit window, ps (default 50 %)." };
        var json = CommandRunner.JsonOption();
        var jobs = JobsOption.Create("the trajectories (one each; memory grows with the trajectories read at once)");
        var figures = new FigureOutput();
        var cmd = new Command("arrhenius", "D at several temperatures → Ea ± SE (D = D0 exp(−Ea/kBT)) and σ(300 K) by Nernst–Einstein with a 95 % confidence interval (a simulated extrapolation).\n" +
            "Example:\n  nitrolyte md arrhenius XDATCAR_600K XDATCAR_800K XDATCAR_1000K --temperatures-k 600,800,1000 --species Li --timestep-fs 2 --stride 50")
        { files };
        c.AddTo(cmd); // the options every md command shares first: --species, --timestep-fs, --stride, ...
        foreach (Option o in new Option[] { temps, charge, fs, fe, json, jobs }) cmd.Add(o);
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var paths = p.GetValue(files)!;
            figures.Validate(p, paths);
            var ts = CommandRunner.ParseDoubles(p.GetValue(temps), "--temperatures-k");
            if (ts.Length != paths.Length) throw new UsageException($"--temperatures-k lists {ts.Length} temperatures for {paths.Length} trajectories");
            // the trajectories are independent: read and analysed on --jobs cores, results in the order given
            var runs = Jobs.Map(paths, (path, i) =>
            {
                using var src = c.Open(p, paths[i]);
                var (step, stride) = c.Timing(p, src);
                var o = new MdOptions
                {
                    Species = p.GetValue(c.Species)!, TimestepFs = step, Stride = stride, TemperatureK = ts[i], Drift = c.DriftMode(p),
                    SkipFrames = p.GetValue(c.Skip), Charge = p.GetValue(charge), FitStartPs = p.GetValue(fs), FitEndPs = p.GetValue(fe),
                };
                var set = c.Collect(p, src, [o.Species]);
                var r = InFile(src.Path, () => MdAnalysis.Run(set, o, [src.Path], src.Format));
                return (r.Charge, Point: MdArrhenius.Point(r, Path.GetFileName(paths[i])));
            }, JobsOption.Get(p, jobs));
            var points = runs.Select(x => x.Point).ToList();
            double charge0 = runs.Length > 0 ? runs[^1].Charge : 1;
            var (summary, fit) = MdArrhenius.Fit(points, charge0);
            if (figures.Wanted(p)) figures.Write(p, [MdPlots.Arrhenius(points, fit)]);
            if (p.GetValue(json)) { CommandRunner.PrintJson(DynamicsJson.Arrhenius(summary)); return 0; }
            MdPrinter.Arrhenius(points, summary, fit);
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
            AnsiConsole.WriteLine($"van Hove of {vh.Ions} {sp} (reference {rs}): {vh.TimePs.Length} lags 0–{vh.TimePs[^1]:0.###} ps, {vh.RA.Length} radii 0–{vh.RA[^1]:0.##} Å, {vh.Origins} origins.");
            var tb = new Table().AddColumn("t (ps)").AddColumn("G_s peak r (Å)").AddColumn("G_d(r→0)").AddColumn("G_d peak r ≥ 1 Å (Å)");
            for (int k = 0; k < vh.TimePs.Length; k += Math.Max(1, vh.TimePs.Length / 10))
            {
                int gsPeak = Enumerable.Range(0, vh.RA.Length).MaxBy(j => vh.SelfPart[k, j]);
                int gdPeak = Enumerable.Range(0, vh.RA.Length).Where(j => vh.RA[j] >= 1.0).MaxBy(j => vh.DistinctPart[k, j]);
                tb.AddEscapedRow($"{vh.TimePs[k]:0.###}", $"{vh.RA[gsPeak]:0.00}", $"{vh.DistinctPart[k, 0]:0.000}", $"{vh.RA[gdPeak]:0.00}");
            }
            AnsiConsole.Write(tb);
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
            AnsiConsole.WriteLine($"{sp} probability density on {pd.NA}×{pd.NB}×{pd.NC} points ({pd.SpacingA} Å): max {pd.Max:0.0000e+0} Å⁻³ ({pd.Max * pd.Lattice.VolumeA3:0.0}× the uniform value), Σ P dV = {pd.Integral:0.000000}" + (cubePath is null ? "" : $"; wrote {cubePath}"));
            return 0;
        });
        return cmd;
    }

    private static Command CreateSimulate()
    {
        var output = new Option<string>("--out") { Description = "XDATCAR to write (.gz to compress).", Required = true };
        var temp = new Option<double>("--temperature-k") { Description = "Temperature (K).", Required = true };
        var ea = new Option<double>("--ea-ev") { Description = "Hop barrier Ea (eV).", DefaultValueFactory = _ => 0.28 };
        var nu = new Option<double>("--attempt-hz") { Description = "Attempt frequency ν (Hz); hop probability per frame p = ν Δt exp(−Ea/kBT).", DefaultValueFactory = _ => 1e13 };
        var a = new Option<double>("--lattice-a") { Description = "Antifluorite lattice parameter (Å).", DefaultValueFactory = _ => 5.458 };
        var sc = new Option<int>("--supercell") { Description = "n×n×n supercell (at most 20).", DefaultValueFactory = _ => 2 };
        var frames = new Option<int>("--frames") { Description = "Frames (at most 1,000,000, and frames × 12n³ atoms at most 20 million).", DefaultValueFactory = _ => 1000 };
        var dt = new Option<double>("--frame-interval-fs") { Description = "Time between frames (fs).", DefaultValueFactory = _ => 100 };
        var vib = new Option<double>("--vibration-a") { Description = "Gaussian vibration amplitude (Å).", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("simulate", "Write a synthetic XDATCAR: Li random walk on the 8c sublattice of an antifluorite Li2S-type cell with a known D (labelled synthetic; for examples and tests).")
        { output, temp, ea, nu, a, sc, frames, dt, vib, seed };
        cmd.SetHandler(p =>
        {
            double pHop = LatticeWalkOptions.ArrheniusHopProbability(p.GetValue(nu), p.GetValue(ea), p.GetValue(temp), p.GetValue(dt));
            var o = new LatticeWalkOptions
            {
                LatticeA = p.GetValue(a), Supercell = p.GetValue(sc), Frames = p.GetValue(frames), FrameIntervalFs = p.GetValue(dt),
                HopProbability = pHop, VibrationA = p.GetValue(vib), Seed = p.GetValue(seed),
            };
            var traj = LatticeWalkGenerator.Generate(o);
            var title = string.Create(CultureInfo.InvariantCulture, $"SYNTHETIC lattice random walk T={p.GetValue(temp)}K Ea={p.GetValue(ea)}eV nu={p.GetValue(nu):G3}Hz p={pHop:G4} D={o.TrueDCm2PerS:G4}cm2/s seed={o.Seed}");
            XdatcarWriter.Write(p.GetValue(output)!, traj, title, 5);
            Console.Error.WriteLine($"wrote {o.Frames} frames to {p.GetValue(output)} (true D = {o.TrueDCm2PerS:G4} cm²/s, hop probability {pHop:G4} per frame)");
            return 0;
        });
        return cmd;
    }
}
