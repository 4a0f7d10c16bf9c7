using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>Output of `xrd refine`: JSON, the human tables and the HTML report.</summary>
internal static class XrdRefineOutput
{
    private static JsonObject Lattice(RefinedPhase ph)
    {
        var o = new JsonObject();
        string[] len = ["a", "b", "c"], ang = ["alpha", "beta", "gamma"];
        for (int i = 0; i < 3; i++) { o[$"{len[i]}_angstrom"] = ph.Cell[i]; o[$"{len[i]}_stderr_angstrom"] = ph.CellStdErr[i]; }
        for (int i = 0; i < 3; i++) { o[$"{ang[i]}_deg"] = ph.Cell[3 + i]; o[$"{ang[i]}_stderr_deg"] = ph.CellStdErr[3 + i]; }
        o["volume_a3"] = ph.VolumeA3;
        o["volume_stderr_a3"] = ph.VolumeStdErrA3;
        return o;
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    /// <summary>Specimen height error s (mm) = −D·π·R/360 for a displacement coefficient D (deg) on a goniometer of radius R (mm).</summary>
    internal static double DisplacementMm(double dDeg, double radiusMm) => -dDeg * Math.PI * radiusMm / 360;

    internal static JsonObject ToJson(PowderRefinementResult r, XrdPatternOptions.Loaded loaded, List<string> provenance, double? radiusMm = null)
    {
        var o = ToJsonCore(r, loaded, provenance);
        o["displacement_deg"] = r.DisplacementDeg;
        o["displacement_stderr_deg"] = r.DisplacementRefined ? Finite(r.DisplacementStdErrDeg) : null;
        o["displacement_refined"] = r.DisplacementRefined;
        if (radiusMm is { } rr)
        {
            o["goniometer_radius_mm"] = rr;
            o["displacement_mm"] = DisplacementMm(r.DisplacementDeg, rr);
            o["displacement_stderr_mm"] = r.DisplacementRefined ? Finite(Math.Abs(DisplacementMm(r.DisplacementStdErrDeg, rr))) : null;
        }
        return o;
    }

    private static JsonObject ToJsonCore(PowderRefinementResult r, XrdPatternOptions.Loaded loaded, List<string> provenance) => new()
    {
        ["mode"] = r.Mode == RefinementMode.Rietveld ? "rietveld" : "lebail",
        ["rwp"] = r.Rwp, ["rp"] = r.Rp, ["rexp"] = r.Rexp, ["chi_square"] = r.ChiSquare,
        ["zero_shift_deg"] = r.ZeroShiftDeg, ["zero_shift_stderr_deg"] = Finite(r.ZeroShiftStdErrDeg),
        ["wavelength_a"] = loaded.Lambda1, ["wavelength2_a"] = loaded.Lambda2, ["ka2_ratio"] = loaded.Lambda2 is null ? null : loaded.Ka2Ratio,
        ["radiation"] = loaded.Neutron ? "neutron" : "xray",
        ["anomalous_dispersion"] = new JsonArray(r.AnomalousTerms.Select(t => (JsonNode)new JsonObject { ["element"] = t.Element, ["f_prime"] = t.FPrime, ["f_double_prime"] = t.FDoublePrime }).ToArray()),
        ["points"] = r.Points, ["refined_parameters"] = r.RefinedCount, ["cycles"] = r.Cycles, ["stop_reason"] = r.StopReason,
        ["profile"] = new JsonObject { ["u_deg2"] = r.Profile.U, ["v_deg2"] = r.Profile.V, ["w_deg2"] = r.Profile.W, ["x_deg"] = r.Profile.X, ["y_deg"] = r.Profile.Y },
        ["phases"] = new JsonArray(r.Phases.Select(ph => (JsonNode)new JsonObject
        {
            ["name"] = ph.Name, ["crystal_system"] = ph.CrystalSystem, ["lattice"] = Lattice(ph),
            ["scale"] = ph.Scale, ["scale_stderr"] = Finite(ph.ScaleStdErr),
            ["weight_fraction"] = ph.WeightFraction, ["weight_fraction_stderr"] = Finite(ph.WeightFractionStdErr),
            ["occupancies"] = new JsonArray(ph.Occupancies.Select(o => (JsonNode)new JsonObject
            {
                ["site"] = o.Site, ["element"] = o.Element, ["value"] = o.Value, ["stderr"] = o.Refined || o.Constrained ? Finite(o.StdErr) : null,
                ["refined"] = o.Refined, ["constrained"] = o.Constrained,
            }).ToArray()),
            ["biso"] = new JsonArray(ph.Biso.Select(b => (JsonNode)new JsonObject { ["site"] = b.Site, ["b_a2"] = b.ValueA2, ["b_stderr_a2"] = b.Refined ? Finite(b.StdErrA2) : null }).ToArray()),
            ["reflections"] = ph.Reflections.Count,
            ["coordinates"] = RefinedCoordinatesJson.ToJson(ph.Coordinates),
        }).ToArray()),
        ["correlations"] = new JsonArray(r.StrongCorrelations(0.8).Select(c => (JsonNode)new JsonObject { ["a"] = c.A, ["b"] = c.B, ["r"] = c.R }).ToArray()),
        ["parameters"] = new JsonArray(r.Parameters.Where(q => q.Refined).Select(q => (JsonNode)new JsonObject { ["name"] = q.Name, ["value"] = q.Value, ["stderr"] = Finite(q.StdErr) }).ToArray()),
        ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode)w).ToArray()),
        ["notes"] = new JsonArray(r.Notes.Select(w => (JsonNode)w).ToArray()),
        ["provenance"] = new JsonArray(provenance.Select(w => (JsonNode)w).ToArray()),
    };

    internal static void PrintHuman(PowderRefinementResult r, XrdPatternOptions.Loaded loaded, List<string> provenance, double? radiusMm)
    {
        var inv = CultureInfo.InvariantCulture;
        AnsiConsole.WriteLine($"{(r.Mode == RefinementMode.Rietveld ? "Rietveld" : "Le Bail")} refinement of {loaded.Pattern.Source} ({r.Points} points, {r.RefinedCount} parameters, {(loaded.Neutron ? "neutron" : "X-ray")}, λ = {loaded.Lambda1:0.######} Å{(loaded.Lambda2 is { } l2 ? $" + {l2:0.######} Å" : "")})");
        AnsiConsole.WriteLine($"Rwp = {r.Rwp * 100:0.###} %, Rp = {r.Rp * 100:0.###} %, Rexp = {r.Rexp * 100:0.###} %, χ² = {r.ChiSquare:0.###}; zero shift {RefinedCifWriter.Su(r.ZeroShiftDeg, r.ZeroShiftStdErrDeg, 4)}°; {r.StopReason}");
        if (r.DisplacementRefined || r.DisplacementDeg != 0)
            AnsiConsole.WriteLine($"sample displacement D = {(r.DisplacementRefined ? RefinedCifWriter.Su(r.DisplacementDeg, r.DisplacementStdErrDeg, 4) : r.DisplacementDeg.ToString("0.####", inv) + " (fixed)")}° (shift D·cosθ){(radiusMm is { } rr ? $", specimen height error s = {(r.DisplacementRefined ? RefinedCifWriter.Su(DisplacementMm(r.DisplacementDeg, rr), Math.Abs(DisplacementMm(r.DisplacementStdErrDeg, rr)), 4) : DisplacementMm(r.DisplacementDeg, rr).ToString("0.####", inv))} mm on R = {rr:0.#} mm" : "")}");
        foreach (var ph in r.Phases)
        {
            var t = new Table().AddColumn(ph.Name).AddColumn("value").AddColumn("s.u.");
            string[] names = ["a (Å)", "b (Å)", "c (Å)", "α (°)", "β (°)", "γ (°)"];
            for (int i = 0; i < 6; i++) t.AddEscapedRow(names[i], RefinedCifWriter.Su(ph.Cell[i], ph.CellStdErr[i], i < 3 ? 6 : 4), ph.CellStdErr[i] > 0 ? ph.CellStdErr[i].ToString("G2", inv) : "fixed/tied");
            t.AddEscapedRow("V (Å³)", RefinedCifWriter.Su(ph.VolumeA3, ph.VolumeStdErrA3, 4), ph.VolumeStdErrA3.ToString("G2", inv));
            if (ph.WeightFraction is { } wf) t.AddEscapedRow("weight fraction", RefinedCifWriter.Su(wf, ph.WeightFractionStdErr ?? 0, 4), (ph.WeightFractionStdErr ?? 0).ToString("G2", inv));
            foreach (var o in ph.Occupancies.Where(o => o.Refined || o.Constrained))
                t.AddEscapedRow($"occ {o.Site} {o.Element}{(o.Constrained ? " (charge neutrality)" : "")}", RefinedCifWriter.Su(o.Value, o.StdErr, 4), o.StdErr.ToString("G2", inv));
            foreach (var b in ph.Biso.Where(b => b.Refined)) t.AddEscapedRow($"Biso {b.Site} (Å²)", RefinedCifWriter.Su(b.ValueA2, b.StdErrA2, 3), b.StdErrA2.ToString("G2", inv));
            foreach (var c in ph.Coordinates)
                foreach (var (axis, v, e) in new[] { ("x", c.X, c.XStdErr), ("y", c.Y, c.YStdErr), ("z", c.Z, c.ZStdErr) }.Where(q => q.Item3 > 0))
                    t.AddEscapedRow($"{axis} {c.Site}{(c.Free.Contains(axis[0]) ? "" : " (tied)")}", RefinedCifWriter.Su(v, e, 5), e.ToString("G2", inv));
            AnsiConsole.WriteLine($"{ph.Name}: {ph.CrystalSystem} constraints, {ph.Reflections.Count} reflections in range");
            AnsiConsole.Write(t);
        }
        foreach (var c in r.StrongCorrelations(0.8).Take(8)) AnsiConsole.WriteLine($"correlation {c.A} / {c.B}: {c.R:0.00}");
        foreach (var n in provenance.Concat(r.Notes)) AnsiConsole.WriteLine(Markup.Escape("note: " + n));
        foreach (var w in r.Warnings) AnsiConsole.WriteLine(Markup.Escape("warning: " + w));
    }

    internal static void WriteHtml(string path, PowderRefinementResult r, string source, List<string> provenance)
    {
        var report = new Report { Material = string.Join(" + ", r.Phases.Select(p => p.Name)), Description = $"Powder refinement of {source}" };
        var s = new ReportSection { Key = "xrd_refine", Title = $"{(r.Mode == RefinementMode.Rietveld ? "Rietveld" : "Le Bail")} refinement" };
        s.Paragraphs.Add($"Rwp = {r.Rwp * 100:0.###} %, Rp = {r.Rp * 100:0.###} %, χ² = {r.ChiSquare:0.###}, zero shift {RefinedCifWriter.Su(r.ZeroShiftDeg, r.ZeroShiftStdErrDeg, 4)}°; {r.Points} points, {r.RefinedCount} parameters; {r.StopReason}.");
        s.Figures.Add(DiffractionPlots.ObsCalcDiff(r, $"{source}: observed, calculated and difference"));
        foreach (var ph in r.Phases)
        {
            var rows = new List<IReadOnlyList<string>>();
            string[] names = ["a (Å)", "b (Å)", "c (Å)", "α (°)", "β (°)", "γ (°)"];
            for (int i = 0; i < 6; i++) rows.Add([names[i], RefinedCifWriter.Su(ph.Cell[i], ph.CellStdErr[i], i < 3 ? 6 : 4)]);
            if (ph.WeightFraction is { } wf) rows.Add(["weight fraction", RefinedCifWriter.Su(wf, ph.WeightFractionStdErr ?? 0, 4)]);
            foreach (var o in ph.Occupancies) rows.Add([$"occupancy {o.Site} {o.Element}", o.Refined || o.Constrained ? RefinedCifWriter.Su(o.Value, o.StdErr, 4) : $"{o.Value:0.####} (fixed)"]);
            foreach (var b in ph.Biso) rows.Add([$"Biso {b.Site} (Å²)", b.Refined ? RefinedCifWriter.Su(b.ValueA2, b.StdErrA2, 3) : $"{b.ValueA2:0.###} (fixed)"]);
            foreach (var c in ph.Coordinates) rows.Add([$"x, y, z {c.Site} (free: {c.Free})", $"{RefinedCifWriter.Su(c.X, c.XStdErr, 5)}, {RefinedCifWriter.Su(c.Y, c.YStdErr, 5)}, {RefinedCifWriter.Su(c.Z, c.ZStdErr, 5)}"]);
            s.Tables.Add(new ReportTable($"{ph.Name} ({ph.CrystalSystem})", ["parameter", "value(s.u.)"], rows));
        }
        s.Paragraphs.AddRange(provenance.Concat(r.Notes).Select(n => "Note: " + n));
        s.Warnings.AddRange(r.Warnings);
        report.Sections.Add(s);
        HtmlReportWriter.Write(report, path, out var missing);
        Console.Error.WriteLine($"wrote {path}{(missing.Count > 0 ? $" (plots missing: {string.Join(", ", missing)})" : "")}");
    }
}
