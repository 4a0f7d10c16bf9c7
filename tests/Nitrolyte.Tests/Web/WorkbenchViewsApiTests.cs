using System.Text.Json.Nodes;
using Nitrolyte.Evaluation;
using Nitrolyte.Evaluation.Steps;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;
using Nitrolyte.Web;

namespace Nitrolyte.Tests.Web;

/// <summary>
/// The workbench beyond the impedance fit: evaluate from the page (background job, progress, cancel, the report),
/// the cycling and structure views (the evaluate steps' own results and figures), the F-test of nested circuits and
/// the Ω·cm geometry factor. Every number is compared with a direct call of the library code the CLI runs.
/// </summary>
public sealed class WorkbenchViewsApiTests
{
    private static async Task<JsonNode> WaitForJob(WorkbenchHost h, string id, Func<JsonNode, bool> until)
    {
        for (int i = 0; i < 1200; i++)
        {
            var (status, j) = await h.Get("/api/evaluate/" + id);
            Assert.Equal(200, status);
            if (until(j!)) return j!;
            await Task.Delay(100);
        }
        throw new TimeoutException("evaluate job did not reach the expected state in 120 s");
    }

    private static DataEntry Entry(string folder, string file)
    {
        var m = Manifest.Load(Path.Combine(folder, "manifest.yaml"));
        return m.Data.First(d => d.Files.Count == 1 && Path.GetFileName(d.Files[0]) == file);
    }

    private static EvaluationContext Context(string folder) => new() { Manifest = Manifest.Load(Path.Combine(folder, "manifest.yaml")), OutputDirectory = Path.GetTempPath() };

    [Fact]
    public async Task Evaluate_runs_in_the_background_writes_the_cli_report_and_links_each_analysis_to_its_view()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        var (status, started) = await h.Post("/api/evaluate", new { });
        Assert.Equal(202, status);
        var id = started!["id"]!.GetValue<string>();
        var done = await WaitForJob(h, id, j => j["state"]!.GetValue<string>() != "running");
        Assert.Equal("done", done["state"]!.GetValue<string>());
        Assert.Contains(done["messages"]!.AsArray(), m => m!.GetValue<string>().Contains("full_cell"));
        var r = done["result"]!;
        var analyses = r["analyses"]!.AsArray();
        string? View(string key) => analyses.First(a => a!["key"]!.GetValue<string>() == key)!["view"]?.GetValue<string>();
        Assert.Equal("fit", View("eis"));
        Assert.Equal("cycling", View("full_cell"));
        Assert.Equal("cycling", View("symmetric_cycling"));
        Assert.Equal("structure", View("structure/bvse"));
        Assert.Equal("Li9N2Cl3.cif", analyses.First(a => a!["key"]!.GetValue<string>() == "structure/structure")!["files"]![0]!.GetValue<string>());

        // the report is the one evaluate writes, served from the workspace's reports/ folder, with its run id
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(h.Folder, "reports", "report.json")))!;
        Assert.Equal(r["run_id"]!.GetValue<string>(), json["run_id"]!.GetValue<string>());
        using var resp = await h.Client.GetAsync(r["report_url"]!.GetValue<string>());
        Assert.Equal(200, (int)resp.StatusCode);
        Assert.Equal("text/html", resp.Content.Headers.ContentType!.MediaType);
        Assert.Contains("'unsafe-inline'", resp.Headers.GetValues("Content-Security-Policy").Single());
        var html = await resp.Content.ReadAsStringAsync();
        Assert.Contains(json["run_id"]!.GetValue<string>(), html);

        // the same numbers as the CLI's pipeline on the same manifest
        var direct = EvaluationPipeline.Evaluate(Manifest.Load(Path.Combine(h.Folder, "manifest.yaml")), Directory.CreateTempSubdirectory().FullName);
        Assert.Equal(direct.Analyses["full_cell"]!["retention_pct"]!.GetValue<double>(), json["analyses"]!["full_cell"]!["retention_pct"]!.GetValue<double>());
        Assert.Equal(direct.Analyses["symmetric_cycling"]!["ccd_ma_per_cm2"]!.GetValue<double>(), json["analyses"]!["symmetric_cycling"]!["ccd_ma_per_cm2"]!.GetValue<double>());
        Assert.Equal(direct.Scorecard.Count, r["scorecard"]!.AsArray().Count);

        // the report folder is output: not listed as data
        var (_, files) = await h.Get("/api/files");
        Assert.DoesNotContain(files!["files"]!.AsArray(), f => f!["path"]!.GetValue<string>().StartsWith("reports/"));
        // reload: the latest run is found again
        var (_, latest) = await h.Get("/api/evaluate");
        Assert.Equal(id, latest!["id"]!.GetValue<string>());
    }

    /// <summary>An evaluate step that blocks until released: the run stays under way while the test looks.</summary>
    private sealed class BlockingStep : IEvaluationStep
    {
        public readonly ManualResetEventSlim Entered = new(), Release = new();
        public IReadOnlyList<string> Techniques { get; } = ["eis"];
        public IReadOnlyCollection<string> OptionKeys { get; } = new ImpedanceStep().OptionKeys;
        public int Runs;
        public StepOutcome Run(DataEntry entry, EvaluationContext context)
        {
            Interlocked.Increment(ref Runs);
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(60));
            return new StepOutcome { Results = new JsonObject(), Section = new ReportSection { Key = "blocking", Title = "blocking" } };
        }
    }

    [Fact]
    public async Task A_long_evaluate_does_not_block_other_requests_refuses_a_second_run_and_cancels()
    {
        var step = new BlockingStep();
        await using var h = new WorkbenchHost("li2nh", [step]);
        var (_, started) = await h.Post("/api/evaluate", new { });
        var id = started!["id"]!.GetValue<string>();
        Assert.True(step.Entered.Wait(TimeSpan.FromSeconds(30)));
        // the page keeps working while the run is under way
        var (filesStatus, _) = await h.Get("/api/files");
        Assert.Equal(200, filesStatus);
        var (fitStatus, _) = await h.Post("/api/fit", new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit, multistart = 0 });
        Assert.Equal(200, fitStatus);
        var (_, running) = await h.Get("/api/evaluate/" + id);
        Assert.Equal("running", running!["state"]!.GetValue<string>());
        var (second, err) = await h.Post("/api/evaluate", new { });
        Assert.Equal(409, second);
        Assert.Contains("already under way", err!["error"]!.GetValue<string>());

        var (cancelStatus, _) = await h.Post($"/api/evaluate/{id}/cancel", new { });
        Assert.Equal(200, cancelStatus);
        step.Release.Set();
        var end = await WaitForJob(h, id, j => j["state"]!.GetValue<string>() != "running");
        Assert.Equal("cancelled", end["state"]!.GetValue<string>());
        // the items under way when the cancel came ran (evaluate runs a material's items on all cores, so up to one
        // per core); the cancel stopped the run at the next progress message, so no further item started
        Assert.InRange(step.Runs, 1, Environment.ProcessorCount);
        Assert.False(Directory.Exists(Path.Combine(h.Folder, "reports")), "a cancelled run writes no report");
        Assert.Empty(Directory.GetDirectories(h.Folder)); // and leaves no staging folder
        Assert.Contains(h.Log.Lines, l => l.Contains("cancelled"));
        var (missing, _) = await h.Get("/api/evaluate/nosuchrun");
        Assert.Equal(404, missing);
    }

    [Fact]
    public async Task Cycling_view_returns_the_evaluate_steps_results_and_figures_for_a_symmetric_cell()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        var (status, r) = await h.Post("/api/analyse", new { file = "ccd_staircase_generated.csv" });
        Assert.Equal(200, status);
        Assert.True(r!["from_manifest"]!.GetValue<bool>());
        var o = Assert.Single(r["outcomes"]!.AsArray())!;
        var direct = new SymmetricCyclingStep().Run(Entry(h.Folder, "ccd_staircase_generated.csv"), Context(h.Folder));
        Assert.Equal(direct.Results.ToJsonString(), o["results"]!.ToJsonString());
        var titles = o["section"]!["figures"]!.AsArray().Select(f => f!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(["Voltage profile", "Overpotential per half cycle", "Current-density staircase"], titles);
        // the staircase carries the CCD line, the voltage profile the events as shapes
        var stair = o["section"]!["figures"]![2]!;
        Assert.Contains(stair["data"]!.AsArray(), t => t!["name"]!.GetValue<string>().StartsWith("CCD"));
        Assert.Equal(direct.Results["events"]!.AsArray().Count, o["section"]!["figures"]![0]!["layout"]!["shapes"]?.AsArray().Count ?? 0);
    }

    [Fact]
    public async Task Cycling_view_draws_the_chosen_cycles_of_a_full_cell_and_refuses_a_cycle_it_does_not_have()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        var (status, r) = await h.Post("/api/analyse", new { file = "full_cell_ncm83_generated.csv", cycles = new[] { 2, 40 } });
        Assert.Equal(200, status);
        var names = r!["profiles"]!["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["cycle 2 charge", "cycle 2 discharge", "cycle 40 charge", "cycle 40 discharge"], names.Order().ToList());
        Assert.Equal("time (h)", r["voltage_time"]!["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
        var direct = new FullCellStep().Run(Entry(h.Folder, "full_cell_ncm83_generated.csv"), Context(h.Folder));
        Assert.Equal(direct.Results.ToJsonString(), r["outcomes"]![0]!["results"]!.ToJsonString());
        // the capacity of the profile's discharge end is the cycle's discharge capacity per gram (same integration)
        var d40 = r["profiles"]!["data"]!.AsArray().First(t => t!["name"]!.GetValue<string>() == "cycle 40 discharge")!;
        var cyc40 = direct.Results["cycles"]!.AsArray().First(c => c!["index"]!.GetValue<int>() == 40)!;
        Assert.Equal(cyc40["discharge_mah_per_g"]!.GetValue<double>(), d40["x"]!.AsArray().Last()!.GetValue<double>(), cyc40["discharge_mah_per_g"]!.GetValue<double>() * 0.01);

        var (bad, err) = await h.Post("/api/analyse", new { file = "full_cell_ncm83_generated.csv", cycles = new[] { 100000 } });
        Assert.Equal(400, bad);
        Assert.Contains("100000 is not a complete cycle of full_cell_ncm83_generated.csv", err!["error"]!.GetValue<string>());
        // an option no step reads is refused naming it and the valid ones, as evaluate refuses it
        var (unknown, err2) = await h.Post("/api/analyse", new { file = "full_cell_ncm83_generated.csv", options = new { refrence_cycle = 3 } });
        Assert.Equal(400, unknown);
        Assert.Contains("unknown option 'refrence_cycle'", err2!["error"]!.GetValue<string>());
        Assert.Contains("reference_cycle", err2["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reference_cycle_chosen_in_the_cycling_view_is_saved_where_evaluate_reads_it()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        var (_, d) = await h.Get("/api/decisions?file=full_cell_ncm83_generated.csv");
        var (status, _) = await h.Post("/api/decisions", new { file = "full_cell_ncm83_generated.csv", version = d!["version"]!.GetValue<string>(), decisions = new { reference_cycle = 5 } });
        Assert.Equal(200, status);
        var entry = Entry(h.Folder, "full_cell_ncm83_generated.csv");
        Assert.Equal(5.0, ManifestValues.Double(entry.Options, "reference_cycle"));
        var (_, r) = await h.Post("/api/analyse", new { file = "full_cell_ncm83_generated.csv" });
        Assert.Equal(5, r!["outcomes"]![0]!["results"]!["reference_cycle"]!.GetValue<int>());
        // not an option of an impedance item: refused, nothing written
        var before = File.ReadAllText(Path.Combine(h.Folder, "manifest.yaml"));
        var (_, d2) = await h.Get("/api/decisions?file=pellet_25C.csv");
        var (refused, err) = await h.Post("/api/decisions", new { file = "pellet_25C.csv", version = d2!["version"]!.GetValue<string>(), decisions = new { reference_cycle = 5 } });
        Assert.Equal(400, refused);
        Assert.Contains("'reference_cycle' is not an option of eis items", err!["error"]!.GetValue<string>());
        Assert.Equal(before, File.ReadAllText(Path.Combine(h.Folder, "manifest.yaml")));
    }

    [Fact]
    public async Task Structure_view_gives_partly_occupied_sites_the_xrd_pattern_and_the_bvse_landscape_with_barriers()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        var (status, r) = await h.Post("/api/analyse", new { file = "Li9N2Cl3.cif", technique = "structure", step = "structure" });
        Assert.Equal(200, status);
        var s = Nitrolyte.Formats.Structures.StructureReader.Read(Path.Combine(h.Folder, "Li9N2Cl3.cif"));
        var atoms = r!["atoms"]!;
        Assert.Equal(s.Sites.Count, atoms["sites"]!.GetValue<int>());
        Assert.Equal(s.Sites.Count(x => !x.IsOrdered), atoms["partial_sites"]!.GetValue<int>());
        Assert.True(atoms["partial_sites"]!.GetValue<int>() > 0, "Li9N2Cl3 is vacancy-rich: partly occupied sites expected");
        Assert.Equal(s.Sites.Count(x => !x.IsOrdered) + 2, atoms["partial_xyz"]!.GetValue<string>().TrimEnd('\n').Split('\n').Length);
        var corner = atoms["cell_corners"]![7]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var (cx, cy, cz) = s.Lattice.ToCartesian(1, 1, 1);
        Assert.Equal([cx, cy, cz], corner, (a, b) => Math.Abs(a - b) < 1e-4);
        var figs = r["outcomes"]![0]!["section"]!["figures"]!.AsArray();
        Assert.StartsWith("Powder patterns", figs[0]!["title"]!.GetValue<string>());
        Assert.Equal("2θ (°)", figs[0]!["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());

        var (bs, b) = await h.Post("/api/analyse", new { file = "Li9N2Cl3.cif", technique = "structure", step = "bvse" });
        Assert.Equal(200, bs);
        var direct = new BvseStep().Run(Entry(h.Folder, "Li9N2Cl3.cif"), new EvaluationContext { Manifest = Manifest.Load(Path.Combine(h.Folder, "manifest.yaml")), OutputDirectory = Directory.CreateTempSubdirectory().FullName });
        var res = b!["outcomes"]![0]!["results"]!;
        Assert.Equal(direct.Results["barriers_ev"]!.ToJsonString(), res["barriers_ev"]!.ToJsonString());
        var view = b["outcomes"]![0]!["section"]!["views"]![0]!;
        Assert.NotNull(view["cube"]?.GetValue<string>());
        Assert.Equal(direct.Section.Views[0].IsoValue, view["iso_value"]!.GetValue<double>());
        var (stepBad, err) = await h.Post("/api/analyse", new { file = "Li9N2Cl3.cif", technique = "structure", step = "nope" });
        Assert.Equal(400, stepBad);
        Assert.Contains("bvse", err!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_file_gives_a_clear_message_and_the_server_keeps_serving()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        File.WriteAllText(Path.Combine(h.Folder, "garbage.csv"), "this is not\na cycling file\n");
        var (status, err) = await h.Post("/api/analyse", new { file = "garbage.csv", technique = "full_cell", options = new { active_mass_mg = 3.5 } });
        Assert.Equal(400, status);
        Assert.Contains("garbage.csv", err!["error"]!.GetValue<string>());
        Assert.Contains(h.Log.Lines, l => l.Contains("garbage.csv"));
        var (after, _) = await h.Get("/api/files");
        Assert.Equal(200, after);
        // a file the manifest does not list needs its technique; a technique these views do not take is refused
        var (noTech, e2) = await h.Post("/api/analyse", new { file = "garbage.csv" });
        Assert.Equal(400, noTech);
        Assert.Contains("say its technique", e2!["error"]!.GetValue<string>());
        var (wrong, e3) = await h.Post("/api/analyse", new { file = "pellet_25C.csv", technique = "eis" });
        Assert.Equal(400, wrong);
        Assert.Contains("cycling and structure views take", e3!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reports_route_serves_only_the_report_folder_inside_the_workspace()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        foreach (var path in new[] { "/reports/../manifest.yaml", "/reports/..%2Fmanifest.yaml", "/reports/%2e%2e%2fmanifest.yaml", "/reports/%2e%2e/%2e%2e/etc/passwd" })
        {
            using var r = await h.Client.GetAsync(path);
            var text = await r.Content.ReadAsStringAsync();
            Assert.DoesNotContain("material: Li9N2Cl3", text);
            Assert.True((int)r.StatusCode is 400 or 404, $"{path}: {(int)r.StatusCode}");
        }
        using var none = await h.Client.GetAsync("/reports/report.html");
        Assert.Equal(404, (int)none.StatusCode); // not evaluated yet
        // evaluate needs a manifest: a workspace without one says so
        File.Delete(Path.Combine(h.Folder, "manifest.yaml"));
        var (status, err) = await h.Post("/api/evaluate", new { });
        Assert.Equal(400, status);
        Assert.Contains("no manifest.yaml", err!["error"]!.GetValue<string>());
        // and cross-origin starts are refused like every state-changing request
        var (cross, _) = await h.Post("/api/evaluate", new { }, origin: "http://evil.example");
        Assert.Equal(403, cross);
    }

    [Fact]
    public async Task Compare_gives_the_f_test_of_nested_circuits_as_eis_compare_computes_it()
    {
        await using var h = new WorkbenchHost();
        string simple = "R0-p(R1,CPE1)", rich = WorkbenchHost.SyntheticCircuit;
        var (status, r) = await h.Post("/api/compare", new { file = "synthetic.csv", circuits = new[] { simple, rich }, multistart = 6 });
        Assert.Equal(200, status);
        var t = Assert.Single(r!["f_tests"]!.AsArray())!;
        Assert.Equal(simple, t["simpler"]!.GetValue<string>());
        Assert.Equal(rich, t["richer"]!.GetValue<string>());
        var s = Nitrolyte.Formats.Impedance.ImpedanceReader.Read(Path.Combine(h.Folder, "synthetic.csv"));
        var direct = CircuitComparison.Compare(s, [Circuit.Parse(simple), Circuit.Parse(rich)], new CircuitFitOptions { MultiStart = 6, Seed = 1 });
        var dt = Assert.Single(direct.Tests);
        Assert.Equal(dt.F, t["f"]!.GetValue<double>(), Math.Abs(dt.F) * 1e-9);
        Assert.Equal(dt.P, t["p"]!.GetValue<double>(), 1e-12);
        Assert.Equal(2, t["extra_parameters"]!.GetValue<int>());
        Assert.True(t["p"]!.GetValue<double>() < 1e-6, "the exact two-element spectrum needs CPE2");
        Assert.Equal(rich, r["preferred"]!.GetValue<string>());
        Assert.Equal(direct.Reason, r["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Geometry_factor_turns_ohm_into_ohm_cm_with_the_pellet_area_over_thickness()
    {
        await using var h = new WorkbenchHost();
        var (status, g) = await h.Post("/api/geometry", new { geometry = new { thickness_mm = 1.5, diameter_mm = 10.0 } });
        Assert.Equal(200, status);
        Assert.Equal(Math.PI * 0.5 * 0.5 / 0.15, g!["ohm_to_ohm_cm"]!.GetValue<double>(), 1e-12);
        var (bad, _) = await h.Post("/api/geometry", new { geometry = new { thickness_mm = 1.5 } });
        Assert.Equal(400, bad);
    }
}
