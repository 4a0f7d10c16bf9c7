using System.CommandLine;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Reports;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>md arrhenius</c>: one trajectory per temperature → Ea ± SE and the simulated σ(300 K).</summary>
public static class MdArrheniusCommand
{
    public static Command Create()
    {
        var c = new MdCommand.Common();
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
                var r = MdCommand.InFile(src.Path, () => MdAnalysis.Run(set, o, [src.Path], src.Format));
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
}
