using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nitrolyte.Core;

namespace Nitrolyte.Web;

/// <summary>Where the server runs; <paramref name="Log"/> replaces the console log (tests collect it instead);
/// <paramref name="EvaluateSteps"/> replaces evaluate's steps (tests use a slow one to cancel).</summary>
public sealed record WorkbenchOptions(string Folder, string Host = "127.0.0.1", int Port = WorkbenchServer.DefaultPort, ILoggerProvider? Log = null,
    IReadOnlyList<Nitrolyte.Evaluation.IEvaluationStep>? EvaluateSteps = null)
{
    /// <summary>Called with each progress message of a series job before its cancellation check (tests hold a job at a message).</summary>
    public Action<string>? SeriesProgressHook { get; init; }
}

/// <summary>
/// `nitrolyte serve`: the local web workbench. Minimal-API endpoints over the library (<see cref="ImpedanceApi"/>,
/// <see cref="Workspace"/>, <see cref="ManifestDecisions"/>), a static page embedded in this assembly, and plotly.js
/// served from the repository's node_modules, so that the page works with no internet.
/// </summary>
public static class WorkbenchServer
{
    public const int DefaultPort = 5178;
    public const long MaxRequestBytes = 1 << 20;
    /// <summary>Largest file accepted by upload (drag and drop), before base64 encoding.</summary>
    public const int MaxUploadBytes = 12 << 20;
    private const string PlotlyFile = "plotly.js-dist-min/plotly.min.js";
    private const string ThreeDmolFile = "3dmol/build/3Dmol-min.js";
    /// <summary>The report evaluate writes is one self-contained page with its scripts inline (plotly, 3Dmol, the plots).</summary>
    private const string ReportCsp = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; worker-src 'self' blob:; connect-src 'self'";

    public static WebApplication Build(WorkbenchOptions o)
    {
        var workspace = new Workspace(o.Folder);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Nitrolyte.Web", ContentRootPath = workspace.Root });
        builder.Logging.ClearProviders();
        if (o.Log is not null) builder.Logging.AddProvider(o.Log);
        else builder.Logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{(o.Host.Contains(':') ? "[" + o.Host + "]" : o.Host)}:{o.Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Services.ConfigureHttpJsonOptions(j => j.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
        var app = builder.Build();
        var log = app.Logger;
        var api = new ImpedanceApi(workspace);
        var decisions = new ManifestDecisions(workspace);
        var analysis = new AnalysisApi(workspace);
        var evaluate = new EvaluateJobs(workspace, log, o.EvaluateSteps);
        var seriesJobs = new BackgroundJobs("series", "series fit", log, o.SeriesProgressHook);

        bool loopback = o.Host is "127.0.0.1" or "localhost" or "::1" or "[::1]";
        app.Use(async (ctx, next) =>
        {
            // bound to this machine only: a page from elsewhere reaching us through DNS rebinding carries its own host name
            if (loopback && ctx.Request.Host.Host is not ("127.0.0.1" or "localhost" or "[::1]" or "::1"))
            {
                log.LogWarning("refused {Path}: Host {Host} is not this machine", ctx.Request.Path, ctx.Request.Host.Value);
                await Error(ctx, 421, $"the workbench answers only to 127.0.0.1 or localhost, not {ctx.Request.Host.Host}");
                return;
            }
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'";
            if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
            {
                if (!SameOrigin(ctx.Request))
                {
                    log.LogWarning("refused {Method} {Path}: cross-origin or no Origin/Referer", ctx.Request.Method, ctx.Request.Path);
                    await Error(ctx, 403, "state-changing requests must come from the workbench page itself (same origin)");
                    return;
                }
                if (ctx.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
                {
                    await Error(ctx, 415, "send JSON (Content-Type: application/json)");
                    return;
                }
            }
            try { await next(ctx); }
            catch (Exception e) when (Status(e) is { } status)
            {
                var msg = e is JsonException ? $"request is not valid JSON: {e.Message}" : e.Message;
                log.LogWarning("{Method} {Path}: {Message}", ctx.Request.Method, ctx.Request.Path, msg);
                await Error(ctx, status, msg);
            }
            catch (Exception e)
            {
                log.LogError(e, "{Method} {Path} failed", ctx.Request.Method, ctx.Request.Path);
                await Error(ctx, 500, $"internal error: {e.GetType().Name}: {e.Message}");
            }
        });

        foreach (var (route, name, type) in new[] { ("/", "index.html", "text/html; charset=utf-8"), ("/app.js", "app.js", "text/javascript; charset=utf-8"), ("/app.css", "app.css", "text/css; charset=utf-8") })
            app.MapGet(route, () => Results.Bytes(Resource(name), type));
        app.MapGet("/vendor/plotly.min.js", () =>
            RepositoryPaths.NodeModuleFile(PlotlyFile) is { } p ? Results.File(p, "text/javascript; charset=utf-8")
                : Results.Text($"plotly.js not found: run `npm ci` in the repository (or set NITROLYTE_HOME); looked for node_modules/{PlotlyFile}", statusCode: 404));

        app.MapGet("/vendor/3Dmol-min.js", () =>
            RepositoryPaths.NodeModuleFile(ThreeDmolFile) is { } p ? Results.File(p, "text/javascript; charset=utf-8")
                : Results.Text($"3Dmol.js not found: run `npm ci` in the repository (or set NITROLYTE_HOME); looked for node_modules/{ThreeDmolFile}", statusCode: 404));
        // the report folder evaluate writes in the workspace (reports/), and nothing else of the workspace, as pages
        app.MapGet("/" + EvaluateJobs.OutputFolder + "/{**path}", (HttpContext ctx, string? path) =>
        {
            var full = workspace.Resolve(EvaluateJobs.OutputFolder + "/" + path);
            var ext = Path.GetExtension(full).ToLowerInvariant();
            var type = ext switch { ".html" => "text/html; charset=utf-8", ".json" => "application/json; charset=utf-8", ".csv" => "text/csv; charset=utf-8", ".svg" => "image/svg+xml", ".png" => "image/png", _ => "application/octet-stream" };
            if (ext == ".html") ctx.Response.Headers["Content-Security-Policy"] = ReportCsp;
            ctx.Response.Headers.CacheControl = "no-store";
            return Results.File(full, type);
        });
        app.MapPost("/api/evaluate", () => Results.Text(BackgroundJobs.ToJson(evaluate.Start()).ToJsonString(Reports.Json.Compact), "application/json; charset=utf-8", statusCode: 202));
        app.MapGet("/api/evaluate", () => Json(evaluate.Latest() is { } j ? BackgroundJobs.ToJson(j) : new JsonObject { ["state"] = "none" }));
        app.MapGet("/api/evaluate/{id}", (string id) => Json(BackgroundJobs.ToJson(evaluate.Get(id))));
        app.MapPost("/api/evaluate/{id}/cancel", (string id) => Json(BackgroundJobs.ToJson(evaluate.CancelJob(id))));
        app.MapPost("/api/analyse", (AnalyseRequest r) => Task.Run(() => Json(analysis.Analyse(r))));
        app.MapGet("/api/files", () => Json(workspace.List()));
        app.MapGet("/api/spectrum", (string? file, int? spectrum) => Json(api.Spectrum(file, spectrum ?? 1)));
        app.MapPost("/api/geometry", (FitRequest r) => Json(ImpedanceApi.Geometry(r)));
        app.MapPost("/api/circuit/validate", (FitRequest r) => Json(ImpedanceApi.Validate(r.Circuit)));
        app.MapPost("/api/fit", (FitRequest r) => Json(api.Fit(r)));
        app.MapPost("/api/simulate", (FitRequest r) => Json(api.Simulate(r)));
        app.MapPost("/api/compare", (FitRequest r) => Json(api.Compare(r)));
        app.MapPost("/api/kk", (FitRequest r) => Json(api.LinKK(r)));
        app.MapPost("/api/drt", (FitRequest r) => Json(api.Drt(r)));
        app.MapPost("/api/series", (FitRequest r) => Json(api.Series(r)));
        // the same fit as a background job: start (202; the request is checked at once), poll, cancel
        app.MapPost("/api/series/jobs", (FitRequest r) =>
        {
            var fit = api.PrepareSeries(r); // checked before the job starts: a bad request is a 400 at once
            return Results.Text(BackgroundJobs.ToJson(seriesJobs.Start((_, progress) => fit(progress))).ToJsonString(Reports.Json.Compact), "application/json; charset=utf-8", statusCode: 202);
        });
        app.MapGet("/api/series/jobs", () => Json(seriesJobs.Latest() is { } j ? BackgroundJobs.ToJson(j) : new JsonObject { ["state"] = "none" }));
        app.MapGet("/api/series/jobs/{id}", (string id) => Json(BackgroundJobs.ToJson(seriesJobs.Get(id))));
        app.MapPost("/api/series/jobs/{id}/cancel", (string id) => Json(BackgroundJobs.ToJson(seriesJobs.CancelJob(id))));
        app.MapPost("/api/export/{kind}", (string kind, FitRequest r) =>
            Results.File(System.Text.Encoding.UTF8.GetBytes(api.ExportCsv(r, kind)), "text/csv; charset=utf-8", $"{Path.GetFileNameWithoutExtension(r.File ?? "fit")}_{kind}.csv"));
        app.MapGet("/api/decisions", (string? file) => Json(decisions.Get(file)));
        app.MapPost("/api/decisions", async (HttpContext ctx) =>
        {
            var body = await JsonNode.ParseAsync(ctx.Request.Body) as JsonObject ?? throw new BadRequestException("send a JSON object {file, version, decisions}");
            var d = body["decisions"] as JsonObject ?? throw new BadRequestException("decisions: give an object with circuit, fixed, initial, bounds, exclude, exclude_points");
            var saved = decisions.Save(body["file"]?.GetValue<string>(), body["version"]?.GetValue<string>(), (JsonObject)d.DeepClone());
            log.LogInformation("saved decisions for {File} to {Manifest}", body["file"]?.GetValue<string>(), saved["manifest"]?.GetValue<string>());
            return Json(saved);
        });
        app.MapPost("/api/upload", async (HttpContext ctx) =>
        {
            if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxUploadBytes / 3 * 4 + 4096;
            var body = await JsonNode.ParseAsync(ctx.Request.Body) as JsonObject ?? throw new BadRequestException("send {name, content_base64}");
            var name = body["name"]?.GetValue<string>();
            var bytes = Convert.FromBase64String(body["content_base64"]?.GetValue<string>() ?? throw new BadRequestException("content_base64 is missing"));
            var saved = workspace.Upload(name, bytes, MaxUploadBytes);
            log.LogInformation("uploaded {File} ({Bytes} bytes)", saved, bytes.Length);
            return Json(new JsonObject { ["path"] = saved, ["size_bytes"] = bytes.Length });
        });
        app.MapFallback((HttpContext ctx) => Results.Json(new { error = $"no such endpoint: {ctx.Request.Path}" }, statusCode: 404));
        return app;
    }

    private static int? Status(Exception e) => e switch
    {
        WorkspacePathException w => w.Status,
        StaleManifestException => 409,
        FormatException or BadRequestException or NitrolyteFormatException or NitrolyteInputException or JsonException or BadHttpRequestException or ArgumentException => 400,
        _ => null,
    };

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(Reports.Json.Compact), "application/json; charset=utf-8");

    private static Task Error(HttpContext ctx, int status, string message)
    {
        ctx.Response.Clear();
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(new JsonObject { ["error"] = message }.ToJsonString());
    }

    /// <summary>True when Origin (or, without it, Referer) names this server's own scheme://host:port.</summary>
    internal static bool SameOrigin(HttpRequest r)
    {
        var self = $"{r.Scheme}://{r.Host.Value}";
        var origin = r.Headers.Origin.ToString();
        if (!string.IsNullOrEmpty(origin)) return string.Equals(origin, self, StringComparison.OrdinalIgnoreCase);
        var referer = r.Headers.Referer.ToString();
        return Uri.TryCreate(referer, UriKind.Absolute, out var u) && string.Equals($"{u.Scheme}://{u.Authority}", self, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] Resource(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + name) ?? throw new FileNotFoundException(name);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
