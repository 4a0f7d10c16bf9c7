using System.Text.Json.Nodes;
using Nitrolyte.Exposure;
using Nitrolyte.Formats;

namespace Nitrolyte.Reports;

/// <summary>JSON of the exposure analysis (contract: {"series":[{"atmosphere","retention_at_end","time_to_80_percent_h",
/// "time_to_80_percent_ci_h":[lo,hi],"model"}]}, extended), and the report section with the retention plot.</summary>
public static class ExposureJson
{
    public static JsonObject ToJson(IReadOnlyList<ExposureSeriesResult> series, IReadOnlyList<ReadColumn>? columns = null, string? file = null)
    {
        var o = new JsonObject();
        if (file is not null) o["file"] = Path.GetFileName(file);
        o["series"] = new JsonArray(series.Select(s => (JsonNode?)Series(s)).ToArray());
        o["retention_level"] = DecayFitter.RetentionLevel;
        o["humidity_method"] = Humidity.Method;
        AddColumns(o, columns);
        return o;
    }

    /// <summary>"columns" and "assumptions" in the project's one provenance convention (<see cref="ColumnsJson"/>).</summary>
    public static JsonObject AddColumns(JsonObject o, IReadOnlyList<ReadColumn>? columns) =>
        columns is null ? o : ColumnsJson.AddTo(o, ReadColumn.ToProvenance(columns));

    public static JsonObject Series(ExposureSeriesResult s)
    {
        var a = s.Atmosphere;
        return new JsonObject
        {
            ["atmosphere"] = a.Label,
            ["atmosphere_description"] = a.Describe(),
            ["dew_point_c"] = Json.Number(a.DewPointC),
            ["dew_point_range_c"] = a.DewPointMinC is null ? null : Json.Array([a.DewPointMinC!.Value, a.DewPointMaxC!.Value]),
            ["relative_humidity_pct"] = Json.Number(a.RelativeHumidityPct),
            ["relative_humidity_range_pct"] = a.RelativeHumidityMinPct is null ? null : Json.Array([a.RelativeHumidityMinPct!.Value, a.RelativeHumidityMaxPct!.Value]),
            ["water_partial_pressure_pa"] = Json.Number(a.WaterPartialPressurePa),
            ["air_temperature_c"] = a.AirTemperatureC,
            ["air_temperature_assumed"] = a.AirTemperatureAssumed,
            ["humidity_derived"] = a.Derived,
            ["n_points"] = s.Points.Count,
            ["duration_h"] = s.DurationH,
            ["sigma_initial_s_per_cm"] = s.Points[0].SigmaSPerCm,
            ["sigma_end_s_per_cm"] = s.Points[^1].SigmaSPerCm,
            ["retention_at_end"] = s.RetentionAtEnd,
            ["retention_at_end_stderr"] = Json.Number(s.RetentionAtEndStdErr),
            ["retention_error_source"] = s.RetentionErrorSource,
            ["time_to_80_percent_h"] = Json.Number(s.T80H),
            ["time_to_80_percent_ci_h"] = new JsonArray(Json.Number(s.T80CiLowH), Json.Number(s.T80CiHighH)), // always [lo, hi]; null ends when not known
            ["time_to_80_percent_method"] = s.T80Method,
            ["time_to_80_percent_reason"] = s.T80Reason,
            ["model"] = s.Chosen?.ModelName,
            ["models"] = new JsonObject
            {
                ["exponential"] = Fit(s.Exponential),
                ["power_law"] = Fit(s.PowerLaw),
            },
            ["points"] = new JsonArray(s.Points.Select(p => (JsonNode?)new JsonObject
            {
                ["time_h"] = p.TimeH, ["sigma_s_per_cm"] = p.SigmaSPerCm, ["sigma_stderr_s_per_cm"] = Json.Number(p.SigmaStdErrSPerCm),
                ["retention"] = p.Retention, ["retention_stderr"] = Json.Number(p.RetentionStdErr),
            }).ToArray()),
            ["warnings"] = new JsonArray(s.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
        };
    }

    private static JsonObject? Fit(DecayFit? f) => f is null ? null : new JsonObject
    {
        ["formula"] = f.Formula,
        ["sigma0_s_per_cm"] = f.Sigma0SPerCm,
        ["sigma0_stderr_s_per_cm"] = Json.Number(f.Sigma0StdErrSPerCm),
        [f.Model == DecayModel.Exponential ? "rate_per_h" : "amplitude_a"] = f.Rate,
        [f.Model == DecayModel.Exponential ? "rate_stderr_per_h" : "amplitude_a_stderr"] = Json.Number(f.RateStdErr),
        ["exponent_n"] = f.Model == DecayModel.PowerLaw ? f.Exponent : null,
        ["exponent_n_stderr"] = f.Model == DecayModel.PowerLaw ? Json.Number(f.ExponentStdErr) : null,
        ["aicc"] = Json.Number(f.Aicc),
        ["weighted"] = f.Weighted,
        ["time_to_80_percent_h"] = Json.Number(f.T80H),
        ["time_to_80_percent_ci_h"] = new JsonArray(Json.Number(f.T80CiLowH), Json.Number(f.T80CiHighH)),
        ["not_predictable_reason"] = f.NotPredictableReason,
    };

    /// <summary>One sentence per series: "kept 96.5 % after 200 h at dew point −55 °C; 80 % predicted after 1250 h (...)".</summary>
    public static string Sentence(ExposureSeriesResult s)
    {
        string t80 = s.T80H is { } t
            ? s.ReachedInData ? $"80 % reached after {t:0.#} h (interpolated)"
                : $"80 % predicted after {t:0} h{(s.T80CiLowH is { } lo ? $" (95 % CI {lo:0}–{(s.T80CiHighH is { } hi ? hi.ToString("0") : "∞")} h)" : "")} by the {s.Chosen!.ModelName.Replace('_', ' ')} fit"
            : $"80 % time not predictable ({s.T80Reason})";
        return $"{s.Atmosphere.Label}: kept {100 * s.RetentionAtEnd:0.0} ± {100 * s.RetentionAtEndStdErr:0.0} % after {s.DurationH:0.#} h at {s.Atmosphere.Describe()}; {t80}";
    }

    public static ReportSection Section(string key, string title, IReadOnlyList<ExposureSeriesResult> series, IReadOnlyList<ReadColumn>? columns)
    {
        var sec = new ReportSection { Key = key, Title = title };
        sec.Paragraphs.Add("Retention σ(t)/σ(0) per atmosphere; the decay model (exponential σ0 exp(−kt) or power law σ0(1 − A tⁿ)) is chosen by AICc; " +
                           "the time to 80 % is interpolated when the data reach it, else predicted by the chosen model with a 95 % interval. " +
                           "Humidity: " + Humidity.Method + ".");
        foreach (var s in series) sec.Paragraphs.Add(Sentence(s));
        sec.Tables.Add(new ReportTable("Exposure series", ["atmosphere", "dew point / RH", "points", "duration", "retention at end", "model", "time to 80 %", "95 % CI"],
            series.Select(s => (IReadOnlyList<string>)
            [
                s.Atmosphere.Label, s.Atmosphere.Describe(), s.Points.Count.ToString(), $"{s.DurationH:0.#} h",
                $"{100 * s.RetentionAtEnd:0.0} ± {100 * s.RetentionAtEndStdErr:0.0} %", s.Chosen?.ModelName ?? "–",
                s.T80H is { } t ? $"{t:0.#} h ({s.T80Method})" : "not predictable",
                s.T80CiLowH is { } lo ? $"{lo:0.#}–{(s.T80CiHighH is { } hi ? hi.ToString("0.#") : "∞")} h" : "–",
            ]).ToList()));
        if (columns is not null)
            sec.Tables.Add(new ReportTable("Columns read", ["column", "quantity", "unit", "assumption"],
                columns.Select(c => (IReadOnlyList<string>)[c.Header, c.Quantity, c.Describe(), c.Assumption ?? ""]).ToList()));
        var fig = new PlotFigure { Title = title, XTitle = "exposure time (h)", YTitle = "retention σ(t)/σ(0) (%)", Caption = "Points: measured retention (±1 s.e.); lines: chosen decay fit per atmosphere; dotted: the 80 % target." };
        double tMax = series.Max(s => s.Points[^1].TimeH);
        int ci = 0;
        foreach (var s in series)
        {
            var c = PlotColors.At(ci++);
            fig.Add(PlotFigure.Markers($"{s.Atmosphere.Label} ({s.Atmosphere.Describe()})", s.Points.Select(p => p.TimeH), s.Points.Select(p => 100 * p.Retention),
                s.Points.Select(p => 100 * p.RetentionStdErr), c));
            if (s.Chosen is { } f)
            {
                var ts = Enumerable.Range(0, 101).Select(i => s.Points[0].TimeH + i * (s.Points[^1].TimeH - s.Points[0].TimeH) / 100.0).ToList();
                double r0 = s.Points[0].SigmaSPerCm / s.Points[0].Retention;
                fig.Add(PlotFigure.Line($"{s.Atmosphere.Label}: {f.ModelName.Replace('_', ' ')} fit", ts, ts.Select(t => 100 * f.SigmaAt(t) / r0), "dash", c));
            }
            foreach (var w in s.Warnings) sec.Warnings.Add($"{s.Atmosphere.Label}: {w}");
        }
        fig.Add(PlotFigure.Line("80 % target", [0, tMax], [80, 80], "dot", "#888888"));
        sec.Figures.Add(fig);
        return sec;
    }
}
