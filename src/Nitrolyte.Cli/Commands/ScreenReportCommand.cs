using System.CommandLine;
using Nitrolyte.Core;
using Nitrolyte.Screening;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>screen report</c>: the ranked table, JSON/CSV export and the HTML page.</summary>
public static class ScreenReportCommand
{
    public static Command Create()
    {
        var campaign = new Argument<string>("campaign") { Description = "Campaign folder." };
        var filter = new Option<string?>("--filter") { Description = "Keep done candidates for which this is true, e.g. \"bvse_3d_ev < 0.3 and e_hull_mev < 50\" (names: " + string.Join(", ", ScreeningReportData.KnownNames) + "). A missing value never passes." };
        var score = new Option<string?>("--score") { Description = "Rank by this expression, lowest first (default bvse_3d_ev), e.g. \"bvse_3d_ev + 0.002 * e_hull_mev\"." };
        var csv = new Option<string?>("--csv") { Description = "Write the ranked table as CSV." };
        var html = new Option<string?>("--html") { Description = "Write an HTML page (sortable table, barrier vs composition, barrier vs E_hull with the Pareto front, links to each candidate's CIF/JSON written beside it in <name>_structures/, and for the --pages best-ranked done candidates a page <name>_structures/<id>.html with the 3D structure and the BVSE isosurface)." };
        var pages = new Option<int?>("--pages") { Description = $"With --html: how many best-ranked done candidates get a BVSE 3D page (default {ScreeningReportWriter.DefaultPages}, at most {ScreeningReportWriter.MaxPages}; each recomputes one BVSE landscape at the campaign's grid; 0 = none)." };
        var structures = new Option<string?>("--structures") { Description = "Write each listed candidate's structure (<id>.json exact, <id>.cif) into this folder; the JSON names the files." };
        var top = new Option<int?>("--top") { Description = "List only the N best-ranked candidates (the table and files; JSON too)." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("report", "Rank a campaign's candidates (score, filters), print the table, export CSV/JSON, write an HTML page.")
        {
            campaign, filter, score, csv, html, pages, structures, top, json,
        };
        cmd.SetHandler(p =>
        {
            if (p.GetValue(top) is < 1) throw new UsageException("--top must be at least 1");
            if (p.GetValue(pages) is { } np && (np < 0 || np > ScreeningReportWriter.MaxPages)) throw new UsageException($"--pages must be 0..{ScreeningReportWriter.MaxPages} (got {np})");
            using var c = Campaign.Open(p.GetValue(campaign)!);
            ScreeningReportData data;
            try { data = ScreeningReportData.Build(c.Store, c.Config, p.GetValue(filter), p.GetValue(score)); }
            catch (NitrolyteInputException e) when (e.Message.StartsWith("--", StringComparison.Ordinal)) { throw new UsageException(e.Message); }
            if (p.GetValue(top) is { } n) data = data with { Rows = data.Rows.Take(n).ToList() };
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            if (p.GetValue(structures) is { } sdir)
                foreach (var (k, v) in ScreeningReportWriter.WriteStructures(data.Rows, sdir, Directory.GetCurrentDirectory())) files[k] = v;
            if (p.GetValue(csv) is { } csvPath)
            {
                AtomicFile.WriteAllText(csvPath, ScreeningReportWriter.ToCsv(data));
                Console.Error.WriteLine($"wrote {csvPath}");
            }
            if (p.GetValue(html) is { } htmlPath)
            {
                var full = Path.GetFullPath(htmlPath);
                var dir = Path.GetDirectoryName(full)!;
                Directory.CreateDirectory(dir);
                var sdir2 = Path.Combine(dir, Path.GetFileNameWithoutExtension(full) + "_structures");
                var links = ScreeningReportWriter.WriteStructures(data.Rows, sdir2, dir);
                var pageMissing = new List<string>();
                var pageLinks = ScreeningReportWriter.WriteCandidatePages(data.Rows, c.Config, p.GetValue(pages) ?? ScreeningReportWriter.DefaultPages, sdir2, dir, pageMissing);
                AtomicFile.WriteAllText(full, ScreeningReportWriter.ToHtml(data, c.Folder, links, out var missing, pageLinks));
                foreach (var m in missing.Union(pageMissing)) Console.Error.WriteLine($"warning: {m} not found (run npm ci): the HTML has no plots or 3D views");
                Console.Error.WriteLine($"wrote {htmlPath}, {links.Count} structure files and {pageLinks.Count} BVSE 3D pages in {Path.GetFileName(sdir2)}/");
            }
            if (p.GetValue(json)) { CommandRunner.PrintJson(ScreeningReportWriter.ToJson(data, c.Folder, files)); return 0; }
            bool hull = data.Rows.Any(r => r.Value("e_hull_mev") is not null);
            var t = new Table().AddColumn("rank").AddColumn("id").AddColumn("formula").AddColumn("rule, point").AddColumn("3D barrier (eV)").AddColumn("Ewald rank");
            if (hull) t.AddColumn("E_hull (meV)");
            t.AddColumn("status");
            string F(double? v, string fmt = "0.000") => v is { } x ? x.ToString(fmt, System.Globalization.CultureInfo.InvariantCulture) : "-";
            foreach (var r in data.Rows.Take(p.GetValue(top) ?? 50))
            {
                var point = string.Join(" ", new[] { ("x", r.Value("x")), ("strain", r.Value("strain")), ("a", r.Value("lattice_a")), ("ord", r.Value("ordering_rank")) }
                    .Where(q => q.Item2 is not null).Select(q => $"{q.Item1}={q.Item2!.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}"));
                var cells = new List<string>
                {
                    r.Rank?.ToString() ?? "-", r.Candidate.Id, r.Texts.GetValueOrDefault("formula", r.Candidate.Formula),
                    (ScreeningReportData.RuleName(r.Candidate.RuleDescription) + " " + point).Trim(),
                    r.Value("bvse_dim") is { } dim ? $"{F(r.Value("bvse_3d_ev"))} ({dim:0}D)" : "-", F(r.Value("ewald_rank"), "0"),
                };
                if (hull) cells.Add(F(r.Value("e_hull_mev"), "0.0"));
                cells.Add(r.Status + (r.Result?.ErrorReason is { } why ? $": {why}" : ""));
                t.AddEscapedRow([.. cells]);
            }
            AnsiConsole.Write(t);
            var counts = data.Counts;
            Console.WriteLine($"{counts.Done} done, {counts.Failed} failed, {counts.Pending} pending; ranked by {data.ScoreExpression} (lower first){(data.FilterExpression is null ? "" : $", filter {data.FilterExpression}")}; {data.Rows.Count} listed{(data.Rows.Count > 50 && p.GetValue(top) is null ? " (first 50 shown; --top N or --csv for more)" : "")}");
            return 0;
        });
        return cmd;
    }
}
