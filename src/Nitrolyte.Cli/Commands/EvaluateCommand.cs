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
        var input = new Argument<string>("manifest-or-folder") { Description = "A manifest.yaml, a folder holding one, a folder whose sub-folders hold one each (e.g. examples), or a folder of data files without a manifest (folder mode: files recognised by content, impedance series grouped by name)." };
        var output = new Option<string>("--out") { Description = "Folder for report.json and report.html (one sub-folder per material when several are evaluated).", DefaultValueFactory = _ => "reports" };
        var json = CommandRunner.JsonOption();
        var writeManifest = new Option<bool>("--write-manifest") { Description = "Folder mode (a folder of data files with no manifest.yaml): also write the manifest inferred from the files' content to <folder>/manifest.yaml, for you to check and edit (never overwrites one)." };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 when any data item could not be analysed (by default such items are listed under not_analysed, every other item is analysed and the exit code is 0)." };
        var jobs = JobsOption.Create("the data items' analyses (materials are evaluated one after another)");
        var cmd = new Command("evaluate",
            "Run every analysis that exists for the data a manifest lists, judge the material against the field's targets, " +
            "and write report.json and a self-contained report.html (plots embedded; opens offline).\n" +
            $"Known techniques: {string.Join(", ", EvaluationSteps.KnownTechniques)}.")
        {
            input, output, json, strict, writeManifest, jobs,
        };
        cmd.SetHandler(p =>
        {
            var outDir = Path.GetFullPath(p.GetValue(output)!);
            if (File.Exists(outDir)) throw new UsageException($"--out {p.GetValue(output)}: is a file; give a folder for report.json and report.html");
            for (var d = Path.GetDirectoryName(outDir); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
                if (File.Exists(d)) throw new UsageException($"--out {p.GetValue(output)}: cannot create this folder, {d} is a file");
            var inputPath = p.GetValue(input)!;
            FolderManifest? folder = FolderManifest.Applies(inputPath) ? FolderManifest.Infer(inputPath) : null;
            if (p.GetValue(writeManifest))
            {
                if (folder is null) throw new UsageException($"--write-manifest: {inputPath} already has a manifest (folder mode is for a folder of data files without one)");
                var target = Path.Combine(Path.GetFullPath(inputPath), Manifest.FileNames[0]);
                AtomicFile.WriteAllText(target, folder.Yaml);
                Console.Error.WriteLine($"wrote {target}: the manifest inferred from the files; check it, add the sample geometry and evaluate again");
            }
            var manifests = folder is null ? Manifest.Discover(inputPath) : [];
            bool asJson = p.GetValue(json);
            var err = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error),
                Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            });
            var results = new List<JsonObject>();
            var loaded = folder is not null ? [folder.Manifest] : manifests.Select(Manifest.Load).ToList();
            var slugs = loaded.Select(m => Slug(Path.GetFileName(m.BaseDirectory))).ToList();
            // A report folder is replaced as a whole: it must not hold the manifest or any of its data files.
            for (int i = 0; i < loaded.Count; i++)
                OutputGuard.EnsureFolderHoldsNoInput(loaded.Count == 1 ? outDir : Path.Combine(outDir, slugs[i]), "--out", loaded[i].InputFiles);
            int failed = 0, notAnalysed = 0;
            string? firstNotAnalysed = null;
            for (int i = 0; i < loaded.Count; i++)
            {
                var m = loaded[i];
                var dir = loaded.Count == 1 ? outDir : Path.Combine(outDir, slugs[i]);
                // Every output of one material is written to a hidden staging folder beside the report folder, which
                // then replaces the report folder as a whole: report.html and report.json always come from one run.
                var staging = ReportFolder.CreateStaging(dir);
                try
                {
                    var sync = new SyncProgress(msg => { if (!asJson) err.MarkupLine($"[grey]…[/] {Markup.Escape(msg)}"); });
                    var report = EvaluationPipeline.Evaluate(m, staging, sync, jobs: JobsOption.Get(p, jobs));
                    if (folder is not null) report.NotAnalysed.AddRange(folder.Unrecognised);
                    var htmlPath = Path.Combine(dir, ReportFolder.HtmlName);
                    HtmlReportWriter.Write(report, Path.Combine(staging, ReportFolder.HtmlName), out var missing);
                    JsonReportWriter.Write(report, Path.Combine(staging, ReportFolder.JsonName), htmlPath);
                    ReportFolder.Replace(staging, dir);
                    foreach (var a in missing) err.MarkupLine($"[yellow]warning:[/] {Markup.Escape(a)} not found: plots are missing from the report (run npm ci).");
                    if (asJson) // the human summary lists them at the top; with --json stdout is the JSON, so say it here
                        foreach (var n in report.NotAnalysed.Where(n => n.Failed))
                            Console.Error.WriteLine($"not analysed: {CommandRunner.OneLine(n.Message)}"); // one line, never wrapped
                    notAnalysed += report.NotAnalysed.Count;
                    firstNotAnalysed ??= report.NotAnalysed.FirstOrDefault()?.Message;
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
                    try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); } catch (IOException) { }
                }
            }
            if (asJson && results.Count > 0)
                Console.Out.WriteLine((loaded.Count == 1 ? (JsonNode)results[0] : new JsonArray(results.ToArray<JsonNode?>())).ToJsonString(Json.Options));
            if (failed > 0) return ExitCodes.BadData;
            if (notAnalysed > 0 && p.GetValue(strict))
            {
                Console.Error.WriteLine($"error: not analysed (--strict): {CommandRunner.OneLine(firstNotAnalysed!)}" +
                    (notAnalysed > 1 ? $" (and {notAnalysed - 1} more: see not_analysed in report.json)" : ""));
                return ExitCodes.BadData;
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void PrintSummary(Report report, string htmlPath)
    {
        AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(report.Material)}[/]").LeftJustified());
        foreach (var n in report.NotAnalysed) AnsiConsole.MarkupLine($"[yellow]not analysed:[/] {Markup.Escape(n.Message)}");
        var t = new Table().AddColumn("target").AddColumn("requirement").AddColumn("value").AddColumn("verdict");
        foreach (var e in report.Scorecard)
        {
            var colour = e.Status switch { TargetStatus.Pass => "green", TargetStatus.Fail => "red", _ => "grey" };
            var verdict = $"[{colour}]{Markup.Escape(e.VerdictText)}[/]" + (e.MarginText is { } margin ? $" ({Markup.Escape(margin)})" : "");
            var value = e.ValueText(HtmlReportWriter.FormatNumber);
            t.AddRow(Markup.Escape(e.Target), Markup.Escape(e.Requirement), Markup.Escape(value), verdict);
        }
        AnsiConsole.Write(t);
        foreach (var k in report.KeyFigures) AnsiConsole.MarkupLine($"{Markup.Escape(k.Name)}: {Markup.Escape(k.Value)}{(k.Source is null ? "" : $" [grey]({Markup.Escape(k.Source)})[/]")}");
        AnsiConsole.MarkupLine($"report: [link]{Markup.Escape(htmlPath)}[/]");
    }

    private static string Slug(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray());

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
