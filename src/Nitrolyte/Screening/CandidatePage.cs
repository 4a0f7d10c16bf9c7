using System.Globalization;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Formats.Volumetric;
using Nitrolyte.Migration;
using Nitrolyte.Reports;
using Nitrolyte.Structures;

namespace Nitrolyte.Screening;

/// <summary>
/// The page of one candidate linked from the campaign's HTML ranking: the structure (3Dmol) with the BVSE isosurface of
/// E − E_min at the highest percolation barrier (+5 meV, as in the evaluate report), the barriers, the bottleneck of
/// the lowest-dimension path. The BVSE landscape is recomputed for the page with
/// the campaign's grid spacing, so the barriers it shows are the candidate's descriptors. Pure: returns a Report.
/// </summary>
public static class CandidatePage
{
    /// <summary>At most this many grid points in the isosurface cube embedded in the page (the analysis grid is coarsened for the view only).</summary>
    public const int MaxViewPoints = 40_000;

    public static Report Build(ReportRow row, CampaignConfig config)
    {
        var c = row.Candidate;
        var s = CandidateStructureJson.FromJson(c.StructureJson, c.Source);
        var formula = row.Texts.GetValueOrDefault("formula", c.Formula);
        var report = new Report { Material = $"candidate {c.Id}", Formula = formula, Description = $"Screening candidate {c.Id} from {c.Source}{(c.RuleDescription.Length > 0 ? $" ({c.RuleDescription})" : "")}; rank {row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "-"}." };
        var section = new ReportSection { Key = "bvse", Title = $"{config.MobileIon}+ BVSE landscape and isosurface" };
        report.Sections.Add(section);
        var opt = new BvseOptions { MobileIon = config.MobileIon, GridSpacingA = config.BvseGridA, MaxThreads = 1 };
        BvseResult r;
        try { r = BvseAnalysis.Run(s, opt); }
        catch (Core.NitrolyteInputException e)
        {
            section.Warnings.Add($"BVSE not computed: {e.Message}");
            section.Views.Add(new StructureView { Title = c.Id, ModelFormat = "cif", ModelText = CifWriter.ToText(s, c.Id), Caption = "Structure only." });
            return report;
        }
        string F(double? v) => v is double d ? d.ToString("0.000", CultureInfo.InvariantCulture) + " eV" : $"none below {opt.CeilingEV} eV";
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "1D barrier", F(r.Barrier1DEV) }, new[] { "2D barrier", F(r.Barrier2DEV) }, new[] { "3D barrier", F(r.Barrier3DEV) },
            new[] { "grid", $"{r.Grid.Na}×{r.Grid.Nb}×{r.Grid.Nc} (spacing {config.BvseGridA.ToString(CultureInfo.InvariantCulture)} Å)" },
        };
        var lowest = r.Pathways.Paths.OrderBy(p => p.Dimension).FirstOrDefault();
        if (lowest is not null)
        {
            try
            {
                var b = BottleneckRadius.Along(OxidationStates.Assign(s), config.MobileIon, lowest, r.GridSpacingA);
                rows.Add(["bottleneck radius", $"{b.RadiusA.ToString("0.000", CultureInfo.InvariantCulture)} Å on the {b.Dimension}D path at ({b.FracA:0.000}, {b.FracB:0.000}, {b.FracC:0.000}), limited by {b.LimitingIon} (r = {b.LimitingIonRadiusA.ToString("0.###", CultureInfo.InvariantCulture)} Å, Shannon)"]);
            }
            catch (Core.NitrolyteInputException e) { section.Warnings.Add($"bottleneck not computed: {e.Message}"); }
        }
        section.Tables.Add(new ReportTable("BVSE percolation barriers (eV above the global minimum)", ["quantity", "value"], rows));

        double? iso = r.Barrier3DEV ?? r.Barrier2DEV ?? r.Barrier1DEV;
        var lat = s.Lattice;
        double viewSpacing = Math.Max(config.BvseGridA, Math.Cbrt(lat.VolumeA3 / MaxViewPoints));
        var view = new Structure(lat, s.Sites.Where(x => !(x.Species.All(sp => sp.Element == config.MobileIon) && x.TotalOccupancy < 0.5))) { Title = s.Title, SpaceGroup = s.SpaceGroup };
        string? cube = null;
        string gridText = "";
        if (iso is not null)
        {
            var vg = BvseLandscape.Compute(r.Model, Math.Max(4, (int)Math.Ceiling(lat.A / viewSpacing)), Math.Max(4, (int)Math.Ceiling(lat.B / viewSpacing)), Math.Max(4, (int)Math.Ceiling(lat.C / viewSpacing)));
            cube = CubeWriter.ToText(vg.AsScalarGrid(), s, $"BVSE {config.MobileIon}+ energy, eV above the global minimum", -r.MinimumEV);
            gridText = $" (view grid {vg.Na}×{vg.Nb}×{vg.Nc})";
        }
        section.Views.Add(new StructureView
        {
            Title = $"{c.Id}: {config.MobileIon}+ BVSE isosurface",
            ModelFormat = "cif", ModelText = CifWriter.ToText(view, c.Id), CubeText = cube,
            IsoValue = iso is double v ? v + 0.005 : null, IsoColor = "#e8a200",
            Caption = iso is double bar
                ? $"Region where the {config.MobileIon}+ site energy is within {bar:0.000} eV (+5 meV) of the minimum{gridText}. {config.MobileIon} sites less than half occupied are not drawn."
                : $"No percolation below {opt.CeilingEV} eV: structure only.",
        });
        // no Plotly figure here: it would add 4.8 MB of script to every page; the energy profile along the path is in
        // the evaluate report and 'nitrolyte bvse <id>.json' of the structure file beside this page
        section.Paragraphs.Add($"Energy along the minimax path, sites and saddles: nitrolyte bvse {c.Id}.json --grid {config.BvseGridA.ToString(CultureInfo.InvariantCulture)} (the structure file beside this page).");
        return report;
    }
}
