using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`xrd refine --series`: sequential refinement of a list of patterns (the CLI side of Diffraction/Refinement/SeriesRefinement).</summary>
internal static class XrdSeries
{
    public const int MaxPatterns = 500;

    /// <summary>The files of a series: given names, and quoted globs (* ?) expanded in natural order ("t2" before "t10").</summary>
    public static List<string> ExpandFiles(string[] tokens, string? positional)
    {
        var files = new List<string>();
        if (positional is not null) files.Add(positional);
        foreach (var t in tokens)
        {
            if (t.IndexOfAny(['*', '?']) < 0) { files.Add(t); continue; }
            var dir = Path.GetDirectoryName(t);
            if (string.IsNullOrEmpty(dir)) dir = ".";
            var pat = Path.GetFileName(t);
            if (dir.IndexOfAny(['*', '?']) >= 0) throw new UsageException($"--series {t}: wildcards only in the file name, not in the folder");
            if (!Directory.Exists(dir)) throw new UsageException($"--series {t}: folder {dir} not found");
            var found = Directory.EnumerateFiles(dir, pat).Order(NaturalComparer.Instance).ToList();
            if (found.Count == 0) throw new UsageException($"--series {t}: no file matches");
            files.AddRange(found);
        }
        if (files.Count < 2) throw new UsageException("--series: give at least two patterns");
        if (files.Count > MaxPatterns) throw new UsageException($"--series: {files.Count} patterns, at most {MaxPatterns}");
        return files;
    }

    public static int Run(ParseResult p, XrdPatternOptions po, List<string> files, List<RefinementPhase> phases, Func<XrdPatternOptions.Loaded, RefinementOptions> makeOptions,
        InstrumentProfile? inst, string? instPath, List<string> instNotes, string? valuesCsv, string? tablePath, double tolerance, FigureOutput figures, bool json, double? radiusMm)
    {
        var abscissa = valuesCsv is not null ? SeriesValues.FromCsv(valuesCsv, files) : SeriesValues.FromNames(files);
        var loaded = files.Select(f => po.Load(p, f, inst, instPath)).ToList();
        if (loaded.FirstOrDefault(l => l.Pattern.FromTimeOfFlight) is { } tofl) throw new Core.NitrolyteInputException($"{tofl.Pattern.Source}: time-of-flight data: refinement needs a TOF peak-shape model, which Nitrolyte does not have");
        var items = loaded.Select((l, k) => new SeriesInput(l.Pattern, makeOptions(l), abscissa.Values[k])).ToList();
        var res = SeriesRefinement.Refine(items, phases, new SeriesRefinement.Options { NewPeakToleranceDeg = tolerance },
            (k, s) => Console.Error.WriteLine($"[{k + 1}/{files.Count}] {Path.GetFileName(s.Source)}: Rwp {s.Result.Rwp * 100:0.##} %, a = {s.Result.Phases[0].Cell[0]:0.######} Å{(s.UnexplainedPeaksDeg.Count > 0 ? $", {s.UnexplainedPeaksDeg.Count} new peak(s)" : "")}"));
        string xLabel = abscissa.Unit is null ? abscissa.Name : $"{abscissa.Name} ({abscissa.Unit})";
        if (tablePath is not null) Core.AtomicFile.WriteAllText(tablePath, Table(res, abscissa));
        if (figures.Wanted(p)) figures.Write(p, Figures(res, xLabel));
        var warnings = res.Steps.SelectMany(s => s.Result.Warnings.Select(w => $"{Path.GetFileName(s.Source)}: {w}")).ToList();
        if (json)
        {
            CommandRunner.PrintJson(new JsonObject
            {
                ["series"] = true, ["patterns"] = files.Count,
                ["abscissa"] = new JsonObject { ["name"] = abscissa.Name, ["unit"] = abscissa.Unit, ["source"] = abscissa.Source },
                ["steps"] = new JsonArray(res.Steps.Select((s, k) =>
                {
                    var o = XrdRefineOutput.ToJson(s.Result, loaded[k], loaded[k].Pattern.Provenance.Concat(loaded[k].Notes).Concat(instNotes).ToList(), radiusMm);
                    o.Remove("provenance");
                    var step = new JsonObject { ["index"] = k, ["file"] = s.Source, ["value"] = s.Value };
                    foreach (var kv in o.ToList()) { o.Remove(kv.Key); step[kv.Key] = kv.Value; }
                    step["unexplained_peaks_deg"] = new JsonArray(s.UnexplainedPeaksDeg.Select(x => (JsonNode)x).ToArray());
                    return (JsonNode)step;
                }).ToArray()),
                ["new_peaks"] = new JsonArray(res.NewPeaks.Select(t => (JsonNode)new JsonObject
                {
                    ["two_theta_deg"] = t.TwoThetaDeg, ["first_detected_index"] = t.FirstDetectedIndex, ["detected_in"] = t.DetectedCount,
                    ["net_area_counts_deg"] = new JsonArray(t.NetArea.Select(v => (JsonNode)v).ToArray()),
                    ["net_area_stderr_counts_deg"] = new JsonArray(t.NetAreaStdErr.Select(v => (JsonNode)v).ToArray()),
                }).ToArray()),
                ["notes"] = new JsonArray(res.Notes.Concat(instNotes).Select(n => (JsonNode)n).ToArray()),
                ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode)w).ToArray()),
            });
            return 0;
        }
        AnsiConsole.WriteLine($"Sequential {(items[0].Options.Mode == RefinementMode.Rietveld ? "Rietveld" : "Le Bail")} refinement of {files.Count} patterns; abscissa: {xLabel} from {abscissa.Source}");
        var t = new Table().AddColumn("#").AddColumn("file").AddColumn(xLabel).AddColumn("Rwp %").AddColumn("χ²");
        foreach (var ph in res.Steps[0].Result.Phases)
        {
            t.AddColumn($"{ph.Name} a (Å)");
            if (ph.CrystalSystem is not "cubic" and not "rhombohedral") t.AddColumn($"{ph.Name} c (Å)");
            if (res.Steps[0].Result.Phases.Count > 1 && ph.WeightFraction is not null) t.AddColumn($"{ph.Name} w");
        }
        t.AddColumn("new peaks");
        foreach (var s in res.Steps)
        {
            var row = new List<string> { s.Index.ToString(CultureInfo.InvariantCulture), Path.GetFileName(s.Source), s.Value?.ToString("G6", CultureInfo.InvariantCulture) ?? "", (s.Result.Rwp * 100).ToString("0.##", CultureInfo.InvariantCulture), s.Result.ChiSquare.ToString("0.###", CultureInfo.InvariantCulture) };
            foreach (var ph in s.Result.Phases)
            {
                row.Add(RefinedCifWriter.Su(ph.Cell[0], ph.CellStdErr[0], 6));
                if (ph.CrystalSystem is not "cubic" and not "rhombohedral") row.Add(RefinedCifWriter.Su(ph.Cell[2], ph.CellStdErr[2], 6));
                if (s.Result.Phases.Count > 1 && ph.WeightFraction is { } wf) row.Add(RefinedCifWriter.Su(wf, ph.WeightFractionStdErr ?? 0, 4));
            }
            row.Add(string.Join(" ", s.UnexplainedPeaksDeg.Select(x => x.ToString("0.##", CultureInfo.InvariantCulture))));
            t.AddEscapedRow(row.ToArray());
        }
        AnsiConsole.Write(t);
        foreach (var tp in res.NewPeaks)
            AnsiConsole.WriteLine(Markup.Escape($"new peak at {tp.TwoThetaDeg:0.###}°: found in {tp.DetectedCount} of {files.Count} patterns, first in #{tp.FirstDetectedIndex}; net area (counts·°) {string.Join(", ", tp.NetArea.Select((a, k) => $"{a:0.#}±{tp.NetAreaStdErr[k]:0.#}"))}"));
        if (res.NewPeaks.Count == 0) AnsiConsole.WriteLine("No new peaks: every observed peak is explained by the refined phases.");
        foreach (var n in res.Notes.Concat(instNotes).Concat(loaded[0].Notes)) AnsiConsole.WriteLine(Markup.Escape("note: " + n));
        foreach (var w in warnings) AnsiConsole.WriteLine(Markup.Escape("warning: " + w));
        return 0;
    }

    private static string Table(SeriesResult res, SeriesAbscissa ab)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var head = new List<string> { "index", "file", ab.Unit is null ? ab.Name : $"{ab.Name}_{ab.Unit}", "rwp", "chi_square", "zero_deg", "zero_stderr_deg", "displacement_deg", "displacement_stderr_deg" };
        foreach (var ph in res.Steps[0].Result.Phases)
        {
            foreach (var c in new[] { "a", "b", "c" }) { head.Add($"{ph.Name}_{c}_angstrom"); head.Add($"{ph.Name}_{c}_stderr_angstrom"); }
            head.Add($"{ph.Name}_volume_a3"); head.Add($"{ph.Name}_volume_stderr_a3");
            if (ph.WeightFraction is not null) { head.Add($"{ph.Name}_weight_fraction"); head.Add($"{ph.Name}_weight_fraction_stderr"); }
        }
        foreach (var tp in res.NewPeaks) { head.Add($"peak_{tp.TwoThetaDeg.ToString("0.###", inv)}_net_area"); head.Add($"peak_{tp.TwoThetaDeg.ToString("0.###", inv)}_net_area_stderr"); }
        sb.AppendLine(string.Join(",", head));
        foreach (var s in res.Steps)
        {
            var r = s.Result;
            var row = new List<string> { s.Index.ToString(inv), Csv(Path.GetFileName(s.Source)), s.Value?.ToString("R", inv) ?? "", F(r.Rwp), F(r.ChiSquare), F(r.ZeroShiftDeg), F(r.ZeroShiftStdErrDeg), F(r.DisplacementDeg), F(r.DisplacementRefined ? r.DisplacementStdErrDeg : 0) };
            foreach (var ph in r.Phases)
            {
                for (int i = 0; i < 3; i++) { row.Add(F(ph.Cell[i])); row.Add(F(ph.CellStdErr[i])); }
                row.Add(F(ph.VolumeA3)); row.Add(F(ph.VolumeStdErrA3));
                if (ph.WeightFraction is { } wf) { row.Add(F(wf)); row.Add(F(ph.WeightFractionStdErr ?? 0)); }
            }
            foreach (var tp in res.NewPeaks) { row.Add(F(tp.NetArea[s.Index])); row.Add(F(tp.NetAreaStdErr[s.Index])); }
            sb.AppendLine(string.Join(",", row));
        }
        return sb.ToString();
        static string F(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
        static string Csv(string v) => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
    }

    private static List<PlotFigure> Figures(SeriesResult res, string xLabel)
    {
        var x = res.Steps.Select(s => s.Value ?? s.Index).ToArray();
        var figs = new List<PlotFigure>();
        var cell = new PlotFigure { Title = "lattice parameter across the series", XTitle = xLabel, YTitle = "a (Å)", Caption = "Refined lattice parameter a of each phase (error bars: 1 s.u.), sequential refinement with warm starts." };
        foreach (var (ph, k) in res.Steps[0].Result.Phases.Select((ph, k) => (ph, k)))
            cell.Add(PlotFigure.Markers($"{ph.Name} a", x, res.Steps.Select(s => s.Result.Phases[k].Cell[0]), res.Steps.Select(s => s.Result.Phases[k].CellStdErr[0])));
        figs.Add(cell);
        if (res.Steps[0].Result.Phases.Count > 1 && res.Steps[0].Result.Phases[0].WeightFraction is not null)
        {
            var wf = new PlotFigure { Title = "weight fractions across the series", XTitle = xLabel, YTitle = "weight fraction", Caption = "Weight fractions from the Rietveld scale factors (Hill & Howard), error bars 1 s.u." };
            foreach (var (ph, k) in res.Steps[0].Result.Phases.Select((ph, k) => (ph, k)))
                wf.Add(PlotFigure.Markers(ph.Name, x, res.Steps.Select(s => s.Result.Phases[k].WeightFraction ?? 0), res.Steps.Select(s => s.Result.Phases[k].WeightFractionStdErr ?? 0)));
            figs.Add(wf);
        }
        if (res.NewPeaks.Count > 0)
        {
            var np = new PlotFigure { Title = "new (unexplained) peaks across the series", XTitle = xLabel, YTitle = "net residual area (counts·°)", Caption = "Area of obs − calc around each peak none of the refined phases explains (error bars 1 s.u.): growth of by-products." };
            foreach (var tp in res.NewPeaks.Take(8)) np.Add(PlotFigure.Markers($"{tp.TwoThetaDeg:0.##}°", x, tp.NetArea, tp.NetAreaStdErr));
            figs.Add(np);
        }
        return figs;
    }
}

/// <summary>Orders names with embedded numbers by value: "t2" before "t10".</summary>
internal sealed class NaturalComparer : IComparer<string>
{
    public static readonly NaturalComparer Instance = new();

    public int Compare(string? a, string? b)
    {
        if (a is null || b is null) return string.CompareOrdinal(a, b);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsDigit(a[i]) && char.IsDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsDigit(a[i])) i++;
                while (j < b.Length && char.IsDigit(b[j])) j++;
                var na = a[si..i].TrimStart('0'); var nb = b[sj..j].TrimStart('0');
                int c = na.Length != nb.Length ? na.Length.CompareTo(nb.Length) : string.CompareOrdinal(na, nb);
                if (c != 0) return c;
            }
            else
            {
                int c = a[i].CompareTo(b[j]);
                if (c != 0) return c;
                i++; j++;
            }
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}
