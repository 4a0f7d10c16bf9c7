using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;

namespace Nitrolyte.Web;

/// <summary>
/// The impedance endpoints' work: read through the project readers, call the library (CnlsFitter, ModelSelection,
/// KramersKronig, Drt, SeriesFitter, PelletConductivity) and map with <see cref="ImpedanceJson"/>. No analysis here.
/// </summary>
public sealed class ImpedanceApi(Workspace workspace)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public ImpedanceSpectrum Read(string? file, int index = 1)
    {
        var path = workspace.Resolve(file);
        var all = ImpedanceReader.ReadAll(path);
        if (index < 1 || index > all.Count) throw new BadRequestException($"spectrum {index}: {file} holds {all.Count} spectra");
        var s = all[index - 1];
        return s with { TemperatureC = s.TemperatureC ?? Nitrolyte.Formats.FileNameTemperature.Parse(path) };
    }

    public JsonObject Spectrum(string? file, int index)
    {
        var s = Read(file, index);
        return new JsonObject
        {
            ["file"] = file, ["spectrum"] = index, ["n_points"] = s.Count, ["temperature_c"] = s.TemperatureC is { } t ? t : null, ["label"] = s.Label,
            ["frequencies_hz"] = Json.Array(s.FrequenciesHz), ["z_real_ohm"] = Json.Array(s.Real), ["z_imag_ohm"] = Json.Array(s.Imag),
        };
    }

    /// <summary>Area and thickness of the geometry (PelletGeometry) and A/L, which turns Ω into Ω·cm (Z·A/L; σ = L/(R·A)).</summary>
    public static JsonObject Geometry(FitRequest r)
    {
        var g = r.Geometry?.ToGeometry() ?? throw new BadRequestException("geometry: give thickness_mm and diameter_mm or area_cm2");
        return new JsonObject { ["thickness_cm"] = g.ThicknessCm, ["area_cm2"] = g.AreaCm2, ["ohm_to_ohm_cm"] = g.AreaCm2 / g.ThicknessCm };
    }

    public static JsonObject Validate(string? text)
    {
        try
        {
            var c = new FitRequest { Circuit = text }.ParseCircuit();
            return new JsonObject
            {
                ["ok"] = true, ["circuit"] = c.Text, ["canonical"] = c.Canonical,
                ["parameters"] = new JsonArray(c.Parameters.Select(p => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name, ["unit"] = p.Unit, ["element"] = p.ElementName,
                    ["lower"] = Json.Number(p.Lower), ["upper"] = Json.Number(p.Upper),
                }).ToArray()),
            };
        }
        catch (BadRequestException e) { return new JsonObject { ["ok"] = false, ["error"] = e.Message }; }
    }

    private (ImpedanceSpectrum Full, int[] Kept, CircuitFit Fit) DoFit(FitRequest r, Circuit c)
    {
        var s = Read(r.File, r.Spectrum);
        var kept = r.KeptIndices(s);
        var fit = CnlsFitter.Fit(s.Select(kept), c, r.Options(c));
        return (s, kept, fit);
    }

    public JsonObject Fit(FitRequest r)
    {
        var c = r.ParseCircuit();
        var (s, kept, fit) = DoFit(r, c);
        var g = r.Geometry?.ToGeometry();
        var cond = g is null ? null : PelletConductivity.Analyse(fit, g, r.CellType);
        var o = ImpedanceJson.Fit(fit, cond);
        o["file"] = r.File; // the workspace-relative name, not the server's absolute path
        o["bic"] = Json.Number(ModelSelection.Bic(fit));
        o["used_indices"] = new JsonArray(kept.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
        o["excluded_indices"] = new JsonArray(Enumerable.Range(0, s.Count).Except(kept).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
        o["model_real_ohm"] = Json.Array(fit.ModelZ.Select(z => z.Real));
        o["model_imag_ohm"] = Json.Array(fit.ModelZ.Select(z => z.Imaginary));
        var (re, im) = fit.RelativeResidualsPct();
        o["residual_real_pct"] = Json.Array(re);
        o["residual_imag_pct"] = Json.Array(im);
        o["curve"] = Curve(c, fit.Values, s.FrequenciesHz);
        o["arcs"] = ImpedanceJson.Arcs(PelletConductivity.Arcs(fit, g));
        var high = new JsonArray();
        for (int a = 0; a < fit.FreeParameters; a++)
            for (int b = 0; b < a; b++)
                if (Math.Abs(fit.Correlation[a, b]) > 0.95)
                    high.Add(new JsonObject { ["a"] = fit.FreeNames[a], ["b"] = fit.FreeNames[b], ["r"] = Json.Number(fit.Correlation[a, b]) });
        o["high_correlations"] = high;
        return o;
    }

    /// <summary>The circuit on a dense log grid spanning the data (20 points per decade).</summary>
    public static JsonObject Curve(Circuit c, double[] values, IReadOnlyList<double> dataFrequencies)
    {
        double lo = dataFrequencies.Min(), hi = dataFrequencies.Max();
        int n = Math.Clamp((int)Math.Ceiling(Math.Log10(hi / lo) * 20) + 1, 2, 400);
        var f = Enumerable.Range(0, n).Select(k => hi * Math.Pow(lo / hi, k / (double)(n - 1))).ToArray();
        var z = c.Simulate(f, values);
        return new JsonObject { ["frequencies_hz"] = Json.Array(f), ["z_real_ohm"] = Json.Array(z.Select(v => v.Real)), ["z_imag_ohm"] = Json.Array(z.Select(v => v.Imaginary)) };
    }

    public JsonObject Simulate(FitRequest r)
    {
        var c = r.ParseCircuit();
        var given = r.Values ?? throw new BadRequestException("values: give every parameter, name: value");
        var values = new double[c.ParameterCount];
        var missing = new List<string>();
        for (int k = 0; k < c.ParameterCount; k++)
        {
            var name = c.Parameters[k].Name;
            var hit = given.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase));
            if (hit.Key is null) missing.Add(name); else values[k] = hit.Value;
        }
        if (missing.Count > 0) throw new BadRequestException($"values: missing {string.Join(", ", missing)}");
        var freqs = r.File is null ? Enumerable.Range(0, 71).Select(k => 1e6 * Math.Pow(10, -k / 10.0)).ToArray() : Read(r.File, r.Spectrum).FrequenciesHz;
        var curve = Curve(c, values, freqs);
        return new JsonObject { ["circuit"] = c.Text, ["curve"] = curve };
    }

    public JsonObject Compare(FitRequest r)
    {
        var texts = r.Circuits ?? throw new BadRequestException("circuits: give a list of circuits");
        if (texts.Count < 1 || texts.Count > FitRequest.MaxCircuits) throw new BadRequestException($"circuits: 1 to {FitRequest.MaxCircuits} circuits");
        var s = Read(r.File, r.Spectrum);
        var kept = r.KeptIndices(s);
        var sub = s.Select(kept);
        var circuits = texts.Select(t => r.ParseCircuit(t)).ToList();
        // fixed/initial/bounds apply to the circuits that have those parameters (CircuitComparison takes care of it)
        var baseOptions = new FitRequest { Weighting = r.Weighting, MultiStart = r.MultiStart, Seed = r.Seed }.Options(circuits[0]);
        foreach (var (name, b) in r.Bounds ?? [])
            if (b is not { Length: 2 } || !(b[0] < b[1])) throw new BadRequestException($"bounds: {name} needs [low, high] with low < high");
        var options = new CircuitFitOptions
        {
            Weighting = baseOptions.Weighting, MultiStart = baseOptions.MultiStart, Seed = baseOptions.Seed,
            Fixed = r.Fixed is { Count: > 0 } ? new Dictionary<string, double>(r.Fixed, StringComparer.OrdinalIgnoreCase) : null,
            Initial = r.Initial is { Count: > 0 } ? new Dictionary<string, double>(r.Initial, StringComparer.OrdinalIgnoreCase) : null,
            Bounds = r.Bounds is { Count: > 0 } ? r.Bounds.ToDictionary(kv => kv.Key, kv => (kv.Value[0], kv.Value[1]), StringComparer.OrdinalIgnoreCase) : null,
        };
        List<CircuitFit> fits;
        CircuitComparisonResult? comparison = null;
        if (circuits.Count >= 2)
        {
            // the CLI's `eis compare`: the same fits, F-tests between nested pairs, the preferred circuit and why
            comparison = CircuitComparison.Compare(sub, circuits, options);
            fits = comparison.Fits.Select(f => f.Fit).ToList();
        }
        else fits = [CnlsFitter.Fit(sub, circuits[0], r.Options(circuits[0]))];
        var ranked = ModelSelection.Rank(fits);
        return new JsonObject
        {
            ["file"] = r.File, ["n_points"] = kept.Length,
            ["ranking"] = new JsonArray(ranked.OrderBy(x => x.AicRank).Select(x =>
            {
                var o = ImpedanceJson.Fit(x.Fit, null);
                o.Remove("correlation"); o.Remove("file");
                o["bic"] = Json.Number(x.Bic); o["aic_rank"] = x.AicRank; o["bic_rank"] = x.BicRank;
                o["delta_aic"] = Json.Number(x.DeltaAic); o["delta_bic"] = Json.Number(x.DeltaBic);
                o["curve"] = Curve(x.Fit.Circuit, x.Fit.Values, s.FrequenciesHz);
                if (comparison?.Fits.FirstOrDefault(f => ReferenceEquals(f.Fit, x.Fit)) is { } cf) { o["arcs_count"] = cf.Arcs; o["arcs_resolved"] = cf.ArcsResolved; }
                return (JsonNode)o;
            }).ToArray()),
            ["f_tests"] = ImpedanceJson.FTests(comparison?.Tests ?? []),
            ["preferred"] = comparison?.Preferred,
            ["reason"] = comparison?.Reason,
        };
    }

    public JsonObject LinKK(FitRequest r)
    {
        var s = Read(r.File, r.Spectrum);
        bool cap = KramersKronig.NeedsSeriesCapacitance(s);
        var res = KramersKronig.LinKK(s, 0.85, 50, KkFitType.Real, cap);
        return ImpedanceJson.LinKK(res, s, cap);
    }

    public JsonObject Drt(FitRequest r) => ImpedanceJson.Drt(Nitrolyte.Impedance.Drt.Compute(Read(r.File, r.Spectrum)));

    public JsonObject Series(FitRequest r) => PrepareSeries(r)(null);

    /// <summary>Reads and checks the series request now (a bad file or circuit is refused at once) and returns the
    /// fit itself, which reports SeriesFitter's progress ("fitted 3/7: file") to the given sink.</summary>
    public Func<IProgress<string>?, JsonObject> PrepareSeries(FitRequest r)
    {
        var files = r.Files ?? throw new BadRequestException("files: select the spectra of the series");
        if (files.Count < 1 || files.Count > FitRequest.MaxSeriesFiles) throw new BadRequestException($"files: 1 to {FitRequest.MaxSeriesFiles} spectra");
        var c = r.ParseCircuit();
        var spectra = new List<ImpedanceSpectrum>();
        foreach (var f in files)
        {
            var s = Read(f);
            // frequency ranges apply to every spectrum; point indices too when they fit the spectrum
            var req = new FitRequest { Exclude = r.Exclude, ExcludePoints = r.ExcludePoints?.Where(i => i < s.Count).ToList() };
            spectra.Add(s.Select(req.KeptIndices(s)) with { SourceFile = f });
        }
        var g = r.Geometry?.ToGeometry();
        var options = r.Options(c);
        var cell = r.CellType;
        return progress => SeriesJson(SeriesFitter.Fit(spectra, c, options, g, cell, ArrheniusForm.SigmaT, progress));
    }

    private static JsonObject SeriesJson(SeriesResult res)
    {
        var o = ImpedanceJson.Series(res);
        if (res.Arrhenius is { } a)
        {
            var lines = new JsonObject();
            foreach (var (name, ar) in new[] { ("bulk", a.Bulk), ("grain_boundary", a.GrainBoundary), ("total", a.Total) })
            {
                if (ar is null) continue;
                var tk = Enumerable.Range(0, 21).Select(k => ar.TMinK + (ar.TMaxK - ar.TMinK) * k / 20.0).ToArray();
                lines[name] = new JsonObject { ["t_k"] = Json.Array(tk), ["sigma_s_per_cm"] = Json.Array(tk.Select(ar.ValueAt)) };
            }
            o["arrhenius_lines"] = lines;
        }
        return o;
    }

    /// <summary>CSV exports: parameters (name, value, stderr, unit, fixed) or data + fit + residuals per point.</summary>
    public string ExportCsv(FitRequest r, string kind)
    {
        var c = r.ParseCircuit();
        var (s, kept, fit) = DoFit(r, c);
        var sb = new StringBuilder();
        sb.AppendLine($"# nitrolyte workbench: {r.File}, circuit {c.Text}, {fit.Weighting.ToName()} weighting, {fit.NPoints} points, chi2 {fit.ChiSquare.ToString("G6", Inv)}");
        if (kind == "parameters")
        {
            sb.AppendLine("name,value,stderr,unit,fixed");
            foreach (var p in fit.Parameters) sb.AppendLine(string.Create(Inv, $"{p.Name},{p.Value:G10},{(double.IsFinite(p.StdErr) ? p.StdErr.ToString("G6", Inv) : "")},{p.Unit},{(p.Fixed ? "true" : "false")}"));
            return sb.ToString();
        }
        if (kind != "data") throw new BadRequestException($"export: '{kind}' is not parameters or data");
        var model = c.Simulate(s.FrequenciesHz, fit.Values);
        var used = new HashSet<int>(kept);
        sb.AppendLine("index,f_hz,z_real_ohm,z_imag_ohm,fit_real_ohm,fit_imag_ohm,residual_real_pct,residual_imag_pct,masked");
        for (int i = 0; i < s.Count; i++)
        {
            var d = s.Z[i] - model[i]; double m = s.Z[i].Magnitude;
            sb.AppendLine(string.Create(Inv, $"{i},{s.FrequenciesHz[i]:G10},{s.Z[i].Real:G10},{s.Z[i].Imaginary:G10},{model[i].Real:G10},{model[i].Imaginary:G10},{100 * d.Real / m:G6},{100 * d.Imaginary / m:G6},{(used.Contains(i) ? "false" : "true")}"));
        }
        return sb.ToString();
    }
}
