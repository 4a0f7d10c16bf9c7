using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Reports;
using Nitrolyte.Structures;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// A measured powder pattern refined against a structure (Rietveld by default, Le Bail with mode: lebail): refined
/// cell with s.u., Rwp/χ², site occupancies and vacancy content, observed/calculated/difference plot.
/// Options: structure (file relative to the manifest, or a prototype name; required), wavelength (Å or preset;
/// CuKa = Kα1+Kα2; required unless the file states it), ka2_ratio, radiation (xray|neutron), mode,
/// refine_occupancy (site labels), charge_neutral, fix_scale, no_polarisation, background_terms, refine_displacement,
/// anomalous, instrument (an instrument file next to the manifest: wavelength, profile and zero held at its values),
/// refine_xyz (site labels, elements or "all": free coordinates under the site symmetry, like refine_occupancy).
/// </summary>
public sealed class MeasuredDiffractionStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["xrd_measured", "pxrd", "powder_diffraction", "npd"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="MeasuredDiffractionStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => MeasuredDiffractionStepOptions.Keys;

    public string Name => "xrd_measured";

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var file = SingleFile(entry);
        var pattern = PowderPatternReader.Read(file);
        var opts = MeasuredDiffractionStepOptions.Parse(entry);
        var structureText = opts.Structure;
        var sPath = Path.Combine(context.Manifest.BaseDirectory, structureText);
        Structure s = File.Exists(sPath) ? StructureReader.Read(sPath)
            : Prototypes.Find(structureText) is { } pr ? Prototypes.Get(pr.Name)
            : throw new NitrolyteInputException($"{entry.DisplayName}: structure '{structureText}' is neither a file next to the manifest nor a prototype");
        double l1; double? l2 = null;
        var notes = new List<string>(pattern.Provenance);
        InstrumentProfile? inst = null;
        if (opts.Instrument is { } instText)
        {
            inst = InstrumentFile.Read(Path.Combine(context.Manifest.BaseDirectory, instText));
            notes.Add($"instrument file {instText}: profile U,V,W,X,Y and zero {inst.ZeroDeg:0.#####}° held at its values{(inst.StandardPhase is { } sp ? $" (from a refinement of {sp})" : "")}");
        }
        if (opts.Wavelength1A is { } w1)
        {
            l1 = w1; l2 = opts.Wavelength2A;
            notes.Add($"wavelength from the manifest: {l1:0.######} Å{(l2 is not null ? $" + {l2:0.######} Å" : "")}");
        }
        else if (inst is not null) { l1 = inst.Wavelength1A; l2 = inst.Wavelength2A; notes.Add($"wavelength from the instrument file: {l1:0.######} Å{(l2 is not null ? $" + {l2:0.######} Å" : "")}"); }
        else if (pattern.Wavelength1A is { } f1) { l1 = f1; l2 = pattern.Wavelength2A; notes.Add($"wavelength from the file: {l1:0.######} Å"); }
        else throw new NitrolyteInputException($"{entry.DisplayName}: {Path.GetFileName(file)} states no wavelength: give option wavelength");
        var rad = opts.Radiation ?? pattern.Radiation;
        bool neutron = rad == "neutron";
        if (rad is null) notes.Add("radiation not stated: X-ray assumed");
        var mode = opts.Mode;
        var occ = opts.RefineOccupancy;
        var xyz = mode == RefinementMode.Rietveld ? opts.RefineXyz.ToArray() : [];
        var opt = new RefinementOptions
        {
            Mode = mode, Wavelength1A = l1, Wavelength2A = l2, Ka2Ratio = opts.Ka2Ratio ?? pattern.Ka2RatioFromFile ?? 0.5, Neutron = neutron,
            XrayPolarisation = !opts.NoPolarisation, RefineOccupancy = mode == RefinementMode.Rietveld ? occ : [],
            ChargeNeutral = opts.ChargeNeutral,
            FixedScales = opts.FixScale is { } fs ? [fs] : null, BackgroundTerms = opts.BackgroundTerms,
            RefineDisplacement = opts.RefineDisplacement,
            AnomalousDispersion = opts.Anomalous, RefineCoordinates = xyz,
        };
        if (inst is not null)
            opt = opt with { StartProfile = inst.Profile, RefinedProfile = "", StartZeroDeg = inst.ZeroDeg, RefineZero = false, Ka2Ratio = opts.Ka2Ratio ?? (inst.Wavelength2A is not null ? inst.Ka2Ratio : opt.Ka2Ratio) };
        var phaseName = s.Title ?? Path.GetFileNameWithoutExtension(structureText);
        var symSource = File.Exists(sPath) ? sPath : structureText;
        var phase = xyz.Length > 0 ? new RefinementPhase(phaseName, s) { Operations = SymmetrySource.For(symSource), AsymmetricUnit = SymmetrySource.AsymmetricUnit(symSource) } : new RefinementPhase(phaseName, s);
        var r = PowderRefinement.Refine(pattern, [phase], opt);
        var ph = r.Phases[0];
        var section = new ReportSection { Key = $"xrd-measured-{entry.Index}", Title = $"Powder diffraction refinement: {entry.DisplayName}" };
        section.Paragraphs.Add($"{(mode == RefinementMode.Rietveld ? "Rietveld" : "Le Bail")} refinement of {Path.GetFileName(file)} against {phaseName} ({(neutron ? "neutron" : "X-ray")}, λ = {l1:0.######} Å{(l2 is not null ? $" + {l2:0.######} Å" : "")}): Rwp = {r.Rwp * 100:0.##} %, χ² = {r.ChiSquare:0.###}, zero shift {RefinedCifWriter.Su(r.ZeroShiftDeg, r.ZeroShiftStdErrDeg, 4)}°, {ph.CrystalSystem} cell a = {RefinedCifWriter.Su(ph.Cell[0], ph.CellStdErr[0], 6)} Å.");
        var rows = new List<IReadOnlyList<string>>();
        string[] names = ["a (Å)", "b (Å)", "c (Å)", "α (°)", "β (°)", "γ (°)"];
        for (int i = 0; i < 6; i++) rows.Add([names[i], RefinedCifWriter.Su(ph.Cell[i], ph.CellStdErr[i], i < 3 ? 6 : 4)]);
        rows.Add(["V (Å³)", RefinedCifWriter.Su(ph.VolumeA3, ph.VolumeStdErrA3, 4)]);
        foreach (var c in ph.Coordinates) rows.Add([$"x, y, z {c.Site} (free: {c.Free})", $"{RefinedCifWriter.Su(c.X, c.XStdErr, 5)}, {RefinedCifWriter.Su(c.Y, c.YStdErr, 5)}, {RefinedCifWriter.Su(c.Z, c.ZStdErr, 5)}"]);
        section.Tables.Add(new ReportTable("Refined cell", ["parameter", "value(s.u.)"], rows));
        var vac = ph.Occupancies.GroupBy(o => o.Site).Select(g => (Site: g.Key, Total: g.Sum(o => o.Value), Err: g.Sum(o => o.StdErr), Refined: g.Any(o => o.Refined || o.Constrained))).ToList();
        if (mode == RefinementMode.Rietveld)
            section.Tables.Add(new ReportTable("Site occupancies and vacancy content", ["site", "species", "occupancy", "vacancy"],
                vac.Select(v => (IReadOnlyList<string>)[v.Site, string.Join(" + ", ph.Occupancies.Where(o => o.Site == v.Site).Select(o => $"{o.Element} {(v.Refined ? RefinedCifWriter.Su(o.Value, o.StdErr, 4) : o.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture))}")),
                    v.Refined ? RefinedCifWriter.Su(v.Total, v.Err, 4) : $"{v.Total:0.####} (fixed)", v.Refined ? $"{RefinedCifWriter.Su((1 - v.Total) * 100, v.Err * 100, 2)} %" : $"{(1 - v.Total) * 100:0.##} % (fixed)"]).ToList()));
        section.Figures.Add(DiffractionPlots.ObsCalcDiff(r, $"{Path.GetFileName(file)}: observed, calculated, difference"));
        section.Paragraphs.AddRange(notes.Concat(r.Notes).Select(n => "Note: " + n));
        section.Warnings.AddRange(r.Warnings);
        var results = new JsonObject
        {
            ["file"] = Path.GetFileName(file), ["mode"] = mode == RefinementMode.Rietveld ? "rietveld" : "lebail", ["radiation"] = neutron ? "neutron" : "xray",
            ["wavelength_a"] = l1, ["rwp"] = r.Rwp, ["rp"] = r.Rp, ["chi_square"] = r.ChiSquare, ["zero_shift_deg"] = r.ZeroShiftDeg,
            ["displacement_deg"] = r.DisplacementDeg, ["displacement_stderr_deg"] = r.DisplacementRefined && double.IsFinite(r.DisplacementStdErrDeg) ? r.DisplacementStdErrDeg : null,
            ["phase"] = phaseName, ["crystal_system"] = ph.CrystalSystem,
            ["a_angstrom"] = ph.Cell[0], ["a_stderr_angstrom"] = ph.CellStdErr[0], ["b_angstrom"] = ph.Cell[1], ["b_stderr_angstrom"] = ph.CellStdErr[1],
            ["c_angstrom"] = ph.Cell[2], ["c_stderr_angstrom"] = ph.CellStdErr[2], ["volume_a3"] = ph.VolumeA3,
            ["sites"] = new JsonArray(vac.Select(v => (JsonNode)new JsonObject
            {
                ["site"] = v.Site, ["occupancy"] = v.Total, ["occupancy_stderr"] = v.Refined && double.IsFinite(v.Err) ? v.Err : null,
                ["vacancy_fraction"] = 1 - v.Total, ["refined"] = v.Refined,
            }).ToArray()),
            ["coordinates"] = RefinedCoordinatesJson.ToJson(ph.Coordinates),
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode)w).ToArray()),
        };
        return new StepOutcome { Results = results, Section = section };
    }
}
