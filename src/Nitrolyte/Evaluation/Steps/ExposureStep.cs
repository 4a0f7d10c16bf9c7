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
    /// <summary>Keys read from the data item's options (parsed once into <see cref="ExposureStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => ExposureStepOptions.Keys;

    /// <summary>The review's "after weeks": data shorter than two weeks are said to be shorter.</summary>
    public const double WeeksH = 336;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var opt = ExposureStepOptions.Parse(entry);
        var points = new List<ExposurePoint>();
        var columns = new List<ReadColumn>();
        var results = new JsonObject { ["files"] = new JsonArray(entry.Files.Select(x => (JsonNode?)JsonValue.Create(Path.GetFileName(x))).ToArray()) };
        if (opt.ExposureH is { } times)
        {
            var (pts, info) = FromSpectra(entry, context, opt, times);
            points.AddRange(pts);
            results["spectra"] = info;
            columns.Add(new ReadColumn("", "conductivity", "S/cm", "total σ from the circuit fit of each spectrum"));
            columns.Add(new ReadColumn("exposure_h (manifest)", "exposure time", "h"));
        }
        else
        {
            foreach (var f in entry.Files)
            {
                var t = ExposureTableReader.Read(f, opt.Atmosphere, opt.Columns);
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

    private static (List<ExposurePoint>, JsonArray) FromSpectra(DataEntry entry, EvaluationContext context, ExposureStepOptions opt, IReadOnlyList<double> times)
    {
        var (cell, circuit) = (opt.Cell, opt.Circuit);
        var spectra = entry.Files.SelectMany(f => ImpedanceReader.ReadAll(f, opt.Columns)).ToList();
        if (times.Count != spectra.Count)
            throw new NitrolyteInputException($"exposure_h has {times.Count} values for {spectra.Count} spectra (one exposure time per spectrum)");
        var sample = entry.Sample.Over(context.Manifest.Sample);
        if (sample.ThicknessMm is not { } th || sample.ElectrodeAreaCm2 is not { } area)
            throw new NitrolyteInputException("exposure spectra need the sample thickness and electrode area (sample: thickness_mm, diameter_mm or area_cm2) to give σ");
        var geometry = new PelletGeometry(th / 10, area, sample.RelativeDensity);
        // Order the spectra by exposure time so that each fit warm-starts from the previous exposure.
        spectra = spectra.Select((s, i) => s with { TimeS = times[i] * 3600, TemperatureC = null }).ToList();
        var res = SeriesFitter.Fit(spectra, circuit, new CircuitFitOptions { Weighting = opt.Weighting, MultiStart = 12 }, geometry, cell);
        string atm = opt.Atmosphere ?? entry.DisplayName;
        double? dew = opt.DewPointC, rh = opt.RhPct, air = opt.AirTemperatureC;
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
