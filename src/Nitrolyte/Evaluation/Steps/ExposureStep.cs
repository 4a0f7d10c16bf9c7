using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Exposure;
using Nitrolyte.Formats;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// Air / dry-room exposure -> retention σ(t)/σ(0) per atmosphere, decay model and time to 80 %; publishes the
/// retention at the end of each series for the air-stability target. Two kinds of input:
/// a σ table (docs/exposure.md), or impedance spectra with options exposure_h (one time per spectrum, hours),
/// circuit, cell, atmosphere and dew_point_c or rh_pct: each spectrum is fitted through the impedance series
/// machinery and its total σ (with standard error) becomes one point.
/// </summary>
public sealed class ExposureStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["exposure", "air_exposure", "dry_room"];
    /// <summary>Keys read from the data item's options (a new option = a new key here).</summary>
    public IReadOnlyCollection<string> OptionKeys { get; } = ["exposure_h", "atmosphere", "columns", "cell", "circuit", "weighting", "dew_point_c", "rh_pct", "air_temperature_c"];

    /// <summary>The review's "after weeks": data shorter than two weeks are said to be shorter.</summary>
    public const double WeeksH = 336;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var o = entry.Options;
        var points = new List<ExposurePoint>();
        var columns = new List<ReadColumn>();
        var results = new JsonObject { ["files"] = new JsonArray(entry.Files.Select(x => (JsonNode?)JsonValue.Create(Path.GetFileName(x))).ToArray()) };
        if (ManifestValues.DoubleArray(o, "exposure_h") is { } times)
        {
            var (pts, info) = FromSpectra(entry, context, times);
            points.AddRange(pts);
            results["spectra"] = info;
            columns.Add(new ReadColumn("", "conductivity", "S/cm", "total σ from the circuit fit of each spectrum"));
            columns.Add(new ReadColumn("exposure_h (manifest)", "exposure time", "h"));
        }
        else
        {
            foreach (var f in entry.Files)
            {
                var t = ExposureTableReader.Read(f, ManifestValues.String(o, "atmosphere"), Formats.Columns.ColumnSpec.ParseOrNull(ManifestValues.String(o, "columns")));
                points.AddRange(t.Points);
                columns.AddRange(t.Columns.Select(c => c with { Header = entry.Files.Count > 1 ? $"{Path.GetFileName(f)}: {c.Header}" : c.Header }));
            }
        }
        var series = RetentionAnalysis.Analyse(points);
        var json = ExposureJson.ToJson(series, columns);
        foreach (var kv in json.ToList()) { json.Remove(kv.Key); results[kv.Key] = kv.Value; }

        var section = ExposureJson.Section($"exposure-{entry.Index}", $"Air / dry-room exposure: {entry.DisplayName}", series, columns);
        var outcome = new StepOutcome { Results = results, Section = section };
        foreach (var s in series)
        {
            string shorter = s.DurationH < WeeksH
                ? $"; the data span {s.DurationH:0.#} h ({s.DurationH / 24:0.#} days), shorter than the review's \"weeks\" (≥ 2 weeks = {WeeksH:0} h)"
                : $"; the data span {s.DurationH / 168:0.#} weeks";
            string pred = s.T80H is { } t80
                ? s.ReachedInData ? $"; 80 % was reached after {t80:0.#} h"
                    : $"; the {s.Chosen!.ModelName.Replace('_', ' ')} fit predicts 80 % after {t80:0} h{(s.T80CiLowH is { } lo ? $" (95 % CI {lo:0}–{(s.T80CiHighH is { } hi ? hi.ToString("0") : "∞")} h)" : "")}"
                : "; the 80 % time cannot be predicted from these data";
            outcome.Metrics.Add(new MetricValue(MetricKeys.AirStabilityRetention, 100 * s.RetentionAtEnd, "%", $"{entry.DisplayName}: {s.Atmosphere.Label}",
                $"kept {100 * s.RetentionAtEnd:0.0} % after {s.DurationH:0.#} h at {s.Atmosphere.Describe()}{shorter}{pred}"));
        }
        return outcome;
    }

    private static (List<ExposurePoint>, JsonArray) FromSpectra(DataEntry entry, EvaluationContext context, double[] times)
    {
        var o = entry.Options;
        var cellName = (ManifestValues.String(o, "cell") ?? "blocking").Trim().ToLowerInvariant();
        var cell = cellName switch
        {
            "blocking" => CellType.Blocking,
            "symmetric" => CellType.Symmetric,
            _ => throw new NitrolyteInputException($"cell '{cellName}' is not blocking or symmetric"),
        };
        var circuit = Circuit.Parse(ManifestValues.String(o, "circuit") ?? (cell == CellType.Blocking ? "R0-p(R1,CPE1)-CPE2" : "R0-p(R1,CPE1)"));
        var spectraColumns = Formats.Columns.ColumnSpec.ParseOrNull(ManifestValues.String(o, "columns"));
        var spectra = entry.Files.SelectMany(f => ImpedanceReader.ReadAll(f, spectraColumns)).ToList();
        if (times.Length != spectra.Count)
            throw new NitrolyteInputException($"exposure_h has {times.Length} values for {spectra.Count} spectra (one exposure time per spectrum)");
        var sample = entry.Sample.Over(context.Manifest.Sample);
        if (sample.ThicknessMm is not { } th || sample.ElectrodeAreaCm2 is not { } area)
            throw new NitrolyteInputException("exposure spectra need the sample thickness and electrode area (sample: thickness_mm, diameter_mm or area_cm2) to give σ");
        var geometry = new PelletGeometry(th / 10, area, sample.RelativeDensity);
        // Order the spectra by exposure time so that each fit warm-starts from the previous exposure.
        spectra = spectra.Select((s, i) => s with { TimeS = times[i] * 3600, TemperatureC = null }).ToList();
        var res = SeriesFitter.Fit(spectra, circuit, new CircuitFitOptions { Weighting = WeightingNames.Parse(ManifestValues.String(o, "weighting") ?? "modulus"), MultiStart = 12 }, geometry, cell);
        string atm = ManifestValues.String(o, "atmosphere") ?? entry.DisplayName;
        double? dew = ManifestValues.Double(o, "dew_point_c"), rh = ManifestValues.Double(o, "rh_pct"), air = ManifestValues.Double(o, "air_temperature_c");
        var pts = new List<ExposurePoint>();
        var info = new JsonArray();
        for (int i = 0; i < res.Fits.Count; i++)
        {
            var f = res.Fits[i];
            var c = f.Conductivity ?? throw new NitrolyteInputException($"{Path.GetFileName(f.Spectrum.SourceFile ?? "")}: no conductivity from the circuit fit");
            pts.Add(new ExposurePoint(times[i], c.TotalSPerCm, c.TotalStdErrSPerCm, atm, dew, rh, air));
            info.Add(new JsonObject { ["file"] = Path.GetFileName(f.Spectrum.SourceFile ?? ""), ["exposure_h"] = times[i], ["total_s_per_cm"] = c.TotalSPerCm, ["total_stderr_s_per_cm"] = Json.Number(c.TotalStdErrSPerCm) });
        }
        return (pts, info);
    }
}
