using System.CommandLine;
using System.Globalization;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Migration;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`bvse neb`: NEB start images along a BVSE minimax path (hop listing, resampling, supercell, VASP folders).</summary>
public static class BvseNebCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("structure") { Description = "Ordered structure file (CIF, POSCAR/CONTCAR, pymatgen JSON) or a prototype name such as Li2S. Partially occupied structures are refused: order them first ('nitrolyte order')." };
        var pathNo = new Option<int>("--path") { Description = "Number of the hop to set up, as listed by --list-paths (hops of the 1D, 2D, 3D minimax paths in that order, equivalent hops listed once).", DefaultValueFactory = _ => 1 };
        var hops = new Option<int>("--hops") { Description = "Span this many consecutive hops of the same minimax path, starting at --path (e.g. 2 for site-intermediate-site in one NEB).", DefaultValueFactory = _ => 1 };
        var reverse = new Option<bool>("--reverse") { Description = "Walk the hop backwards: start at its listed end site (e.g. from an occupied Li site to an empty one)." };
        var images = new Option<int>("--images") { Description = $"Intermediate NEB images (VASP IMAGES), 1..{NebPathBuilder.MaxImages}; folders 00..N+1 are written.", DefaultValueFactory = _ => 7 };
        var minDist = new Option<double>("--min-image-distance") { Description = $"Smallest distance (Å, 0..40) between periodic images of the moving ion: sets the supercell (diagonal, at most {NebImageBuilder.MaxRepeat} repeats per axis and {NebImageBuilder.MaxAtoms} atoms).", DefaultValueFactory = _ => 8.0 };
        var outDir = new Option<string?>("--out") { Description = "Folder for 00..N+1/POSCAR, images.extxyz, profile.csv, profile_fine.csv, profile.html and neb.json (created if needed). Required unless --list-paths." };
        var list = new Option<bool>("--list-paths") { Description = "Only list the numbered hops (endpoints, saddle, barriers, lengths) and exit." };
        var ion = new Option<string>("--ion") { Description = "Mobile ion (element). Only Li has tabulated softBV pairs.", DefaultValueFactory = _ => "Li" };
        var grid = new Option<double>("--grid") { Description = "Largest BVSE grid spacing along each lattice vector, Å (0.01-2). The images lie on the grid path, so this is also their position resolution.", DefaultValueFactory = _ => 0.1 };
        var half = new Option<bool>("--morse-half") { Description = "Put ½ on the Morse sum (the default; as 'bvse').", DefaultValueFactory = _ => true };
        var screening = new Option<double>("--screening") { Description = "Screening factor f of the Coulomb repulsion to immobile cations (as 'bvse').", DefaultValueFactory = _ => 0.74 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("neb",
            "NEB start-up from a BVSE path: start and end structures and images at equal arc length along the minimax (steepest-descent) path of one hop, " +
            "in VASP's 00..N+1 folders and as extended XYZ, in a supercell with periodic images of the moving ion at least --min-image-distance apart; " +
            "the BVSE energy profile (CSV, JSON, HTML plot with the saddle). Guide: docs/bvse.md.")
        {
            file, pathNo, hops, reverse, images, minDist, outDir, list, ion, grid, half, screening, json,
        };
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            double spacing = p.GetValue(grid);
            if (!(spacing >= 0.01 && spacing <= 2)) throw new UsageException($"--grid {spacing}: the spacing must be between 0.01 and 2 Å");
            double f = p.GetValue(screening);
            if (!(f > 0 && f <= 10)) throw new UsageException($"--screening {f}: must be in (0, 10]");
            int nImages = p.GetValue(images);
            if (nImages < 1 || nImages > NebPathBuilder.MaxImages) throw new UsageException($"--images {nImages}: must be 1..{NebPathBuilder.MaxImages}");
            double d = p.GetValue(minDist);
            if (!(d >= 0 && d <= 40)) throw new UsageException($"--min-image-distance {d}: must be 0..40 Å");
            int nHops = p.GetValue(hops);
            if (nHops < 1) throw new UsageException($"--hops {nHops}: must be at least 1");
            bool listOnly = p.GetValue(list);
            var dir = p.GetValue(outDir);
            if (!listOnly && string.IsNullOrWhiteSpace(dir)) throw new UsageException("--out <folder> is required (or give --list-paths)");
            var structure = StructureSource.Load(path);
            if (!listOnly) NebImageBuilder.RequireOrdered(structure, path);
            var options = new BvseOptions { MobileIon = p.GetValue(ion)!, GridSpacingA = spacing, MorseHalf = p.GetValue(half), ScreeningFactor = f };
            var (na, nb, nc) = BvseLandscape.GridShape(structure.Lattice, spacing);
            if ((long)na * nb * nc > 30_000_000) throw new UsageException($"--grid {spacing} gives {na}x{nb}x{nc} points for this cell: more than 30 million; use a coarser grid");
            var r = BvseAnalysis.Run(structure, options);
            var all = BvseHops.List(r);
            if (all.Count == 0) throw new Core.NitrolyteInputException($"{path}: no minimax path below {options.CeilingEV} eV, so no hop to set up");
            if (listOnly)
            {
                if (p.GetValue(json)) { CommandRunner.PrintJson(new System.Text.Json.Nodes.JsonObject { ["file"] = path, ["grid_a"] = spacing, ["paths"] = NebJson.Hops(all, r) }); return 0; }
                PrintHops(all, r, path);
                return 0;
            }
            int no = p.GetValue(pathNo);
            if (no < 1 || no > all.Count) throw new UsageException($"--path {no}: the structure has {all.Count} hop(s) (see --list-paths)");
            var chosen = all[no - 1];
            int onPath = r.ReportedPathSites(r.Pathways.Paths[chosen.PathIndex]).Count - 1;
            if (chosen.FromIndex + nHops > onPath)
                throw new UsageException($"--hops {nHops}: hop {no} is hop {chosen.FromIndex + 1} of the {chosen.Dimension}D path, which has {onPath} hops; at most {onPath - chosen.FromIndex} from there");
            var hop = nHops == 1 ? chosen : BvseHops.Span(r, chosen.PathIndex, chosen.FromIndex, nHops, chosen.Number);
            var neb = NebPathBuilder.Build(r, hop, nImages, p.GetValue(reverse));
            var set = NebImageBuilder.Build(structure, options.MobileIon, neb, d, r.Grid);
            var written = NebWriter.Write(dir!, set).ToList();
            var j = NebJson.ToJson(set, r);
            j["file"] = path;
            j["grid_a"] = spacing;
            j["grid_points"] = new System.Text.Json.Nodes.JsonArray(r.Grid.Na, r.Grid.Nb, r.Grid.Nc);
            j["conventions"] = BvseJson.Conventions(options);
            var html = Path.Combine(dir!, "profile.html");
            var report = new Report { Material = structure.Title ?? path };
            var section = new ReportSection { Key = "neb", Title = $"NEB start-up: hop {hop.Number} of {path}" };
            section.Paragraphs.Add($"{set.Path.Images.Count - 2} images at equal arc length along the BVSE grid path, {set.Supercell[0]}x{set.Supercell[1]}x{set.Supercell[2]} supercell ({set.Structures[0].Sites.Count} atoms, periodic images of the moving ion {set.ImageDistanceA:0.00} Å apart). {char.ToUpperInvariant(set.Mechanism[0]) + set.Mechanism[1..]}.");
            section.Warnings.AddRange(set.Notes);
            section.Figures.Add(NebPlot.Profile(neb, options.MobileIon));
            report.Sections.Add(section);
            HtmlReportWriter.Write(report, html, out _);
            written.Add(html);
            j["files"] = new System.Text.Json.Nodes.JsonArray(written.Select(w => (System.Text.Json.Nodes.JsonNode)Path.GetRelativePath(dir!, w).Replace('\\', '/')).ToArray());
            Core.AtomicFile.WriteAllText(Path.Combine(dir!, "neb.json"), Json.Serialize(j));
            if (p.GetValue(json)) { CommandRunner.PrintJson(j); return 0; }
            PrintNeb(set, r, path, dir!);
            return 0;
        });
        return cmd;
    }

    private static string E(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
    private static string Fr(PathSite s) => string.Create(CultureInfo.InvariantCulture, $"({s.FracA:0.000}, {s.FracB:0.000}, {s.FracC:0.000})");

    private static void PrintHops(IReadOnlyList<BvseHop> hops, BvseResult r, string path)
    {
        AnsiConsole.WriteLine($"hops of the BVSE minimax paths of {path} (grid {r.Grid.Na}x{r.Grid.Nb}x{r.Grid.Nc}; energies in eV, above the global minimum unless 'barrier')");
        foreach (var h in hops)
        {
            AnsiConsole.WriteLine($"path {h.Number} (in the {string.Join(", ", h.Dimensions.Select(x => x + "D"))} path): site {h.From.SiteId} {Fr(h.From)} -> site {h.To.SiteId} {Fr(h.To)}");
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    E {E(h.From.EnergyEV - r.MinimumEV)} -> {E(h.To.EnergyEV - r.MinimumEV)} eV, saddle {E(h.SaddleEV - r.MinimumEV)} eV; barrier {E(h.BarrierEV)} eV (reverse {E(h.ReverseBarrierEV)}); {h.StraightLengthA:0.00} Å straight, {h.PathLengthA:0.00} Å along the path"));
        }
    }

    private static void PrintNeb(NebImages n, BvseResult r, string path, string dir)
    {
        var p = n.Path;
        var h = p.Hop;
        var t = new Table().AddColumn("quantity").AddColumn("value");
        t.AddEscapedRow("structure", $"{path} ({r.Model.Structure.Title})");
        t.AddEscapedRow("hop", $"path {h.Number}{(h.HopCount > 1 ? $" (+{h.HopCount - 1} following hops)" : "")}{(h.Reversed ? " reversed" : "")}: site {h.From.SiteId} {Fr(h.From)} → site {h.To.SiteId} {Fr(h.To)}, {h.Dimension}D minimax path");
        t.AddEscapedRow("barrier", $"{E(p.BarrierEV)} eV forward, {E(h.ReverseBarrierEV)} eV reverse (saddle {E(h.SaddleEV - r.MinimumEV)} eV above the global minimum)");
        t.AddEscapedRow("path length", string.Create(CultureInfo.InvariantCulture, $"{p.LengthA:0.000} Å along the grid path ({h.StraightLengthA:0.000} Å straight)"));
        t.AddEscapedRow("supercell", $"{n.Supercell[0]}x{n.Supercell[1]}x{n.Supercell[2]}, {n.Structures[0].Sites.Count} atoms, periodic images {n.ImageDistanceA:0.00} Å apart");
        t.AddEscapedRow("mechanism", n.Mechanism);
        t.AddEscapedRow("written", $"{dir}: 00..{n.Structures.Count - 1:00}/POSCAR (IMAGES = {n.Structures.Count - 2}), {NebWriter.Trajectory}, {NebWriter.ProfileCsv}, {NebWriter.FineCsv}, profile.html, neb.json");
        AnsiConsole.Write(t);
        var it = new Table().AddColumn("image").AddColumn("distance (Å)").AddColumn("E − E(start) (eV)").AddColumn("closest atom (Å)");
        for (int k = 0; k < p.Images.Count; k++)
            it.AddEscapedRow(k.ToString("00", CultureInfo.InvariantCulture), p.Images[k].DistanceA.ToString("0.000", CultureInfo.InvariantCulture),
                E(p.Images[k].EnergyEV - h.From.EnergyEV), n.ClosestApproachA[k].ToString("0.00", CultureInfo.InvariantCulture));
        AnsiConsole.Write(it);
        foreach (var note in n.Notes) AnsiConsole.WriteLine("note: " + note);
        foreach (var note in r.Model.Notes) AnsiConsole.WriteLine("note: " + note);
    }
}
