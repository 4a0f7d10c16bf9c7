using Nitrolyte.Core;
using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Formats;
using Nitrolyte.Formats.Columns;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>A sigma(T) table (already-derived conductivities) -> Arrhenius fit, σ(25 °C) and the Arrhenius plot.</summary>
public sealed class ConductivityTableStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["conductivity_table", "sigma_t", "arrhenius"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="ConductivityTableStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => ConductivityTableStepOptions.Keys;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var opt = ConductivityTableStepOptions.Parse(entry);
        var (form, columns) = (opt.Form, opt.Columns);
        var tables = entry.Files.Select(file => ConductivityTableReader.Read(file, columns)).ToList();
        var points = tables.SelectMany(t => t.Points).ToList();
        var fit = ArrheniusFitter.Fit(points, form);
        var summary = ArrheniusSummary.From(fit);
        var two = ArrheniusFitter.FitTwoRegimes(points, form);
        var results = ArrheniusJson.Summary(summary);
        results["files"] = new JsonArray(entry.Files.Select(x => (JsonNode?)JsonValue.Create(Path.GetFileName(x))).ToArray());
        ColumnsJson.AddTo(results, tables.Select(t => (t.FilePath, t.Columns)).ToList());
        if (two is { TwoRegimesPreferred: true })
            results["two_regime"] = new JsonObject
            {
                ["breakpoint_k"] = two.BreakpointK,
                ["low_t"] = ArrheniusJson.Summary(two.Low),
                ["high_t"] = ArrheniusJson.Summary(two.High),
            };

        var section = new ReportSection { Key = $"arrhenius-{entry.Index}", Title = $"Conductivity vs temperature: {entry.DisplayName}" };
        foreach (var w in tables.SelectMany(t => t.Warnings)) section.Warnings.Add(w);
        if (results["assumptions"] is JsonArray assumed && assumed.Count > 0)
            section.Paragraphs.Add("Columns read with assumptions: " + string.Join("; ", assumed.Select(a => a?.ToString())) + ".");
        section.Paragraphs.Add($"Fit of {(form == ArrheniusForm.SigmaT ? "σT = A exp(−Ea/kBT)" : "σ = A exp(−Ea/kBT)")} to {fit.NPoints} points " +
                               $"between {fit.TMinK - 273.15:0.#} and {fit.TMaxK - 273.15:0.#} °C.");
        section.Tables.Add(new ReportTable("Arrhenius fit", ["quantity", "value"],
        [
            ["Ea", $"{fit.EaEV:0.000} ± {fit.EaStdErrEV:0.000} eV"],
            ["log10 A", $"{fit.Log10Prefactor:0.00} ± {fit.Log10PrefactorStdErr:0.00} ({summary.PrefactorUnit})"],
            ["σ(25 °C)", $"{summary.Sigma25CSPerCm:0.00e+0} S/cm (95 % CI {summary.Sigma25CCi95SPerCm[0]:0.00e+0} – {summary.Sigma25CCi95SPerCm[1]:0.00e+0}){(summary.Sigma25CExtrapolated ? ", extrapolated" : "")}"],
            ["R²", $"{fit.RSquared:0.0000}"],
        ]));
        var series = new List<ArrheniusPlot.Series> { new(entry.DisplayName, points, fit) };
        if (two is { TwoRegimesPreferred: true })
        {
            section.Paragraphs.Add($"Two regimes fit better (BIC {two.BicTwoRegime:0.0} vs {two.BicSingle:0.0}): break near {two.BreakpointK - 273.15:0} °C, " +
                                   $"Ea {two.Low.EaEV:0.00} eV below and {two.High.EaEV:0.00} eV above (a phase transition?).");
        }
        section.Figures.Add(ArrheniusPlot.Build($"Arrhenius plot: {entry.DisplayName}", series,
            caption: "Points: measured conductivity; dashed: fit, extended to 25 °C."));
        var outcome = new StepOutcome { Results = results, Section = section };
        var note = summary.Sigma25CExtrapolated ? "extrapolated from the Arrhenius fit" : "interpolated from the Arrhenius fit";
        outcome.Metrics.Add(new MetricValue(MetricKeys.Sigma25C, summary.Sigma25CSPerCm, "S/cm", entry.DisplayName, note,
            fit.StdErrAt(PhysicalConstants.RoomTemperatureK), Extrapolated: summary.Sigma25CExtrapolated));
        outcome.Metrics.Add(new MetricValue(MetricKeys.ActivationEnergy, fit.EaEV, "eV", entry.DisplayName, "Arrhenius fit of the conductivity table", fit.EaStdErrEV));
        return outcome;
    }
}
