using Nitrolyte.Core;
using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Evaluation;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("manifest-or-folder") { Description = "A manifest.yaml, a folder holding one, or a folder whose sub-folders hold one each (e.g. examples)." };
        var output = new Option<string>("--out") { Description = "Folder for report.json and report.html (one sub-folder per material when several are evaluated).", DefaultValueFactory = _ => "reports" };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("evaluate",
            "Run every analysis that exists for the data a manifest lists, judge the material against the field's targets, " +
            "and write report.json and a self-contained report.html (plots embedded; opens offline).\n" +
            $"Known techniques: {string.Join(", ", EvaluationSteps.KnownTechniques)}.")
        {
            input, output, json,
        };
        cmd.SetHandler(p =>
        {
            var outDir = Path.GetFullPath(p.GetValue(output)!);
            if (File.Exists(outDir)) throw new UsageException($"--out {p.GetValue(output)}: is a file; give a folder for report.json and report.html");
            for (var d = Path.GetDirectoryName(outDir); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
                if (File.Exists(d)) throw new UsageException($"--out {p.GetValue(output)}: cannot create this folder, {d} is a file");
            var manifests = Manifest.Discover(p.GetValue(input)!);
            bool asJson = p.GetValue(json);
            var err = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error),
                Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            });
            var results = new List<JsonObject>();
            var loaded = manifests.Select(Manifest.Load).ToList();
            var slugs = loaded.Select(m => Slug(Path.GetFileName(m.BaseDirectory))).ToList();
            // A report folder is replaced as a whole: it must not hold the manifest or any of its data files.
            for (int i = 0; i < loaded.Count; i++)
                OutputGuard.EnsureFolderHoldsNoInput(loaded.Count == 1 ? outDir : Path.Combine(outDir, slugs[i]), "--out", loaded[i].InputFiles);
            int failed = 0;
            for (int i = 0; i < loaded.Count; i++)
            {
                var m = loaded[i];
                var dir = loaded.Count == 1 ? outDir : Path.Combine(outDir, slugs[i]);
                // Every output of one material is written to a staging folder and moved into place only when the
                // whole evaluation succeeded: a bad data file never leaves a half-written report behind.
                var staging = Path.Combine(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
                Directory.CreateDirectory(staging);
                try
                {
                    var sync = new SyncProgress(msg => { if (!asJson) err.MarkupLine($"[grey]…[/] {Markup.Escape(msg)}"); });
                    var report = EvaluationPipeline.Evaluate(m, staging, sync);
                    var htmlPath = Path.Combine(dir, "report.html");
                    HtmlReportWriter.Write(report, Path.Combine(staging, "report.html"), out var missing);
                    JsonReportWriter.Write(report, Path.Combine(staging, "report.json"), htmlPath);
                    Directory.CreateDirectory(dir);
                    foreach (var f in Directory.GetFiles(staging))
                        File.Move(f, Path.Combine(dir, Path.GetFileName(f)), overwrite: true);
                    foreach (var a in missing) err.MarkupLine($"[yellow]warning:[/] {Markup.Escape(a)} not found: plots are missing from the report (run npm ci).");
                    results.Add(JsonReportWriter.ToJson(report, htmlPath));
                    if (!asJson) PrintSummary(report, htmlPath);
                }
                catch (Exception e) when (loaded.Count > 1 && e is NitrolyteFormatException or NitrolyteInputException or IOException)
                {
                    // With several materials, one bad file does not cost the others their reports; the exit code still says so.
                    Console.Error.WriteLine($"error: {CommandRunner.OneLine(e.Message)} (material {m.Material} skipped)");
                    failed++;
                }
                finally
                {
                    try { Directory.Delete(staging, recursive: true); } catch (IOException) { }
                }
            }
            if (asJson && results.Count > 0)
                Console.Out.WriteLine((loaded.Count == 1 ? (JsonNode)results[0] : new JsonArray(results.ToArray<JsonNode?>())).ToJsonString(Json.Options));
            return failed > 0 ? ExitCodes.BadData : ExitCodes.Ok;
        });
        return cmd;
    }

    private static void PrintSummary(Report report, string htmlPath)
    {
        AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(report.Material)}[/]").LeftJustified());
        var t = new Table().AddColumn("target").AddColumn("requirement").AddColumn("value").AddColumn("verdict");
        foreach (var e in report.Scorecard)
        {
            var verdict = e.Status switch { TargetStatus.Pass => "[green]pass[/]", TargetStatus.Fail => "[red]fail[/]", _ => "[grey]not measured[/]" };
            var value = e.Value is { } v ? $"{HtmlReportWriter.FormatNumber(v)} {e.Unit}" : "—";
            t.AddRow(Markup.Escape(e.Target), Markup.Escape(e.Requirement), Markup.Escape(value), verdict);
        }
        AnsiConsole.Write(t);
        foreach (var n in report.NotAnalysed) AnsiConsole.MarkupLine($"[yellow]not analysed:[/] {Markup.Escape(n)}");
        AnsiConsole.MarkupLine($"report: [link]{Markup.Escape(htmlPath)}[/]");
    }

    private static string Slug(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray());

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
