using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Evaluation;

/// <summary>Issue 14: evaluate keeps going past a bad item, refuses unknown option keys, and leaves no leftovers.</summary>
public class EvaluateKeepsGoingTests
{
    private static string Examples => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples");

    [Fact]
    public void AStructureAndASeriesAreReportedWhenTheEntriesFileFails()
    {
        using var tmp = new TempDir();
        File.Copy(Path.Combine(Examples, "li9n2cl3", "Li9N2Cl3.cif"), tmp.File("s.cif"));
        File.WriteAllText(tmp.File("sigma.csv"), "T_C,sigma_s_per_cm\n25,1.0e-4\n50,3.1e-4\n75,8.0e-4\n100,1.8e-3\n");
        // no Li reference: the phase diagram cannot be built ("no entry for the pure element Li")
        File.WriteAllText(tmp.File("entries.csv"), "Name,Li,N,Cl,Final energy\nN2,0,2,0,-8.3\nCl2,0,0,2,-3.6\nLi3N,3,1,0,-12.0\n");
        File.WriteAllText(tmp.File("manifest.yaml"), """
            material: Li9N2Cl3
            formula: Li9N2Cl3
            data:
              - technique: structure
                file: s.cif
                options: { grid_a: 0.3 }
              - technique: conductivity_table
                label: series
                file: sigma.csv
              - technique: entries
                label: bad entries
                file: entries.csv
            """);
        var outDir = tmp.File("out");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", outDir, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        var analyses = j["analyses"]!.AsObject();
        Assert.Contains(analyses, kv => kv.Key.StartsWith("structure"));
        Assert.Contains(analyses, kv => kv.Key.StartsWith("structure") && kv.Key.EndsWith("/bvse"));
        Assert.True(analyses.ContainsKey("conductivity_table"));
        Assert.False(analyses.ContainsKey("entries"));
        var item = Assert.Single(j["not_analysed"]!.AsArray())!;
        Assert.Equal("bad entries", item["label"]!.ToString());
        Assert.Equal("entries", item["technique"]!.ToString());
        Assert.Equal("failed", item["kind"]!.ToString());
        Assert.EndsWith("entries.csv", item["file"]!.ToString());
        Assert.Contains("no entry for the pure element Li", item["reason"]!.ToString());
        Assert.Contains("not analysed", r.Stderr);
        Assert.Contains("no entry for the pure element Li", r.Stderr);
        // the scorecard still judges the conductivity of the series
        var sigma = j["scorecard"]!.AsArray().First(e => e!["id"]!.ToString() == "sigma_25c")!;
        Assert.Equal("fail", sigma["status"]!.ToString()); // 0.1 mS/cm < 1 mS/cm: judged, not "not measured"
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("no entry for the pure element Li", html);
        Assert.True(html.IndexOf("id=\"not-analysed\"", StringComparison.Ordinal) < html.IndexOf("id=\"scorecard\"", StringComparison.Ordinal));
        // human output names it too, and --strict turns it into exit 1
        var human = CliHarness.Run("evaluate", tmp.Path, "--out", outDir);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("not analysed: bad entries (entries, entries.csv)", human.Stdout);
        Assert.Equal(1, CliHarness.Run("evaluate", tmp.Path, "--out", outDir, "--strict").ExitCode);
    }

    [Fact]
    public void AMissingFileIsListedNotFatal()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("sigma.csv"), "T_C,sigma_s_per_cm\n25,1.0e-4\n50,3.1e-4\n75,8.0e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: X\ndata:\n  - technique: conductivity_table\n    file: sigma.csv\n  - technique: eis\n    file: gone.csv\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var item = Assert.Single(r.Json()["not_analysed"]!.AsArray())!;
        Assert.Contains("gone.csv", item["reason"]!.ToString());
        Assert.Contains("not found", item["reason"]!.ToString());
        Assert.NotNull(r.Json()["analyses"]!["conductivity_table"]);
    }

    [Fact]
    public void AnUnknownOptionKeyIsRefusedNamingItAndTheValidOnes()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("sigma.csv"), "T_C,sigma_s_per_cm\n25,1.0e-4\n50,3.1e-4\n75,8.0e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: X\ndata:\n  - technique: conductivity_table\n    file: sigma.csv\n    options: { from: sigma }\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"));
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("manifest.yaml", line);
        Assert.Contains("unknown option 'from'", line);
        Assert.Contains("did you mean 'form'", line);
        Assert.Contains("valid options for conductivity_table: columns, form", line);
        Assert.False(Directory.Exists(tmp.File("out")) && Directory.EnumerateFileSystemEntries(tmp.File("out")).Any());
    }

    [Fact]
    public void EveryOptionKeyTheExamplesUseIsDeclared()
    {
        // all bundled manifests pass the key check (their options are all read by some step)
        foreach (var path in Manifest.Discover(Examples))
            EvaluationPipeline.CheckOptionKeys(Manifest.Load(path), EvaluationSteps.All);
        // a technique handled by several steps accepts the union of their keys
        var m = ManifestFrom("material: X\ndata:\n  - technique: structure\n    file: a.cif\n    options: { grid_a: 0.2, wavelength: CuKa }\n");
        EvaluationPipeline.CheckOptionKeys(m, EvaluationSteps.All);
        var bad = ManifestFrom("material: X\ndata:\n  - technique: structure\n    file: a.cif\n    options: { gird_a: 0.2 }\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => EvaluationPipeline.CheckOptionKeys(bad, EvaluationSteps.All));
        Assert.Contains("grid_a", e.Message);
        Assert.Contains("wavelength", e.Message);
    }

    private static Manifest ManifestFrom(string yaml)
    {
        var dir = Directory.CreateTempSubdirectory("nl-man").FullName;
        File.WriteAllText(Path.Combine(dir, "manifest.yaml"), yaml);
        try { return Manifest.Load(Path.Combine(dir, "manifest.yaml")); }
        finally { Directory.Delete(dir, true); }
    }
}

public class LeftoverTests
{
    private static void Age(string path)
    {
        var t = DateTime.UtcNow.AddDays(-1);
        if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, t); else File.SetLastWriteTimeUtc(path, t);
    }

    [Fact]
    public void OnlyOurOwnLeftoversOfDeadProcessesAreRemoved()
    {
        using var tmp = new TempDir();
        const int dead = 4_194_304 + 17; // above Linux's pid_max: never a running process
        string G() => Guid.NewGuid().ToString("N");
        var deadTmp = tmp.File($".big.csv.{dead}.{G()}.tmp");
        var deadPartial = tmp.File($".reports.{dead}.{G()}.partial");
        var fresh = tmp.File($".new.csv.{dead}.{G()}.tmp");            // written after this process started
        var mine = tmp.File($".mine.csv.{Environment.ProcessId}.{G()}.tmp"); // this process' own
        var live = tmp.File($".live.csv.1.{G()}.tmp");                  // pid 1 is running
        var user = tmp.File(".hidden.tmp");                              // not our pattern
        var userData = tmp.File("data.12.tmp");
        foreach (var f in new[] { deadTmp, fresh, mine, live, user, userData }) File.WriteAllText(f, "x");
        Directory.CreateDirectory(deadPartial);
        File.WriteAllText(Path.Combine(deadPartial, "report.html"), "x");
        foreach (var f in new[] { deadTmp, deadPartial, mine, live, user, userData }) Age(f);
        // a report folder moved aside by a run killed between its two renames is put back
        var oldReport = tmp.File($".report_a.{dead}.{G()}.old");
        Directory.CreateDirectory(oldReport);
        File.WriteAllText(Path.Combine(oldReport, "report.json"), "{}");
        Age(oldReport);

        var removed = Leftovers.Clean(tmp.Path);
        Assert.Equal(3, removed.Count);
        Assert.False(File.Exists(deadTmp));
        Assert.False(Directory.Exists(deadPartial));
        Assert.True(File.Exists(Path.Combine(tmp.Path, "report_a", "report.json")));
        foreach (var f in new[] { fresh, mine, live, user, userData }) Assert.True(File.Exists(f), f);
    }

    [Fact]
    public void AtomicWritesCleanTheirFolder()
    {
        using var tmp = new TempDir();
        var leftover = tmp.File($".cp.csv.{4_194_304 + 5}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(leftover, new string('x', 1000));
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddDays(-1));
        AtomicFile.WriteAllText(tmp.File("cp.csv"), "a\n");
        Assert.False(File.Exists(leftover));
        Assert.Equal(["cp.csv"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void OrderIntoAnExistingFolderRemovesItsOwnStaleOutputsOnly()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("notes.txt"), "mine");
        File.WriteAllText(dir.File("ordered_notes.vasp.bak"), "mine");
        Assert.Equal(0, CliHarness.Run("order", "Li2.5N0.5S0.5", "--supercell", "1,1,1", "--samples", "30", "--keep", "4", "--random", "2", "--seed", "1", "--out", dir.Path).ExitCode);
        Assert.Equal(6, Directory.GetFiles(dir.Path, "ordered_*.vasp").Length);
        var r = CliHarness.Run("order", "Li2.5N0.5S0.5", "--supercell", "1,1,1", "--samples", "30", "--keep", "2", "--random", "0", "--seed", "2", "--out", dir.Path, "--json");
        Assert.Equal(0, r.ExitCode);
        var listed = r.Json()["configurations"]!.AsArray().Select(c => c!["file"]!.ToString()).Order().ToList();
        Assert.Equal(listed, Directory.GetFiles(dir.Path, "ordered_*.vasp").Select(f => Path.GetFileName(f)!).Order().ToList());
        Assert.True(File.Exists(dir.File("notes.txt")));
        Assert.True(File.Exists(dir.File("ordered_notes.vasp.bak")));
    }
}

/// <summary>Starts the CLI as a child process, kills it mid-run and runs it again.</summary>
public class KillAndRerunTests
{
    private static string CliDll => CliHarness.PublishedCli ?? Path.Combine(AppContext.BaseDirectory, "Nitrolyte.Cli.dll");

    private static Process Start(params string[] args) => Process.Start(CliHarness.StartInfo(args))!;

    private static (string Json, string Html) RunIds(string reportDir)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(reportDir, "report.json")))!["run_id"]!.ToString();
        var html = Regex.Match(File.ReadAllText(Path.Combine(reportDir, "report.html")), "<meta name=\"nitrolyte-run-id\" content=\"([0-9a-f]+)\">").Groups[1].Value;
        return (json, html);
    }

    [Fact]
    public void AKilledEvaluateLeavesNothingTheNextRunDoesNotCleanAndTheReportIsFromOneRun()
    {
        Assert.True(File.Exists(CliDll), CliDll);
        using var tmp = new TempDir();
        var manifest = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3");
        var outDir = tmp.File("out");
        var first = CliHarness.Run("evaluate", manifest, "--out", outDir);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var (j1, h1) = RunIds(outDir);
        Assert.Equal(j1, h1);
        File.WriteAllText(Path.Combine(outDir, "bvse-99.cube"), "stale"); // an output a later run does not write...
        var old = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!.AsObject();
        old["outputs"]!.AsArray().Add("bvse-99.cube");                  // ...listed as the first run's own
        File.WriteAllText(Path.Combine(outDir, "report.json"), old.ToJsonString());

        // kill the second run as soon as its staging folder exists (mid-analysis)
        using (var p = Start("evaluate", manifest, "--out", outDir))
        {
            bool seen = false;
            for (int i = 0; i < 6000 && !p.HasExited && !seen; i++)
            {
                seen = Directory.EnumerateDirectories(tmp.Path, ".*.partial").Any();
                if (!seen) Thread.Sleep(10);
            }
            Assert.True(seen, "the child never created its staging folder");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(tmp.Path, ".*")); // the kill left its staging folder
        var (j2, h2) = RunIds(outDir);
        Assert.Equal(j2, h2); // whatever the kill interrupted, the report in place is one run's

        // the user re-runs later: leftovers count as older than the new process only beyond the ~1 s resolution with
        // which .NET reports a process' start time on Linux (/proc/stat btime is in whole seconds)
        Thread.Sleep(2000);
        using (var p = Start("evaluate", manifest, "--out", outDir, "--json"))
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, stderr);
            var (j3, h3) = RunIds(outDir);
            Assert.Equal(j3, h3);
            Assert.Equal(JsonNode.Parse(stdout.Result)!["run_id"]!.ToString(), j3);
            Assert.NotEqual(j1, j3);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp.Path, ".*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir, ".*"));
        Assert.False(File.Exists(Path.Combine(outDir, "bvse-99.cube"))); // the stale output went with the old folder
        Assert.True(File.Exists(Path.Combine(outDir, "bvse-1.cube")));
    }

    [Fact]
    public void AFolderWithTheUsersOwnFilesKeepsThemAndLosesOnlyStaleOutputs()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("sigma.csv"), "T_C,sigma_s_per_cm\n25,1.0e-4\n50,3.1e-4\n75,8.0e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: X\ndata:\n  - technique: conductivity_table\n    file: sigma.csv\n");
        var outDir = tmp.File("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "my_notes.txt"), "keep me");
        File.WriteAllText(Path.Combine(outDir, "report.json"), """{"outputs": ["bvse-0.cube"]}""");
        File.WriteAllText(Path.Combine(outDir, "bvse-0.cube"), "stale");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(outDir, "my_notes.txt")));
        Assert.False(File.Exists(Path.Combine(outDir, "bvse-0.cube")));
        var (j, h) = RunIds(outDir);
        Assert.Equal(j, h);
    }
}

/// <summary>Folder mode: a folder of data files without a manifest.</summary>
public class FolderModeTests
{
    private static string Example => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3");

    [Theory]
    [InlineData("pellet_25C.csv", "pellet")]
    [InlineData("pellet_85C.csv", "pellet")]
    [InlineData("LLZO-100 °C.txt", "LLZO")]
    [InlineData("milled_30C.csv", "milled")]
    [InlineData("cell_300K.csv", "cell")]
    [InlineData("spectrum.csv", "spectrum")]
    public void ImpedanceFilesAreGroupedByTheirNameWithoutTheTemperature(string file, string key) =>
        Assert.Equal(key, FolderManifest.SeriesKey(file));

    [Fact]
    public void AFolderWithoutAManifestIsRecognisedByContentAndCanWriteItsManifest()
    {
        using var tmp = new TempDir();
        var data = tmp.File("LNC");
        Directory.CreateDirectory(data);
        foreach (var f in new[] { "Li9N2Cl3.cif", "sigma_t.csv", "synthetic_entries.csv", "pellet_25C.csv", "pellet_45C.csv", "pellet_65C.csv", "pellet_85C.csv", "ccd_staircase_generated.csv" })
            File.Copy(Path.Combine(Example, f), Path.Combine(data, f));
        var r = CliHarness.Run("evaluate", data, "--out", tmp.File("out"), "--json", "--write-manifest");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        var analyses = j["analyses"]!.AsObject();
        Assert.True(analyses.ContainsKey("structure/structure"));
        Assert.True(analyses.ContainsKey("conductivity_table"));
        Assert.True(analyses.ContainsKey("entries"));
        // the four pellet spectra form one series, temperatures from the names
        var temps = analyses["eis"]!["fits"]!.AsArray().Select(f => f!["temperature_c"]!.GetValue<double>()).Order().ToList();
        Assert.Equal([25.0, 45, 65, 85], temps);
        // a cycling file cannot be told apart by content: listed, with what to do
        var na = Assert.Single(j["not_analysed"]!.AsArray())!;
        Assert.EndsWith("ccd_staircase_generated.csv", na["file"]!.ToString());
        Assert.Equal("unsupported", na["kind"]!.ToString());
        Assert.Contains("symmetric_cycling", na["reason"]!.ToString());
        // the inferred manifest was written; it loads and lists the same items
        var written = Path.Combine(data, "manifest.yaml");
        Assert.True(File.Exists(written));
        var text = File.ReadAllText(written);
        Assert.Contains("#   file: \"ccd_staircase_generated.csv\"", text);
        var m = Manifest.Load(written);
        Assert.Equal(4, m.Data.Count);
        Assert.Equal(4, m.Data.Single(d => d.Technique == "eis").Files.Count);
        // now that a manifest exists, --write-manifest refuses and leaves it alone
        var again = CliHarness.Run("evaluate", data, "--out", tmp.File("out"), "--write-manifest");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(text, File.ReadAllText(written));
    }

    [Fact]
    public void AFolderWithNothingRecognisableIsAOneLineError()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("notes.txt"), "just notes\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"));
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("no manifest.yaml", line);
    }
}

/// <summary>Every option a step reads is declared in its OptionKeys (else a manifest using it would be refused), and
/// only the step's options record reads them (parsed once, issue 15): a step class reads typed fields, never keys.</summary>
public class OptionKeysDeclaredTests
{
    [Fact]
    public void EveryOptionKeyReadInAStepIsDeclared()
    {
        var dir = Path.Combine(RepositoryPaths.RepositoryRoot!, "src", "Nitrolyte", "Evaluation", "Steps");
        var read = new Regex(@"(?:\((?:o|opt|cell|entry\.Options), ""(?<k>[a-z0-9_]+)""|\b(?:o|opt|cell|entry\.Options)\[""(?<k>[a-z0-9_]+)""\]|\b(?:Opt|OptString)\(entry, ""(?<k>[a-z0-9_]+)"")");
        int checkedKeys = 0;
        foreach (var file in Directory.GetFiles(dir, "*.cs"))
        {
            var text = File.ReadAllText(file);
            var cls = Regex.Match(text, @"class (\w+) : IEvaluationStep");
            if (cls.Success)
            {
                var reads = read.Matches(text).Select(m => m.Groups["k"].Value).ToList();
                Assert.True(reads.Count == 0, $"{Path.GetFileName(file)} reads option(s) {string.Join(", ", reads)} by key: read them in its options record");
                continue;
            }
            var rec = Regex.Match(text, @"record (\w+StepOptions)\b");
            if (!rec.Success) continue;
            var type = typeof(StepOptions).Assembly.GetType($"Nitrolyte.Evaluation.Steps.{rec.Groups[1].Value}")!;
            var keys = (IReadOnlyCollection<string>)type.GetProperty("Keys")!.GetValue(null)!;
            foreach (Match m in read.Matches(text))
            {
                Assert.True(keys.Contains(m.Groups["k"].Value), $"{Path.GetFileName(file)} reads option '{m.Groups["k"].Value}' but {type.Name}.Keys does not declare it");
                checkedKeys++;
            }
        }
        Assert.True(checkedKeys > 80, $"only {checkedKeys} option reads found: the pattern no longer matches the records");
    }
}
