using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nitrolyte.Core;
using Nitrolyte.Impedance;
using Nitrolyte.Web;

namespace Nitrolyte.Tests.Web;

/// <summary>The workbench server in-process (Kestrel on 127.0.0.1, a free port) on a copy of examples/li2nh plus a synthetic spectrum.</summary>
public sealed class WorkbenchHost : IAsyncDisposable
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public const string SyntheticCircuit = "R0-p(R1,CPE1)-CPE2";
    public static readonly double[] SyntheticValues = [50, 2000, 2e-9, 0.88, 4e-6, 0.8];

    public string Folder { get; }
    public string BaseUrl { get; }
    public HttpClient Client { get; }
    /// <summary>The server's log lines (collected, not written to the console that CLI tests capture).</summary>
    public CollectingLog Log { get; } = new();
    private readonly WebApplication app;

    /// <param name="example">the examples/ folder copied into the workspace</param>
    /// <param name="evaluateSteps">replaces evaluate's steps (a slow step for the cancel test)</param>
    /// <param name="seriesProgressHook">called with each progress message of a series job (the cancel test holds the job there)</param>
    public WorkbenchHost(string example = "li2nh", IReadOnlyList<Nitrolyte.Evaluation.IEvaluationStep>? evaluateSteps = null, Action<string>? seriesProgressHook = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "nitrolyte-wb-" + Guid.NewGuid().ToString("N"));
        var src = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", example);
        Directory.CreateDirectory(Folder);
        foreach (var f in Directory.GetFiles(src)) File.Copy(f, Path.Combine(Folder, Path.GetFileName(f)));
        WriteSynthetic("synthetic.csv", outlierIndex: null);
        WriteSynthetic("synthetic_outlier.csv", outlierIndex: 30);
        app = WorkbenchServer.Build(new WorkbenchOptions(Folder, "127.0.0.1", 0, Log, evaluateSteps) { SeriesProgressHook = seriesProgressHook });
        app.Start();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Client.DefaultRequestHeaders.Add("Origin", BaseUrl);
    }

    /// <summary>An exact (noise-free) spectrum of <see cref="SyntheticCircuit"/>, 60 points 1 MHz to 0.01 Hz; optionally one point made 3x too large.</summary>
    private void WriteSynthetic(string name, int? outlierIndex)
    {
        var c = Circuit.Parse(SyntheticCircuit);
        var f = Enumerable.Range(0, 60).Select(k => 1e6 * Math.Pow(1e-8, k / 59.0)).ToArray();
        var z = c.Simulate(f, SyntheticValues);
        var sb = new StringBuilder("f/Hz,Z'/Ohm,Z''/Ohm\n");
        for (int i = 0; i < f.Length; i++)
        {
            var zi = i == outlierIndex ? z[i] * 3 : z[i];
            sb.AppendLine(string.Create(Inv, $"{f[i]:R},{zi.Real:R},{zi.Imaginary:R}"));
        }
        File.WriteAllText(Path.Combine(Folder, name), sb.ToString());
    }

    public async Task<(int Status, JsonNode? Body)> Post(string path, object body, string? origin = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        if (origin is not null) { req.Headers.Remove("Origin"); if (origin.Length > 0) req.Headers.Add("Origin", origin); }
        using var bare = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var r = origin == "" ? await bare.SendAsync(req) : await Client.SendAsync(req);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, r.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : JsonValue.Create(text));
    }

    public async Task<(int Status, JsonNode? Body)> Get(string path)
    {
        using var r = await Client.GetAsync(path);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, r.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : JsonValue.Create(text));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Client.Dispose();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}

public sealed class CollectingLog : Microsoft.Extensions.Logging.ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);
    public void Dispose() { }

    private sealed class Logger(CollectingLog owner) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
