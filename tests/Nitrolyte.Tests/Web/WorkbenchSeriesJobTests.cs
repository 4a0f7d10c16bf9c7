using System.Text.Json.Nodes;

namespace Nitrolyte.Tests.Web;

/// <summary>
/// The series fit as a background job (POST /api/series/jobs): SeriesFitter's progress messages are seen while it
/// runs, a second start is refused, cancel stops it at the next spectrum and changes nothing in the workspace, and
/// the result is the synchronous endpoint's object.
/// </summary>
public sealed class WorkbenchSeriesJobTests
{
    private static readonly string[] Files = ["hot_pressed_30C.csv", "hot_pressed_50C.csv", "hot_pressed_70C.csv", "hot_pressed_90C.csv", "hot_pressed_110C.csv"];

    private static JsonObject Request() => new()
    {
        ["files"] = new JsonArray(Files.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()), ["circuit"] = "R0-p(R1,CPE1)-CPE2", ["multistart"] = 12,
        ["geometry"] = new JsonObject { ["thickness_mm"] = 1.5, ["diameter_mm"] = 10 },
    };

    private static async Task<JsonNode> WaitForJob(WorkbenchHost h, string id)
    {
        for (int i = 0; i < 1800; i++)
        {
            var (status, j) = await h.Get("/api/series/jobs/" + id);
            Assert.Equal(200, status);
            if (j!["state"]!.GetValue<string>() != "running") return j;
            await Task.Delay(100);
        }
        throw new TimeoutException("series job did not end in 180 s");
    }

    private static string[] Snapshot(string folder) =>
        Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Series_job_reports_each_spectrum_and_returns_the_synchronous_endpoints_result()
    {
        await using var h = new WorkbenchHost();
        var (startStatus, started) = await h.Post("/api/series/jobs", Request());
        Assert.Equal(202, startStatus);
        Assert.Equal("series", started!["kind"]!.GetValue<string>());
        var end = await WaitForJob(h, started["id"]!.GetValue<string>());
        Assert.Equal("done", end["state"]!.GetValue<string>());
        var messages = end["messages"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        // SeriesFitter's own messages, one per spectrum in order of temperature
        Assert.Equal(Files.Select((f, k) => $"fitted {k + 1}/5: {f}"), messages.Where(m => m.StartsWith("fitted ", StringComparison.Ordinal)));
        Assert.StartsWith("fitting 5 spectra from automatic starts", messages[0]);

        var (syncStatus, sync) = await h.Post("/api/series", Request());
        Assert.Equal(200, syncStatus);
        Assert.Equal(sync!.ToJsonString(), end["result"]!.ToJsonString());
        Assert.Equal(5, end["result"]!["fits"]!.AsArray().Count);
        var (_, latest) = await h.Get("/api/series/jobs");
        Assert.Equal(started["id"]!.GetValue<string>(), latest!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Series_job_refuses_a_second_start_keeps_serving_and_cancel_changes_nothing()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // hold the job when it reports the second spectrum, until the test has cancelled it
        await using var h = new WorkbenchHost(seriesProgressHook: m =>
        {
            if (!m.StartsWith("fitted 2/", StringComparison.Ordinal)) return;
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(60));
        });
        var manifest = Path.Combine(h.Folder, "manifest.yaml");
        var before = File.ReadAllBytes(manifest);
        var entriesBefore = Snapshot(h.Folder);

        var (badStatus, bad) = await h.Post("/api/series/jobs", new JsonObject { ["files"] = new JsonArray("hot_pressed_30C.csv", "../outside.csv"), ["circuit"] = "R0-p(R1,CPE1)" });
        Assert.Equal(400, badStatus); // the request is checked when the job starts, not later
        Assert.False(string.IsNullOrEmpty(bad!["error"]!.GetValue<string>()));

        var (_, started) = await h.Post("/api/series/jobs", Request());
        var id = started!["id"]!.GetValue<string>();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(120)), "the job did not reach the second spectrum");
        try
        {
            var (_, running) = await h.Get("/api/series/jobs/" + id);
            Assert.Equal("running", running!["state"]!.GetValue<string>());
            Assert.Contains(running["messages"]!.AsArray(), m => m!.GetValue<string>() == "fitted 1/5: hot_pressed_30C.csv");
            Assert.Null(running["result"]);
            var (second, err) = await h.Post("/api/series/jobs", Request());
            Assert.Equal(409, second);
            Assert.Contains("already under way", err!["error"]!.GetValue<string>());
            var (filesStatus, _) = await h.Get("/api/files"); // the page keeps working
            Assert.Equal(200, filesStatus);
            var (cancelStatus, _) = await h.Post($"/api/series/jobs/{id}/cancel", new { });
            Assert.Equal(200, cancelStatus);
        }
        finally { release.Set(); }
        var end = await WaitForJob(h, id);
        Assert.Equal("cancelled", end["state"]!.GetValue<string>());
        Assert.Null(end["result"]);
        // stopped at the message it was held at: no further spectrum was reported
        Assert.DoesNotContain(end["messages"]!.AsArray(), m => m!.GetValue<string>().StartsWith("fitted 3/", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(manifest));
        Assert.Equal(entriesBefore, Snapshot(h.Folder));
        Assert.Contains(h.Log.Lines, l => l.Contains("series job " + id + " cancelled"));
        // a new job may start after the cancelled one
        var (again, next) = await h.Post("/api/series/jobs", Request());
        Assert.Equal(202, again);
        Assert.Equal("done", (await WaitForJob(h, next!["id"]!.GetValue<string>()))["state"]!.GetValue<string>());
        var (missing, _) = await h.Get("/api/series/jobs/nosuchjob");
        Assert.Equal(404, missing);
    }
}
