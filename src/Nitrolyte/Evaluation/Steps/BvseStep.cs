using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Formats.Volumetric;
using Nitrolyte.Migration;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// A structure -> BVSE Li+ landscape, percolation barriers, minimax paths; a 3D view (structure + isosurface at the
/// 3D barrier) and the energy profile along the path. Options in the manifest entry: grid_a (default 0.1 Å; cells
/// whose 0.1 Å grid would exceed 1.5 million points are computed at the spacing that gives 1.5 million, so the
/// example run stays fast), morse_half, screening, ion. The 3D view uses a second, coarser grid (≤ 40 000 points)
/// so the report stays small; the full-resolution landscape is written beside the report as bvse-N.cube.
/// </summary>
public sealed class BvseStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["structure"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="BvseStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => BvseStepOptions.Keys;
    public string Name => "bvse";

    public const int MaxGridPoints = 1_500_000;
    public const int MaxViewPoints = 40_000;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        if (entry.Files.Count != 1) throw new Core.NitrolyteInputException($"{entry.DisplayName}: a structure entry needs exactly one file (got {entry.Files.Count})");
        var structure = StructureReader.Read(entry.Files[0]);
        var opt = BvseStepOptions.Parse(entry);
        double requested = opt.GridSpacingA;
        double spacing = requested;
        var lat = structure.Lattice;
        double points = lat.VolumeA3 / (spacing * spacing * spacing);
        string? coarsened = null;
        if (points > MaxGridPoints)
        {
            spacing = Math.Cbrt(lat.VolumeA3 / MaxGridPoints);
            coarsened = $"grid coarsened from {requested} to {spacing:0.###} Å to keep the evaluation fast (run `nitrolyte bvse` for the full grid)";
        }
        var options = new BvseOptions
        {
            GridSpacingA = spacing,
            MorseHalf = opt.MorseHalf,
            ScreeningFactor = opt.ScreeningFactor,
            MobileIon = opt.MobileIon,
        };
        context.Progress?.Report($"BVSE {structure.Title}: grid {spacing:0.###} Å");
        BvseResult r;
        try
        {
            r = BvseAnalysis.Run(structure, options);
        }
        catch (Core.NitrolyteInputException e)
        {
            // the structure is fine but the model has no parameters for it: say so, let the other structure analyses run
            var skipped = new ReportSection { Key = $"bvse-{entry.Index}", Title = $"Li-ion migration (BVSE): {entry.DisplayName}" };
            skipped.Warnings.Add($"BVSE not computed: {e.Message}");
            return new StepOutcome { Results = new JsonObject { ["file"] = Path.GetFileName(entry.Files[0]), ["error"] = e.Message }, Section = skipped };
        }
        var results = BvseJson.ToJson(r, spacing, Path.GetFileName(entry.Files[0]));
        if (coarsened is not null) results["grid_note"] = coarsened;

        var section = new ReportSection { Key = $"bvse-{entry.Index}", Title = $"Li-ion migration (BVSE): {entry.DisplayName}" };
        section.Paragraphs.Add($"Bond-valence site energy of a {options.MobileIon}+ ion in {structure.Title} on a {r.Grid.Na}×{r.Grid.Nb}×{r.Grid.Nc} grid: " +
                               BvseJson.Conventions(options) + ". Barriers are the lowest energies above the global minimum at which the accessible region percolates (exact union-find on the periodic grid).");
        if (coarsened is not null) section.Warnings.Add(coarsened);
        foreach (var n in r.Model.Notes) section.Warnings.Add(n);
        string F(double? v) => v is double d ? d.ToString("0.000", CultureInfo.InvariantCulture) + " eV" : $"none below {options.CeilingEV} eV";
        var ax = r.Percolation.AxisBarriersEV;
        section.Tables.Add(new ReportTable("Percolation barriers", ["quantity", "value"],
        [
            ["1D barrier", F(r.Barrier1DEV)], ["2D barrier", F(r.Barrier2DEV)], ["3D barrier", F(r.Barrier3DEV)],
            ["along a / b / c", $"{F(ax[0])} / {F(ax[1])} / {F(ax[2])}"],
            ["sites (local minima)", r.ReportedSites.Count.ToString(CultureInfo.InvariantCulture) + $" (minima closer than {options.MinSiteDepthEV} eV to their saddle grouped)"],
            ["global minimum", $"{r.MinimumEV:0.000} eV at ({string.Join(", ", FracOfMin(r))})"],
        ]));

        // 3D view: structure + isosurface of E − Emin at the highest barrier found, on a coarse grid
        double? iso = r.Barrier3DEV ?? r.Barrier2DEV ?? r.Barrier1DEV;
        double viewSpacing = Math.Max(spacing, Math.Cbrt(lat.VolumeA3 / MaxViewPoints));
        var viewGrid = BvseLandscape.Compute(r.Model, Math.Max(4, (int)Math.Ceiling(lat.A / viewSpacing)), Math.Max(4, (int)Math.Ceiling(lat.B / viewSpacing)), Math.Max(4, (int)Math.Ceiling(lat.C / viewSpacing)));
        var cubeText = CubeWriter.ToText(viewGrid.AsScalarGrid(), structure, $"BVSE {options.MobileIon}+ energy, eV above the global minimum", -r.MinimumEV);
        section.Views.Add(new StructureView
        {
            Title = $"{structure.Title}: {options.MobileIon}+ BVSE isosurface",
            ModelFormat = "cif", ModelText = CifWriter.ToText(ViewModel(structure, options.MobileIon)), CubeText = iso is null ? null : cubeText,
            IsoValue = iso is double v ? v + 0.005 : null, IsoColor = "#e8a200",
            Caption = iso is double b
                ? $"Region where the {options.MobileIon}+ site energy is within {b:0.000} eV (+5 meV) of the minimum: the connected network that first percolates in {(r.Barrier3DEV is not null ? 3 : r.Barrier2DEV is not null ? 2 : 1)}D (view grid {viewGrid.Na}×{viewGrid.Nb}×{viewGrid.Nc}). {options.MobileIon} sites less than half occupied are not drawn. {StructureStep.ColourKey(ViewModel(structure, options.MobileIon))}"
                : $"No percolation below {options.CeilingEV} eV: structure only.",
        });
        try
        {
            var cubePath = Path.Combine(context.OutputDirectory, $"bvse-{entry.Index}.cube");
            CubeWriter.Write(cubePath, r.Grid.AsScalarGrid(), structure, $"BVSE {options.MobileIon}+ energy, eV above the global minimum ({r.MinimumEV:0.0000} eV); {BvseJson.Conventions(options)}", -r.MinimumEV);
            results["cube_file"] = Path.GetFileName(cubePath);
            context.OutputFiles.Add(Path.GetFileName(cubePath));
        }
        catch (IOException e) { section.Warnings.Add($"could not write the cube file: {e.Message}"); }

        // energy profile along the minimax path of the highest percolating dimension
        var path = r.Pathways.Paths.OrderByDescending(p => p.Dimension).FirstOrDefault();
        if (path is not null && path.Profile.Count > 1)
        {
            section.Figures.Add(BvsePlots.MinimaxProfile(r, options.MobileIon)!);
            section.Tables.Add(new ReportTable($"{path.Dimension}D minimax path (sites and saddles, NEB start points)", ["site", "fractional position", "E − E_min (eV)", "saddle to next (eV)"],
                r.ReportedPathSites(path).Select(s => (IReadOnlyList<string>)
                [
                    s.SiteId.ToString(CultureInfo.InvariantCulture),
                    $"({s.FracA:0.000}, {s.FracB:0.000}, {s.FracC:0.000})",
                    (s.EnergyEV - r.MinimumEV).ToString("0.000", CultureInfo.InvariantCulture),
                    s.SaddleToNextEV is double x ? (x - r.MinimumEV).ToString("0.000", CultureInfo.InvariantCulture) : "",
                ]).ToList()));
        }
        // NEB start-up: the rate-limiting hop of that path resampled as 7 images, its BVSE profile with the saddle marked
        if (path is not null)
        {
            var hops = BvseHops.List(r);
            var limiting = hops.Where(h => h.Dimensions.Contains(path.Dimension)).OrderByDescending(h => h.SaddleEV).ThenBy(h => h.Number).FirstOrDefault();
            if (limiting is not null)
            {
                const int images = 7;
                var neb = NebPathBuilder.Build(r, limiting, images);
                section.Figures.Add(NebPlot.Profile(neb, options.MobileIon,
                    $"NEB start-up: {options.MobileIon}+ BVSE energy along hop {limiting.Number} (the highest saddle of the {path.Dimension}D path), {images} images"));
                string file = Path.GetFileName(entry.Files[0]);
                section.Paragraphs.Add($"Hop {limiting.Number} (site {limiting.From.SiteId} → site {limiting.To.SiteId}, {limiting.PathLengthA.ToString("0.00", CultureInfo.InvariantCulture)} Å along the path, " +
                                       $"barrier {limiting.BarrierEV.ToString("0.000", CultureInfo.InvariantCulture)} eV) carries the highest saddle of the {path.Dimension}D path. " +
                                       $"NEB images along it for VASP (folders 00..{images + 1:00}) and ASE (extended XYZ): `nitrolyte bvse neb {file} --path {limiting.Number} --images {images} --out neb`" +
                                       (structure.IsOrdered ? "." : " after ordering the partially occupied sites (`nitrolyte order`), since NEB needs whole atoms."));
                var nebJson = NebJson.Profile(neb);
                nebJson["hop"] = NebJson.Hop(limiting, r);
                nebJson.Remove("profile_fine");
                results["neb_start"] = nebJson;
            }
        }
        var outcome = new StepOutcome { Results = results, Section = section };
        if (r.Barrier3DEV is double b3)
            outcome.Metrics.Add(new MetricValue(MetricKeys.MigrationBarrier3D, b3, "eV", entry.DisplayName, $"BVSE 3D percolation barrier, grid {spacing:0.###} Å"));
        return outcome;
    }

    /// <summary>The structure for the 3D view: sites of the mobile ion that are less than half occupied are left out
    /// (drawn as full atoms they would hide the isosurface).</summary>
    private static Structures.Structure ViewModel(Structures.Structure s, string mobile) =>
        new(s.Lattice, s.Sites.Where(x => !(x.Species.All(sp => sp.Element == mobile) && x.TotalOccupancy < 0.5))) { Title = s.Title, SpaceGroup = s.SpaceGroup };

    private static IEnumerable<string> FracOfMin(BvseResult r)
    {
        var s = r.Pathways.Sites.OrderBy(x => x.EnergyEV).First();
        return new[] { s.FracA, s.FracB, s.FracC }.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture));
    }
}
