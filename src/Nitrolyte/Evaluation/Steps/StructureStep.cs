using System.Text.Json.Nodes;
using Nitrolyte.Diffraction;
using Nitrolyte.Electrostatics;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Reports;
using Nitrolyte.Structures;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// A structure file (CIF, POSCAR, pymatgen JSON) -> structure table, X-ray and neutron powder patterns, PDF,
/// Ewald energy when the structure is ordered, and a 3D view of the cell.
/// Options: wavelength (preset or Å, default CuKa), two_theta [min, max], pdf_rmax_a, oxidation ("Li=1,N=-3").
/// </summary>
public sealed class StructureStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["structure", "cif", "poscar"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="StructureStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => StructureStepOptions.Keys;
    public string Name => "structure";

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        if (entry.Files.Count == 0) throw new Core.NitrolyteInputException($"data item {entry.Index + 1} (structure) names no file");
        var file = entry.Files[0];
        var s = StructureReader.Read(file);
        var opt = StructureStepOptions.Parse(entry);
        double lambda = opt.WavelengthA;
        double[] tt = [opt.TwoThetaMinDeg, opt.TwoThetaMaxDeg];
        double rmax = opt.PdfRMaxA;
        var name = entry.Label ?? s.Title ?? Path.GetFileName(file);

        var (reduced, z) = s.ReducedFormula();
        var results = new JsonObject { ["file"] = Path.GetFileName(file) };
        foreach (var (key, value) in StructureJson.Info(s)) results[key] = value?.DeepClone();
        var section = new ReportSection { Key = $"structure-{entry.Index}", Title = $"Structure: {name}" };
        section.Paragraphs.Add($"{Path.GetFileName(file)}: {s.Composition.Formula} in the cell ({reduced}, Z = {z}), " +
                               $"{(s.SpaceGroup is null ? "no space group given" : $"space group {s.SpaceGroup} (as given by the file)")}, " +
                               $"{(s.IsOrdered ? "fully ordered" : $"{s.Sites.Count(x => !x.IsOrdered)} of {s.Sites.Count} sites partially occupied or shared")}.");
        var l = s.Lattice;
        section.Tables.Add(new ReportTable("Cell", ["quantity", "value"],
        [
            ["a, b, c (Å)", $"{l.A:0.#####}, {l.B:0.#####}, {l.C:0.#####}"],
            ["α, β, γ (°)", $"{l.AlphaDeg:0.###}, {l.BetaDeg:0.###}, {l.GammaDeg:0.###}"],
            ["volume (Å³)", $"{s.VolumeA3:0.###}"],
            ["density (g/cm³)", $"{s.DensityGPerCm3:0.####}"],
            ["sites", s.Sites.Count.ToString()],
        ]));
        var distinct = s.Sites.GroupBy(x => x.Label + "|" + string.Join(",", x.Species.Select(sp => $"{sp.Element}{sp.Occupancy:0.####}"))).Take(30);
        section.Tables.Add(new ReportTable("Sites (one row per label and occupancy)", ["label", "count", "x, y, z (first)", "species (occupancy)"],
            distinct.Select(g => (IReadOnlyList<string>)[g.First().Label, g.Count().ToString(), $"{g.First().FracA:0.####}, {g.First().FracB:0.####}, {g.First().FracC:0.####}",
                string.Join(" ", g.First().Species.Select(sp => $"{sp.Element} {sp.Occupancy:0.####}"))]).ToList()));

        try
        {
            // X-ray and neutron patterns
            var xr = PowderPattern.Compute(s, new DiffractionOptions { WavelengthA = lambda, TwoThetaMinDeg = tt[0], TwoThetaMaxDeg = tt[1] });
            var nr = PowderPattern.Compute(s, new DiffractionOptions { WavelengthA = lambda, TwoThetaMinDeg = tt[0], TwoThetaMaxDeg = tt[1], Neutron = true });
            results["xrd"] = PeaksJson(xr, 40);
            results["neutron"] = PeaksJson(nr, 40);
            section.Figures.Add(DiffractionPlots.Patterns(name, tt[0], tt[1], xr, nr));
            section.Tables.Add(new ReportTable("Strongest X-ray peaks", ["2θ (°)", "d (Å)", "I", "hkl", "multiplicity"],
                xr.Peaks.OrderByDescending(p => p.Intensity).Take(10).OrderBy(p => p.TwoThetaDeg)
                    .Select(p => (IReadOnlyList<string>)[$"{p.TwoThetaDeg:0.000}", $"{p.DA:0.0000}", $"{p.Intensity:0.0}", $"({string.Join(" ", p.Hkl)})", p.Multiplicity.ToString()]).ToList()));
        }
        catch (Core.NitrolyteInputException ex)
        {
            section.Warnings.Add($"Powder patterns not computed: {ex.Message}");
        }

        try
        {
            // PDF
            var pdf = PairDistribution.Compute(s, new PdfOptions { RMaxA = rmax, StepA = 0.02 });
            section.Figures.Add(DiffractionPlots.Pdf(pdf, name));
            var firstPeaks = new JsonObject();
            foreach (var (k, v) in pdf.Partials)
                firstPeaks[k] = PairDistribution.FirstPeakA(pdf.RA, v) is var fp && double.IsFinite(fp) ? fp : null;
            results["pdf_first_peak_a"] = firstPeaks;
        }
        catch (Core.NitrolyteInputException ex)
        {
            section.Warnings.Add($"PDF not computed: {ex.Message}");
        }

        // Ewald
        if (s.IsOrdered)
        {
            try
            {
                var withOx = OxidationStates.Assign(s, opt.Oxidation);
                var e = Ewald.Compute(withOx);
                results["ewald"] = new JsonObject
                {
                    ["total_ev"] = e.TotalEV, ["real_ev"] = e.RealEV, ["reciprocal_ev"] = e.ReciprocalEV, ["self_ev"] = e.SelfEV,
                    ["charged_cell_ev"] = e.ChargedCellEV, ["total_ev_per_atom"] = e.TotalEV / s.Composition.TotalAtoms,
                };
                section.Paragraphs.Add($"Ewald electrostatic energy {e.TotalEV:0.###} eV per cell ({e.TotalEV / s.Composition.TotalAtoms:0.####} eV/atom).");
            }
            catch (Core.NitrolyteInputException ex)
            {
                section.Warnings.Add($"Ewald energy not computed: {ex.Message}");
            }
        }
        else
        {
            results["ewald"] = null;
            section.Paragraphs.Add("Partially occupied: no Ewald energy of a mean-charge cell is reported. Order it with " +
                                   $"\"nitrolyte order {Path.GetFileName(file)} --supercell 2,2,2 --samples 3000 --keep 30 --random 20 --out ordered\" (seed 002's recipe).");
            // a quick preview of that recipe: 200 seeded decorations of the 2x2x2 cell (1x1x1 for large cells)
            try
            {
                var withOx = OxidationStates.Assign(s, opt.Oxidation);
                int k = s.Sites.Count * 8 <= 320 ? 2 : 1;
                var res = Orderer.Run(withOx, new[,] { { k, 0, 0 }, { 0, k, 0 }, { 0, 0, k } },
                    new OrderingOptions { Samples = 200, KeepLowest = 1, KeepRandom = 0, Seed = 42 });
                var best = res.Configurations[0];
                double atoms = best.Structure.Composition.TotalAtoms;
                results["ordering_preview"] = new JsonObject
                {
                    ["supercell"] = $"{k}x{k}x{k}", ["formula"] = best.Structure.Composition.Formula, ["samples"] = res.Evaluated, ["seed"] = res.Seed,
                    ["lowest_ewald_ev"] = best.EwaldEV, ["mean_ewald_ev"] = res.MeanSampledEV, ["lowest_ewald_ev_per_atom"] = best.EwaldEV / atoms,
                    ["rounding"] = new JsonArray(res.RoundingNotes.Select(x => (JsonNode)x).ToArray()),
                };
                section.Paragraphs.Add($"Preview of that recipe ({k}×{k}×{k} cell, {best.Structure.Composition.Formula}, 200 random decorations, seed 42): " +
                                       $"lowest Ewald energy {best.EwaldEV:0.###} eV ({best.EwaldEV / atoms:0.####} eV/atom), mean {res.MeanSampledEV:0.###} eV." +
                                       (res.RoundingNotes.Count > 0 ? " Counts: " + string.Join("; ", res.RoundingNotes) + "." : ""));
            }
            catch (Core.NitrolyteInputException ex)
            {
                section.Warnings.Add($"Ordering preview not run: {ex.Message}");
            }
        }

        section.Views.Add(new StructureView
        {
            Title = $"Unit cell: {name}", ModelFormat = "cif", ModelText = CifWriter.ToText(s),
            Caption = (s.IsOrdered ? "Unit cell. " : "Unit cell; every site is drawn as a full atom, so shared and partly occupied sites show every species that can sit there (see the site table for occupancies). ")
                      + ColourKey(s) + " Sticks join atoms closer than the viewer's bonding distance (including Li–Li), not chemical bonds.",
        });
        var outcome = new StepOutcome { Results = results, Section = section };
        outcome.Metrics.Add(new MetricValue(MetricKeys.CrystalDensity, s.DensityGPerCm3, "g/cm3", name, "from the structure file"));
        return outcome;
    }

    // 3Dmol.js default ("rasmol") element colours, named so a reader can tell the atoms apart without a legend.
    private static readonly Dictionary<string, string> ViewerColours = new()
    {
        ["H"] = "white", ["Li"] = "dark red", ["B"] = "bright green", ["C"] = "grey", ["N"] = "light blue", ["O"] = "red", ["F"] = "gold",
        ["Na"] = "blue", ["Mg"] = "forest green", ["Al"] = "grey", ["Si"] = "gold", ["P"] = "orange", ["S"] = "yellow", ["Cl"] = "green",
        ["Ca"] = "grey", ["Fe"] = "orange", ["Br"] = "brown", ["I"] = "purple",
    };

    /// <summary>"Colours: Li dark red, N light blue, Cl green." for the elements of <paramref name="s"/>.</summary>
    internal static string ColourKey(Structure s)
    {
        var elements = s.Sites.SelectMany(x => x.Species).Select(sp => sp.Element).Distinct().ToList();
        return "Colours: " + string.Join(", ", elements.Select(e => $"{e} {(ViewerColours.TryGetValue(e, out var c) ? c : "pink")}")) + ".";
    }

    private static JsonArray PeaksJson(DiffractionPattern p, int max) =>
        new(p.Peaks.OrderByDescending(x => x.Intensity).Take(max).OrderBy(x => x.TwoThetaDeg).Select(pk => (JsonNode)new JsonObject
        {
            ["two_theta_deg"] = pk.TwoThetaDeg, ["intensity"] = pk.Intensity, ["d_a"] = pk.DA,
            ["hkl"] = new JsonArray(pk.Hkl.Select(i => (JsonNode)i).ToArray()), ["multiplicity"] = pk.Multiplicity,
        }).ToArray());
}
