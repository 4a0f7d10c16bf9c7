using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Formats.Volumetric;
using Nitrolyte.Migration;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class BvseCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("structure") { Description = "Structure file: CIF, POSCAR/CONTCAR or pymatgen JSON (partial occupancies and mixed sites are used as given), or a prototype name such as Li2S (see 'structure prototypes')." };
        var ion = new Option<string>("--ion") { Description = "Mobile ion (element). Only Li has tabulated softBV pairs.", DefaultValueFactory = _ => "Li" };
        var grid = new Option<double>("--grid") { Description = "Largest grid spacing along each lattice vector, Å (0.01-2). Finer is slower; barriers move by ≤ 0.01 eV from 0.1 to 0.05.", DefaultValueFactory = _ => 0.1 };
        var half = new Option<bool>("--morse-half") { Description = "Put ½ on the Morse sum (E = ½ Σ Morse + Σ Coulomb, the default). Give '--morse-half false' for the full Morse sum (doubles pure-Morse barriers).", DefaultValueFactory = _ => true };
        var screening = new Option<double>("--screening") { Description = "Screening factor f of the Coulomb repulsion to immobile cations, erfc(R / (f (rA + rB))). Only matters when the structure has non-Li cations (P, Si, Ge, Al, B).", DefaultValueFactory = _ => 0.74 };
        var ceiling = new Option<double>("--ceiling") { Description = "Percolation search ceiling above the global minimum, eV: a dimension that does not percolate below it gets a null barrier.", DefaultValueFactory = _ => 5.0 };
        var jobs = JobsOption.Create("the grid evaluation and the pathway search");
        var cube = new Option<string?>("--cube") { Description = "Write the landscape (eV above the global minimum) as a Gaussian cube file." };
        var grd = new Option<string?>("--grd") { Description = "Write the landscape (eV above the global minimum) as a VESTA .grd file." };
        var json = CommandRunner.JsonOption();
        var figures = new FigureOutput();
        var cmd = new Command("bvse", "Bond-valence site energy landscape of a mobile ion: percolation barriers in 1D/2D/3D, sites, saddles and minimax paths; optional .cube/.grd. 'bvse neb' writes NEB start images along a path.")
        {
            file, ion, grid, half, screening, ceiling, cube, grd, json, jobs,
        };
        cmd.Subcommands.Add(BvseNebCommand.Create());
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            double spacing = p.GetValue(grid);
            if (!(spacing >= 0.01 && spacing <= 2)) throw new UsageException($"--grid {spacing}: the spacing must be between 0.01 and 2 Å");
            double f = p.GetValue(screening);
            if (!(f > 0 && f <= 10)) throw new UsageException($"--screening {f}: must be in (0, 10]");
            double top = p.GetValue(ceiling);
            if (!(top > 0 && top <= 100)) throw new UsageException($"--ceiling {top}: must be in (0, 100] eV");
            if (p.GetValue(cube) is string cubeOut) Core.OutputGuard.EnsureNotInput(cubeOut, "--cube", path);
            if (p.GetValue(grd) is string grdOut) Core.OutputGuard.EnsureNotInput(grdOut, "--grd", path);
            var structure = StructureSource.Load(path);
            var options = new BvseOptions { MobileIon = p.GetValue(ion)!, GridSpacingA = spacing, MorseHalf = p.GetValue(half), ScreeningFactor = f, CeilingEV = top, MaxThreads = JobsOption.Get(p, jobs) };
            var (na, nb, nc) = BvseLandscape.GridShape(structure.Lattice, spacing);
            if ((long)na * nb * nc > 30_000_000) throw new UsageException($"--grid {spacing} gives {na}x{nb}x{nc} points for this cell: more than 30 million (about 2 GB of memory); use a coarser grid");
            if ((long)na * nb * nc > 5_000_000) Console.Error.WriteLine($"computing a {na}x{nb}x{nc} grid ...");
            var r = BvseAnalysis.Run(structure, options);
            if (p.GetValue(cube) is string cubePath)
            {
                CubeWriter.Write(cubePath, r.Grid.AsScalarGrid(), structure, $"BVSE {options.MobileIon}+ energy in eV above the global minimum ({r.MinimumEV:0.0000} eV); {BvseJson.Conventions(options)}", -r.MinimumEV);
                Console.Error.WriteLine($"wrote {cubePath}");
            }
            if (p.GetValue(grd) is string grdPath)
            {
                GrdWriter.Write(grdPath, r.Grid.AsScalarGrid(), $"BVSE {options.MobileIon}+ energy (eV above the global minimum) of {structure.Title}", -r.MinimumEV);
                Console.Error.WriteLine($"wrote {grdPath}");
            }
            if (figures.Wanted(p)) figures.Write(p, Reports.BvsePlots.MinimaxProfile(r, options.MobileIon) is { } profile ? [profile] : []);
            if (p.GetValue(json)) { CommandRunner.PrintJson(BvseJson.ToJson(r, spacing, path)); return 0; }
            PrintHuman(r, path);
            return 0;
        });
        return cmd;
    }

    private static void PrintHuman(BvseResult r, string path)
    {
        var o = r.Model.Options;
        string F(double? v) => v is double d ? $"{d:0.000} eV" : $"none below {o.CeilingEV} eV";
        var t = new Table().AddColumn("quantity").AddColumn("value");
        t.AddEscapedRow("structure", $"{path} ({r.Model.Structure.Title}, {r.Model.Structure.Sites.Count} sites)");
        t.AddEscapedRow("model", BvseJson.Conventions(o));
        t.AddEscapedRow("grid", $"{r.Grid.Na} x {r.Grid.Nb} x {r.Grid.Nc} (spacing {r.GridSpacingA.A:0.000}, {r.GridSpacingA.B:0.000}, {r.GridSpacingA.C:0.000} Å)");
        t.AddEscapedRow("global minimum", $"{r.MinimumEV:0.0000} eV");
        t.AddEscapedRow("1D barrier", F(r.Barrier1DEV));
        t.AddEscapedRow("2D barrier", F(r.Barrier2DEV));
        t.AddEscapedRow("3D barrier", F(r.Barrier3DEV));
        var ax = r.Percolation.AxisBarriersEV;
        t.AddEscapedRow("along a / b / c", $"{F(ax[0])} / {F(ax[1])} / {F(ax[2])}");
        t.AddEscapedRow("sites (local minima)", $"{r.ReportedSites.Count}");
        foreach (var pa in r.Pathways.Paths)
            t.AddEscapedRow($"{pa.Dimension}D path", $"{r.ReportedPathSites(pa).Count - 1} hops, winding [{string.Join(",", pa.Winding)}], barrier {pa.BarrierEV:0.000} eV");
        t.AddEscapedRow("hops (NEB set-up)", $"{BvseHops.List(r).Count}: list them with 'bvse neb {path} --list-paths', write images with 'bvse neb {path} --path N --out dir'");
        t.AddEscapedRow("time", $"landscape {r.LandscapeTime.TotalSeconds:0.000} s, pathways {r.PathwayTime.TotalSeconds:0.000} s, percolation {r.PercolationTime.TotalSeconds:0.000} s");
        AnsiConsole.Write(t);
        foreach (var n in r.Model.Notes) AnsiConsole.WriteLine("note: " + n);
    }
}
