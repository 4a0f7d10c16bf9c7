using System.CommandLine;
using Nitrolyte.Core;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`xrd refine`: Le Bail or Rietveld refinement of a measured pattern against one or more structures.</summary>
public static class XrdRefineCommand
{
    public const int MaxPhases = 6;

    public static Command Create()
    {
        var po = new XrdPatternOptions();
        var structures = new Option<string[]>("--structure") { Description = $"Starting structure of a phase (CIF, POSCAR, pymatgen JSON or a prototype name); repeat for a mixture (at most {MaxPhases}).", Required = true };
        var mode = new Option<string>("--mode") { Description = "rietveld (structure: scale, occupancies, Biso) or lebail (intensities free: cell and profile only).", DefaultValueFactory = _ => "rietveld" };
        var occ = new Option<string?>("--refine-occupancy") { Description = "Site labels (or element symbols) whose total occupancy is refined, species ratio on the site kept (vacancy model), e.g. Li1,X1." };
        var xyz = new Option<string?>("--refine-xyz") { Description = "Site labels (or element symbols, or 'all') whose free fractional coordinates are refined under the site symmetry (from the CIF's symmetry operations, else derived from the structure), e.g. Li2 for x of 24e (x,0,0); a named site on a special position is refused; 'all' skips those." };
        var neutral = new Option<bool>("--charge-neutral") { Description = "Tie the last --refine-occupancy site to the others by charge neutrality (needs oxidation states in the structure)." };
        var fixScale = new Option<string?>("--fix-scale") { Description = "Hold the scale factor(s) at these values (a calibrated scale), one per --structure. Needed to refine the occupancy of every site: intensities scale as S·t²." };
        var fixBiso = new Option<bool>("--fix-biso") { Description = "Do not refine Biso (held at --biso)." };
        var biso = new Option<double>("--biso") { Description = "Starting Biso of every site, Å².", DefaultValueFactory = _ => 1.0 };
        var bg = new Option<int>("--background-terms") { Description = "Chebyshev background terms (1-12).", DefaultValueFactory = _ => 6 };
        var range = new Option<string?>("--two-theta") { Description = "2θ range refined, 'min,max' (default: the whole pattern)." };
        var profile = new Option<string>("--profile") { Description = "Starting profile U,V,W,X,Y (deg²; deg): Caglioti Gaussian FWHM² = U tan²θ + V tanθ + W, Lorentzian FWHM = X/cosθ + Y tanθ.", DefaultValueFactory = _ => "0.004,-0.002,0.004,0.02,0" };
        var refineProfile = new Option<string>("--refine-profile") { Description = "Profile parameters refined, letters of UVWXY.", DefaultValueFactory = _ => "UVWXY" };
        var synchrotron = new Option<bool>("--no-polarisation") { Description = "X-ray without the (1 + cos²2θ) polarisation factor (synchrotron, horizontally polarised beam)." };
        var zero = new Option<double>("--zero") { Description = "Starting zero shift, degrees 2θ.", DefaultValueFactory = _ => 0 };
        var html = new Option<string?>("--html") { Description = "Write the observed/calculated/difference plot and the refined values as an HTML report to this file." };
        var cif = new Option<string?>("--cif") { Description = "Write the refined structure(s) as CIF with standard uncertainties (one phase: this file; several: <name>_<phase>.cif)." };
        var json = CommandRunner.JsonOption();
        var refineDisp = new Option<bool>("--refine-displacement") { Description = "Refine the sample displacement (Bragg-Brentano): peaks shift by D·cosθ besides the zero shift; D = −(360/π)·s/R for a specimen surface s off the goniometer axis (radius R)." };
        var disp = new Option<double>("--displacement") { Description = "Starting (or, without --refine-displacement, fixed) displacement coefficient D, degrees 2θ.", DefaultValueFactory = _ => 0 };
        var radius = new Option<double?>("--goniometer-radius") { Description = "Goniometer radius R in mm: the displacement is also reported as the specimen height error s = −D·π·R/360 (mm)." };
        var anomalous = new Option<bool>("--anomalous") { Description = "X-ray: include anomalous dispersion f′ + i f″ at the energy of λ1 (NIST FFAST tables for H, Li, B, C, N, O, Al, Si, P, S, Cl, Ti, Ge, Br, Y, Zr, In, I, La; 0.28-3.5 Å)." };
        var fixCell = new Option<bool>("--fix-cell") { Description = "Hold the cell at the structure's values (a certified standard: refine zero and displacement against its known cell)." };
        var fixZero = new Option<bool>("--fix-zero") { Description = "Hold the zero shift at --zero (or at the instrument file's value)." };
        var refineZero = new Option<bool>("--refine-zero") { Description = "With --instrument: refine the zero shift too (otherwise held at the instrument's value)." };
        var instrument = new Option<string?>("--instrument") { Description = "Instrument file (JSON, from --save-instrument on a LaB6/Si standard): wavelength(s), Kα2 ratio, radiation and polarisation, and the profile U,V,W,X,Y and zero, which are then held fixed (unless --refine-profile/--refine-zero are given)." };
        var saveInstrument = new Option<string?>("--save-instrument") { Description = "Write the refined instrument profile (U,V,W,X,Y with s.u., zero, wavelengths, Kα2 ratio, radiation) as a JSON instrument file, for refining a standard (LaB6, Si) once and reusing it with --instrument." };
        var series = new Option<string[]>("--series") { Description = $"Refine a sequence of patterns (files, or a quoted glob such as 'run/*.xye'; at most {XrdSeries.MaxPatterns}) one after the other, each starting from the previous result (warm start); table of cell, weight fractions and new (unexplained) peaks vs index, temperature or time.", AllowMultipleArgumentsPerToken = true };
        var seriesValues = new Option<string?>("--series-values") { Description = "CSV with the abscissa of each pattern of a series: columns file,value (header names the quantity and unit, e.g. file,time_min or file,temperature_K). Without it: the temperature in the file names where every name has one, else the index." };
        var seriesTable = new Option<string?>("--series-table") { Description = "Write the series table (one row per pattern: value, Rwp, χ², zero, cell, V, weight fractions, new-peak areas) as CSV to this file." };
        var newPeakTol = new Option<double>("--new-peak-tolerance") { Description = "Series: an observed peak farther than this (degrees 2θ) from every reflection of the refined phases is a new (unexplained) peak.", DefaultValueFactory = _ => 0.1 };
        var figures = new FigureOutput();
        var cmd = new Command("refine", "Refine a measured powder pattern (constant wavelength): Le Bail (cell, zero, profile, background) or Rietveld (plus scale, Biso, site occupancies, weight fractions of mixtures); standard errors from the normal matrix scaled by χ².");
        po.Pattern.Arity = ArgumentArity.ZeroOrOne;
        po.AddTo(cmd);
        foreach (Option o in new Option[] { structures, mode, occ, xyz, neutral, fixScale, fixBiso, biso, bg, range, profile, refineProfile, synchrotron, zero, html, cif, json,
                     refineDisp, disp, radius, anomalous, fixCell, fixZero, refineZero, instrument, saveInstrument, series, seriesValues, seriesTable, newPeakTol }) cmd.Add(o);
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var m = p.GetValue(mode)!.Trim().ToLowerInvariant() switch
            {
                "rietveld" => RefinementMode.Rietveld,
                "lebail" or "le-bail" or "pawley" => RefinementMode.LeBail,
                var x => throw new UsageException($"--mode {x}: rietveld or lebail"),
            };
            var paths = p.GetValue(structures)!;
            if (paths.Length == 0) throw new UsageException("--structure is required");
            if (paths.Length > MaxPhases) throw new UsageException($"{paths.Length} --structure given: at most {MaxPhases} phases");
            int nb = p.GetValue(bg);
            if (nb is < 1 or > 12) throw new UsageException($"--background-terms {nb}: 1 to 12");
            var prof = CommandRunner.ParseDoubles(p.GetValue(profile), "--profile");
            if (prof.Length != 5) throw new UsageException("--profile needs five numbers U,V,W,X,Y");
            var rp = p.GetValue(refineProfile)!.ToUpperInvariant();
            if (rp.Any(c => !"UVWXY".Contains(c))) throw new UsageException($"--refine-profile {rp}: letters of UVWXY only");
            double? tmin = null, tmax = null;
            if (p.GetValue(range) is { } rg)
            {
                var t = CommandRunner.ParseDoubles(rg, "--two-theta");
                if (t.Length != 2 || t[1] <= t[0]) throw new UsageException($"--two-theta {rg}: 'min,max' with min < max");
                tmin = t[0]; tmax = t[1];
            }
            var occSites = (p.GetValue(occ) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (m == RefinementMode.LeBail && occSites.Length > 0) throw new UsageException("--refine-occupancy needs --mode rietveld (Le Bail has no structure model)");
            var xyzSites = (p.GetValue(xyz) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (m == RefinementMode.LeBail && xyzSites.Length > 0) throw new UsageException("--refine-xyz needs --mode rietveld (Le Bail has no structure model)");
            double[]? scales = p.GetValue(fixScale) is { } fs ? CommandRunner.ParseDoubles(fs, "--fix-scale") : null;
            if (scales is not null && scales.Length != paths.Length) throw new UsageException($"--fix-scale: {scales.Length} values for {paths.Length} phases");
            if (p.GetValue(radius) is { } rr && !(rr > 10 && rr < 2000)) throw new UsageException($"--goniometer-radius {rr}: a radius in mm (10-2000)");
            if (p.GetValue(fixZero) && p.GetValue(refineZero)) throw new UsageException("--fix-zero and --refine-zero contradict each other");
            if (Math.Abs(p.GetValue(disp)) > 3) throw new UsageException($"--displacement {p.GetValue(disp)}: at most ±3 degrees");
            var seriesFiles = p.GetValue(series) is { Length: > 0 } sf ? XrdSeries.ExpandFiles(sf, p.GetValue(po.Pattern)) : null;
            if (seriesFiles is null && p.GetValue(po.Pattern) is null) throw new UsageException("give the pattern file (or --series FILES)");
            if (seriesFiles is null && (p.GetValue(seriesValues) is not null || p.GetValue(seriesTable) is not null)) throw new UsageException("--series-values and --series-table need --series");
            if (seriesFiles is not null && p.GetValue(saveInstrument) is not null) throw new UsageException("--save-instrument refines one standard: not with --series");
            if (!(p.GetValue(newPeakTol) is > 0 and < 2)) throw new UsageException($"--new-peak-tolerance {p.GetValue(newPeakTol)}: between 0 and 2 degrees");
            var inputs = seriesFiles ?? [p.GetValue(po.Pattern)!];
            foreach (var o in new[] { (p.GetValue(cif), "--cif"), (p.GetValue(html), "--html"), (p.GetValue(saveInstrument), "--save-instrument"), (p.GetValue(seriesTable), "--series-table") })
                if (o.Item1 is { } outPath) Core.OutputGuard.EnsureNotInput(outPath, o.Item2, inputs);
            figures.Validate(p, inputs.ToArray());
            InstrumentProfile? inst = null;
            var instPath = p.GetValue(instrument);
            if (instPath is not null) inst = InstrumentFile.Read(instPath);
            bool profileGiven = p.GetResult(refineProfile) is { Implicit: false };
            bool zeroGiven = p.GetResult(zero) is { Implicit: false };
            var phases = paths.Select(path =>
            {
                var s = StructureSource.Load(path);
                return new RefinementPhase(s.Title ?? Path.GetFileNameWithoutExtension(path), s) { Operations = xyzSites.Length > 0 ? SymmetrySource.For(path) : null, AsymmetricUnit = xyzSites.Length > 0 ? SymmetrySource.AsymmetricUnit(path) : null };
            }).ToList();
            for (int i = 0; i < phases.Count; i++)
                if (phases.Take(i).Any(q => q.Name == phases[i].Name)) phases[i] = phases[i] with { Name = $"{phases[i].Name}_{i + 1}" };
            var instNotes = new List<string>();
            RefinementOptions MakeOptions(XrdPatternOptions.Loaded loaded)
            {
                var o = new RefinementOptions
                {
                    Mode = m, Wavelength1A = loaded.Lambda1, Wavelength2A = loaded.Lambda2, Ka2Ratio = loaded.Ka2Ratio, Neutron = loaded.Neutron,
                    XrayPolarisation = !p.GetValue(synchrotron), BackgroundTerms = nb, StartProfile = new PeakProfile(prof[0], prof[1], prof[2], prof[3], prof[4]),
                    RefinedProfile = rp, StartZeroDeg = p.GetValue(zero), RefineZero = !p.GetValue(fixZero), RefineOccupancy = occSites, RefineCoordinates = xyzSites, ChargeNeutral = p.GetValue(neutral),
                    RefineBiso = !p.GetValue(fixBiso), StartBisoA2 = p.GetValue(biso), FixedScales = scales, TwoThetaMinDeg = tmin, TwoThetaMaxDeg = tmax,
                    RefineDisplacement = p.GetValue(refineDisp), StartDisplacementDeg = p.GetValue(disp), RefineCell = !p.GetValue(fixCell), AnomalousDispersion = p.GetValue(anomalous),
                };
                if (inst is null) return o;
                o = o with
                {
                    StartProfile = inst.Profile, RefinedProfile = profileGiven ? rp : "",
                    StartZeroDeg = zeroGiven ? p.GetValue(zero) : inst.ZeroDeg, RefineZero = p.GetValue(refineZero),
                    XrayPolarisation = p.GetValue(synchrotron) ? false : inst.XrayPolarisation,
                };
                if (instNotes.Count == 0)
                {
                    instNotes.Add($"instrument file {instPath}: profile U,V,W,X,Y = {inst.Profile.U:G5}, {inst.Profile.V:G5}, {inst.Profile.W:G5}, {inst.Profile.X:G5}, {inst.Profile.Y:G5} {(profileGiven ? $"as start (refined: {rp})" : "held fixed")}; zero {o.StartZeroDeg:0.#####}° {(o.RefineZero ? "as start (refined)" : "held fixed")}{(inst.StandardPhase is { } sp ? $"; from a refinement of {sp}{(inst.StandardFile is { } sfile ? $" ({sfile})" : "")}" : "")}");
                    if (inst.Neutron != loaded.Neutron) instNotes.Add($"the instrument file is for {(inst.Neutron ? "neutrons" : "X-rays")} but the pattern is refined as {(loaded.Neutron ? "neutron" : "X-ray")} data");
                    if (Math.Abs(inst.Wavelength1A - loaded.Lambda1) > 1e-4) instNotes.Add($"the instrument file was determined at λ = {inst.Wavelength1A:0.######} Å, the pattern is refined at {loaded.Lambda1:0.######} Å: the profile may not transfer");
                }
                return o;
            }
            if (seriesFiles is not null)
                return XrdSeries.Run(p, po, seriesFiles, phases, MakeOptions, inst, instPath, instNotes, p.GetValue(seriesValues), p.GetValue(seriesTable), p.GetValue(newPeakTol), figures, p.GetValue(json), p.GetValue(radius));
            var loaded = po.Load(p, inst, instPath);
            if (loaded.Pattern.FromTimeOfFlight) throw new NitrolyteInputException($"{loaded.Pattern.Source}: time-of-flight data: refinement needs a TOF peak-shape model, which Nitrolyte does not have (xrd identify works on it)");
            var opt = MakeOptions(loaded);
            var r = PowderRefinement.Refine(loaded.Pattern, phases, opt);
            var provenance = loaded.Pattern.Provenance.Concat(loaded.Notes).Concat(instNotes).ToList();
            if (p.GetValue(cif) is { } cifPath)
            {
                for (int i = 0; i < r.Phases.Count; i++)
                {
                    var target = r.Phases.Count == 1 ? cifPath : Path.Combine(Path.GetDirectoryName(cifPath) ?? "", $"{Path.GetFileNameWithoutExtension(cifPath)}_{Safe(r.Phases[i].Name)}.cif");
                    Core.AtomicFile.WriteAllText(target, RefinedCifWriter.ToText(r.Phases[i], r, loaded.Lambda1, loaded.Neutron));
                }
            }
            if (p.GetValue(saveInstrument) is { } instOut)
            {
                Core.AtomicFile.WriteAllText(instOut, InstrumentFile.ToText(InstrumentProfile.FromRefinement(r, opt, loaded.Pattern.Source)));
                Console.Error.WriteLine($"wrote {instOut} (instrument profile from {loaded.Pattern.Source})");
            }
            if (p.GetValue(html) is { } htmlPath) XrdRefineOutput.WriteHtml(htmlPath, r, loaded.Pattern.Source, provenance);
            if (figures.Wanted(p)) figures.Write(p, [DiffractionPlots.ObsCalcDiff(r, $"{Path.GetFileName(loaded.Pattern.Source)}: observed, calculated and difference")]);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(XrdRefineOutput.ToJson(r, loaded, provenance, p.GetValue(radius)));
                return 0;
            }
            XrdRefineOutput.PrintHuman(r, loaded, provenance, p.GetValue(radius));
            return 0;
        });
        return cmd;
    }

    private static string Safe(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray());
}
