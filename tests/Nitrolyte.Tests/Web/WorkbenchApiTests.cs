using System.Text.Json.Nodes;
using Nitrolyte.Evaluation;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Web;

namespace Nitrolyte.Tests.Web;

/// <summary>The workbench API in-process: what the page sends, what the library answers, and what the server refuses.</summary>
public sealed class WorkbenchApiTests : IAsyncLifetime
{
    private WorkbenchHost h = null!;
    public Task InitializeAsync() { h = new WorkbenchHost(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await h.DisposeAsync();

    private static double Param(JsonNode fit, string name) => fit["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<double>();

    [Fact]
    public async Task Lists_recognised_files_with_kind_and_temperature()
    {
        var (status, body) = await h.Get("/api/files");
        Assert.Equal(200, status);
        var files = body!["files"]!.AsArray();
        var hot = files.First(f => f!["path"]!.GetValue<string>() == "hot_pressed_30C.csv")!;
        Assert.Equal("impedance", hot["kind"]!.GetValue<string>());
        Assert.Equal(30, hot["temperature_c"]!.GetValue<double>());
        Assert.Equal(ImpedanceReader.Read(Path.Combine(h.Folder, "hot_pressed_30C.csv")).Count, hot["points"]!.GetValue<int>());
        Assert.Equal("manifest", files.First(f => f!["path"]!.GetValue<string>() == "manifest.yaml")!["kind"]!.GetValue<string>());
        Assert.Equal("manifest.yaml", body["manifest"]!.GetValue<string>());
        // time series and σ tables are not taken for spectra; the manifest names their technique
        var cv = files.First(f => f!["path"]!.GetValue<string>() == "cv_li_li2nh_steel_generated.csv")!;
        Assert.Equal("time_series", cv["kind"]!.GetValue<string>());
        Assert.Equal("cv", cv["technique"]!.GetValue<string>());
        Assert.Equal("sigma_table", files.First(f => f!["path"]!.GetValue<string>() == "hot_pressed_sigma_t.csv")!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fit_recovers_the_parameters_of_an_exact_spectrum_with_curve_residuals_and_bic()
    {
        var (status, fit) = await h.Post("/api/fit", new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit });
        Assert.Equal(200, status);
        var names = new[] { "R0", "R1", "CPE1_0", "CPE1_1", "CPE2_0", "CPE2_1" };
        for (int k = 0; k < names.Length; k++) Assert.Equal(WorkbenchHost.SyntheticValues[k], Param(fit!, names[k]), WorkbenchHost.SyntheticValues[k] * 1e-5);
        Assert.Equal(60, fit!["n_points"]!.GetValue<int>());
        Assert.Equal(60, fit["residual_real_pct"]!.AsArray().Count);
        Assert.True(fit["curve"]!["frequencies_hz"]!.AsArray().Count > 100);
        // BIC = AIC − 2k + k ln(2n)
        Assert.Equal(fit["aic"]!.GetValue<double>() - 12 + 6 * Math.Log(120), fit["bic"]!.GetValue<double>(), 1e-9);
        Assert.Equal("synthetic.csv", fit["file"]!.GetValue<string>()); // workspace-relative, not the server's path
        var arc = Assert.Single(fit["arcs"]!.AsArray());
        Assert.Equal(2000, arc!["r_ohm"]!.GetValue<double>(), 2000 * 1e-5);
    }

    [Fact]
    public async Task Masking_a_bad_point_by_index_or_frequency_range_restores_the_exact_fit()
    {
        var (_, raw) = await h.Post("/api/fit", new { file = "synthetic_outlier.csv", circuit = WorkbenchHost.SyntheticCircuit });
        Assert.True(Math.Abs(Param(raw!, "R1") / 2000 - 1) > 1e-3, "the outlier must disturb the unmasked fit");
        var (_, masked) = await h.Post("/api/fit", new { file = "synthetic_outlier.csv", circuit = WorkbenchHost.SyntheticCircuit, exclude_points = new[] { 30 } });
        Assert.Equal(59, masked!["n_points"]!.GetValue<int>());
        Assert.DoesNotContain(30, masked["used_indices"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal(2000, Param(masked, "R1"), 2000 * 1e-5);
        var f30 = 1e6 * Math.Pow(1e-8, 30 / 59.0);
        var (_, ranged) = await h.Post("/api/fit", new { file = "synthetic_outlier.csv", circuit = WorkbenchHost.SyntheticCircuit, exclude = new[] { $"{f30 * 0.99:R}:{f30 * 1.01:R}" } });
        Assert.Equal(59, ranged!["n_points"]!.GetValue<int>());
        Assert.Equal(2000, Param(ranged, "R1"), 2000 * 1e-5);
    }

    [Fact]
    public async Task A_locked_parameter_stays_at_its_value_and_is_not_free()
    {
        var (status, fit) = await h.Post("/api/fit", new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit, @fixed = new Dictionary<string, double> { ["CPE2_1"] = 0.75 } });
        Assert.Equal(200, status);
        var p = fit!["parameters"]!.AsArray().First(x => x!["name"]!.GetValue<string>() == "CPE2_1")!;
        Assert.Equal(0.75, p["value"]!.GetValue<double>());
        Assert.True(p["fixed"]!.GetValue<bool>());
        Assert.Equal(5, fit["free_parameters"]!.GetValue<int>());
        Assert.True(fit["chi_square"]!.GetValue<double>() > 1e-6, "a wrong locked exponent cannot fit exactly");
        var (bad, err) = await h.Post("/api/fit", new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit, @fixed = new Dictionary<string, double> { ["Q9"] = 1 } });
        Assert.Equal(400, bad);
        Assert.Contains("no parameter 'Q9'", err!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Compare_ranks_the_true_circuit_first_on_the_same_points()
    {
        var (status, r) = await h.Post("/api/compare", new { file = "synthetic.csv", circuits = new[] { "R0-p(R1,CPE1)-C1", WorkbenchHost.SyntheticCircuit } });
        Assert.Equal(200, status);
        var ranking = r!["ranking"]!.AsArray();
        Assert.Equal(WorkbenchHost.SyntheticCircuit, ranking[0]!["circuit"]!.GetValue<string>());
        Assert.Equal(1, ranking[0]!["aic_rank"]!.GetValue<int>());
        Assert.Equal(1, ranking[0]!["bic_rank"]!.GetValue<int>());
        Assert.Equal(0, ranking[0]!["delta_aic"]!.GetValue<double>());
        Assert.True(ranking[1]!["delta_aic"]!.GetValue<double>() > 10);
        Assert.All(ranking, x => Assert.Equal(60, x!["n_points"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Simulate_returns_the_circuit_curve_for_given_values()
    {
        var values = new Dictionary<string, double> { ["R0"] = 50, ["R1"] = 2000, ["CPE1_0"] = 2e-9, ["CPE1_1"] = 0.88, ["CPE2_0"] = 4e-6, ["CPE2_1"] = 0.8 };
        var (status, r) = await h.Post("/api/simulate", new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit, values });
        Assert.Equal(200, status);
        var f = r!["curve"]!["frequencies_hz"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var re = r["curve"]!["z_real_ohm"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var expected = Circuit.Parse(WorkbenchHost.SyntheticCircuit).Simulate(f, WorkbenchHost.SyntheticValues);
        for (int i = 0; i < f.Length; i++) Assert.Equal(expected[i].Real, re[i], 1e-9 * Math.Abs(expected[i].Real));
        var (bad, _) = await h.Post("/api/simulate", new { circuit = WorkbenchHost.SyntheticCircuit, values = new Dictionary<string, double> { ["R0"] = 1 } });
        Assert.Equal(400, bad);
    }

    [Fact]
    public async Task Validate_names_the_parameters_or_the_parse_error()
    {
        var (_, ok) = await h.Post("/api/circuit/validate", new { circuit = "R0-p(R1,CPE1)" });
        Assert.True(ok!["ok"]!.GetValue<bool>());
        Assert.Equal(new[] { "R0", "R1", "CPE1_0", "CPE1_1" }, ok["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        var (_, bad) = await h.Post("/api/circuit/validate", new { circuit = "R0-p(R1,CPE1" });
        Assert.False(bad!["ok"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(bad["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Series_gives_the_same_conductivities_and_Ea_as_the_library()
    {
        var files = new[] { "hot_pressed_30C.csv", "hot_pressed_50C.csv", "hot_pressed_70C.csv", "hot_pressed_90C.csv", "hot_pressed_110C.csv" };
        var (status, r) = await h.Post("/api/series", new { files, circuit = "R0-p(R1,CPE1)-CPE2", geometry = new { thickness_mm = 1.5, diameter_mm = 10 } });
        Assert.Equal(200, status);
        var spectra = files.Select(f => ImpedanceReader.Read(Path.Combine(h.Folder, f)) with { TemperatureC = Nitrolyte.Formats.FileNameTemperature.Parse(f) }).ToList();
        var lib = SeriesFitter.Fit(spectra, Circuit.Parse("R0-p(R1,CPE1)-CPE2"), new CircuitFitOptions(), PelletGeometry.FromMm(1.5, 10, null), CellType.Blocking, global::Nitrolyte.Arrhenius.ArrheniusForm.SigmaT);
        Assert.Equal(lib.Arrhenius!.Total!.EaEV, r!["arrhenius"]!["total"]!["ea_ev"]!.GetValue<double>(), 1e-12);
        Assert.Equal(5, r["fits"]!.AsArray().Count);
        Assert.Equal(21, r["arrhenius_lines"]!["total"]!["t_k"]!.AsArray().Count);
        Assert.Equal("hot_pressed_30C.csv", r["fits"]![0]!["file"]!.GetValue<string>());
    }

    [Fact]
    public async Task Series_with_evaluates_settings_gives_the_Ea_evaluate_gives_after_a_saved_circuit()
    {
        var (_, got) = await h.Get("/api/decisions?file=hot_pressed_30C.csv");
        var (status, _) = await h.Post("/api/decisions", new JsonObject { ["file"] = "hot_pressed_30C.csv", ["version"] = got!["version"]!.GetValue<string>(), ["decisions"] = new JsonObject { ["circuit"] = "R0-p(R1,CPE1)-Q2" } });
        Assert.Equal(200, status);
        var files = got["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
        var g = got["geometry"]!;
        var (_, series) = await h.Post("/api/series", new JsonObject
        {
            ["files"] = new JsonArray(files.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()), ["circuit"] = "R0-p(R1,CPE1)-Q2", ["multistart"] = 12,
            ["geometry"] = new JsonObject { ["thickness_mm"] = g["thickness_mm"]!.GetValue<double>(), ["diameter_mm"] = g["diameter_mm"]!.GetValue<double>(), ["relative_density"] = g["relative_density"]!.GetValue<double>() },
        });
        var ev = Support.CliHarness.Run("evaluate", h.Folder, "--out", Path.Combine(h.Folder, "reports"), "--json");
        Assert.Equal(0, ev.ExitCode);
        var item = ev.Json()["analyses"]!["eis:hot pressed (85 % dense)"]!;
        Assert.Equal("R0-p(R1,CPE1)-Q2", item["circuit"]!.GetValue<string>());
        Assert.Equal(item["ea_ev"]!.GetValue<double>(), series!["arrhenius"]!["total"]!["ea_ev"]!.GetValue<double>(), 1e-9);
    }

    [Fact]
    public async Task Export_writes_data_fit_residuals_and_mask_and_the_parameter_table()
    {
        var (status, csv) = await h.Post("/api/export/data", new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit, exclude_points = new[] { 3 } });
        Assert.Equal(200, status);
        var lines = csv!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# nitrolyte workbench", lines[0]);
        Assert.Equal("index,f_hz,z_real_ohm,z_imag_ohm,fit_real_ohm,fit_imag_ohm,residual_real_pct,residual_imag_pct,masked", lines[1].Trim());
        Assert.Equal(62, lines.Length);
        Assert.EndsWith(",true", lines[2 + 3].Trim());
        Assert.EndsWith(",false", lines[2 + 4].Trim());
        var (_, pcsv) = await h.Post("/api/export/parameters", new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit });
        var plines = pcsv!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,value,stderr,unit,fixed", plines[1].Trim());
        Assert.StartsWith("R1,", plines[3]);
        Assert.Equal(2000, double.Parse(plines[3].Split(',')[1], WorkbenchHost.Inv), 2000 * 1e-5);
    }

    [Fact]
    public async Task Decisions_are_written_into_the_manifest_item_options_keeping_the_rest_and_evaluate_reads_them()
    {
        var path = Path.Combine(h.Folder, "manifest.yaml");
        var before = File.ReadAllText(path);
        var (_, got) = await h.Get("/api/decisions?file=hot_pressed_30C.csv");
        Assert.Equal("R0-p(R1,CPE1)-CPE2", got!["options"]!["circuit"]!.GetValue<string>());
        Assert.Equal(1.5, got["geometry"]!["thickness_mm"]!.GetValue<double>());
        var decisions = new JsonObject
        {
            ["circuit"] = "R0-p(R1,CPE1)-CPE2", ["fixed"] = new JsonObject { ["CPE2_1"] = 0.85 },
            ["bounds"] = new JsonObject { ["CPE1_1"] = new JsonArray(0.6, 1.0) }, ["exclude"] = new JsonArray("0.05:0.2"), ["exclude_points"] = new JsonArray(0, 1),
        };
        var (status, saved) = await h.Post("/api/decisions", new JsonObject { ["file"] = "hot_pressed_30C.csv", ["version"] = got["version"]!.GetValue<string>(), ["decisions"] = decisions });
        Assert.Equal(200, status);
        var after = File.ReadAllText(path);
        var m = Manifest.Load(path);
        var item = m.Data.First(d => d.Files.Any(f => f.EndsWith("hot_pressed_30C.csv")));
        Assert.Equal(0.85, item.Options["fixed"]!["CPE2_1"]!.GetValue<double>());
        Assert.Equal("0.05:0.2", item.Options["exclude"]![0]!.GetValue<string>());
        Assert.Equal(1.0, item.Options["exclude_points"]![1]!.GetValue<double>());
        Assert.Equal("blocking", item.Options["cell"]!.GetValue<string>()); // the item's other options kept
        // only the options line of that item changed: comments and every other line are kept byte for byte
        var b = before.Split('\n'); var a = after.Split('\n');
        Assert.Equal(b.Length, a.Length);
        Assert.Single(Enumerable.Range(0, b.Length).Where(i => a[i] != b[i]));
        Assert.StartsWith("# Lithium imide", after);
        Assert.NotEqual(got["version"]!.GetValue<string>(), saved!["version"]!.GetValue<string>());
        // a second tab still holding the old version is refused, and nothing is written
        var (stale, err) = await h.Post("/api/decisions", new JsonObject { ["file"] = "hot_pressed_30C.csv", ["version"] = got["version"]!.GetValue<string>(), ["decisions"] = new JsonObject { ["circuit"] = "R0-p(R1,CPE1)" } });
        Assert.Equal(409, stale);
        Assert.Contains("changed since this page read it", err!["error"]!.GetValue<string>());
        Assert.Equal(after, File.ReadAllText(path));
        // unknown decision keys are refused
        var (bad, _) = await h.Post("/api/decisions", new JsonObject { ["file"] = "hot_pressed_30C.csv", ["version"] = saved["version"]!.GetValue<string>(), ["decisions"] = new JsonObject { ["colour"] = "red" } });
        Assert.Equal(400, bad);
    }

    [Fact]
    public void Rewrite_adds_options_to_an_item_without_them_and_rewrites_block_options()
    {
        var text = "material: X\n# keep me\ndata:\n  - technique: eis\n    files: [a.csv]\n  - technique: eis\n    file: b.csv\n    options:\n      circuit: R0-p(R1,C1)\n      cell: blocking\n    label: b\n";
        var added = ManifestDecisions.Rewrite(text, 0, new JsonObject { ["circuit"] = "R0-p(R1,CPE1)" });
        Assert.Contains("    options: { circuit: \"R0-p(R1,CPE1)\" }\n    files: [a.csv]", added);
        new YamlDotNet.RepresentationModel.YamlStream().Load(new StringReader(added));
        var block = ManifestDecisions.Rewrite(text, 1, new JsonObject { ["fixed"] = new JsonObject { ["C1"] = 1e-9 } });
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(block));
        Assert.Contains("options: { circuit: \"R0-p(R1,C1)\", cell: blocking, fixed: { C1: 1E-09 } }", block);
        Assert.Contains("    label: b", block);
        var replaced = ManifestDecisions.Rewrite(text, 1, new JsonObject { ["circuit"] = "R0-C1", ["exclude_points"] = new JsonArray(2) });
        Assert.Contains("options: { circuit: R0-C1, cell: blocking, exclude_points: [2] }", replaced);
        Assert.Contains("# keep me", block);
    }

    [Theory]
    [InlineData("../outside.csv")]
    [InlineData("sub/../../outside.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("..%2Foutside.csv")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("..\\outside.csv")]
    [InlineData("%2e%2e%2foutside.csv")]
    public async Task Paths_outside_the_workspace_are_refused(string file)
    {
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(h.Folder)!, "outside.csv"), "f,Z',Z''\n1,1,-1\n2,1,-1\n3,1,-1\n");
        var (status, body) = await h.Get("/api/spectrum?file=" + file);
        Assert.Equal(400, status);
        Assert.Contains("workspace", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_symlink_pointing_out_is_refused_and_not_listed()
    {
        var outside = Path.Combine(Path.GetTempPath(), "nitrolyte-wb-outside-" + Guid.NewGuid().ToString("N") + ".csv");
        File.Copy(Path.Combine(h.Folder, "synthetic.csv"), outside);
        try
        {
            File.CreateSymbolicLink(Path.Combine(h.Folder, "link.csv"), outside);
            Directory.CreateSymbolicLink(Path.Combine(h.Folder, "linkdir"), Path.GetDirectoryName(outside)!);
            var (status, body) = await h.Get("/api/spectrum?file=link.csv");
            Assert.Equal(400, status);
            Assert.Contains("outside the workspace", body!["error"]!.GetValue<string>());
            var (status2, _) = await h.Get("/api/spectrum?file=linkdir/" + Path.GetFileName(outside));
            Assert.Equal(400, status2);
            var (_, list) = await h.Get("/api/files");
            Assert.DoesNotContain(list!["files"]!.AsArray(), f => f!["path"]!.GetValue<string>().StartsWith("link"));
            // a link inside the workspace to a file inside is fine
            File.CreateSymbolicLink(Path.Combine(h.Folder, "inner.csv"), Path.Combine(h.Folder, "synthetic.csv"));
            var (ok, _) = await h.Get("/api/spectrum?file=inner.csv");
            Assert.Equal(200, ok);
        }
        finally { File.Delete(outside); }
    }

    [Fact]
    public async Task Upload_stores_a_plain_named_file_atomically_and_refuses_paths_overwrites_and_size()
    {
        var bytes = File.ReadAllBytes(Path.Combine(h.Folder, "synthetic.csv"));
        var (status, r) = await h.Post("/api/upload", new { name = "dropped_25C.csv", content_base64 = Convert.ToBase64String(bytes) });
        Assert.Equal(200, status);
        Assert.Equal("dropped_25C.csv", r!["path"]!.GetValue<string>());
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(h.Folder, "dropped_25C.csv")));
        var (_, list) = await h.Get("/api/files");
        Assert.Contains(list!["files"]!.AsArray(), f => f!["path"]!.GetValue<string>() == "dropped_25C.csv" && f["temperature_c"]!.GetValue<double>() == 25);
        Assert.Equal(409, (await h.Post("/api/upload", new { name = "dropped_25C.csv", content_base64 = Convert.ToBase64String(bytes) })).Status);
        foreach (var bad in new[] { "../x.csv", "sub/x.csv", ".hidden", "/tmp/x.csv", "a\\b.csv" })
            Assert.Equal(400, (await h.Post("/api/upload", new { name = bad, content_base64 = Convert.ToBase64String(bytes) })).Status);
        Assert.Equal(400, (await h.Post("/api/upload", new { name = "x.csv", content_base64 = "not base64!" })).Status);
        var big = new byte[WorkbenchServer.MaxUploadBytes + 1];
        var (tooBig, _) = await h.Post("/api/upload", new { name = "big.csv", content_base64 = Convert.ToBase64String(big) });
        Assert.True(tooBig is 413 or 400, $"status {tooBig}");
        Assert.False(File.Exists(Path.Combine(h.Folder, "big.csv")));
        Assert.Empty(Directory.GetFiles(h.Folder, "*.tmp*"));
    }

    [Fact]
    public async Task A_foreign_host_name_is_refused_against_dns_rebinding()
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "/api/files");
        req.Headers.Host = "evil.example";
        using var r = await h.Client.SendAsync(req);
        Assert.Equal(421, (int)r.StatusCode);
        Assert.Equal(200, (await h.Get("/api/files")).Status);
    }

    [Fact]
    public async Task State_changing_requests_need_the_same_origin()
    {
        var body = new { file = "synthetic.csv", circuit = WorkbenchHost.SyntheticCircuit, multistart = 0 };
        Assert.Equal(403, (await h.Post("/api/fit", body, origin: "http://evil.example")).Status);
        Assert.Equal(403, (await h.Post("/api/fit", body, origin: "")).Status);
        Assert.Equal(200, (await h.Post("/api/fit", body)).Status);
    }

    [Fact]
    public async Task A_bad_file_gives_a_clear_error_and_the_server_keeps_serving()
    {
        File.WriteAllText(Path.Combine(h.Folder, "broken.csv"), "f,Z',Z''\n1,abc,-1\nnot a number\n");
        var (status, body) = await h.Get("/api/spectrum?file=broken.csv");
        Assert.Equal(400, status);
        Assert.Contains("broken.csv", body!["error"]!.GetValue<string>());
        Assert.Contains(h.Log.Lines, l => l.StartsWith("Warning") && l.Contains("broken.csv"));
        var (missing, _) = await h.Get("/api/spectrum?file=nope.csv");
        Assert.Equal(404, missing);
        var (bad, err) = await h.Post("/api/fit", new { file = "synthetic.csv", circuit = "R0-p(R1" });
        Assert.Equal(400, bad);
        Assert.Contains("circuit", err!["error"]!.GetValue<string>());
        Assert.Equal(200, (await h.Get("/api/files")).Status);
    }

    [Nitrolyte.Tests.Support.NodeAssetsFact]
    public async Task The_page_and_plotly_are_served_locally_and_the_script_never_uses_innerHTML()
    {
        var (s1, html) = await h.Get("/");
        Assert.Equal(200, s1);
        Assert.Contains("<script src=\"/vendor/plotly.min.js\"></script>", html!.GetValue<string>());
        Assert.DoesNotContain("http", html.GetValue<string>().Replace("http-equiv", ""));
        var (s2, js) = await h.Get("/app.js");
        Assert.Equal(200, s2);
        Assert.DoesNotContain("innerHTML", js!.GetValue<string>());
        Assert.DoesNotContain("insertAdjacentHTML", js.GetValue<string>());
        using var r = await h.Client.GetAsync("/vendor/plotly.min.js");
        Assert.Equal(200, (int)r.StatusCode);
        Assert.True((await r.Content.ReadAsByteArrayAsync()).Length > 1_000_000);
    }
}
