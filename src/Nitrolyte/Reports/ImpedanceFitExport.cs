using System.Globalization;
using System.Text;
using Nitrolyte.Impedance;

namespace Nitrolyte.Reports;

/// <summary>`eis fit --out` and `--html`: the fitted curve next to the data, every point of the spectrum as read,
/// excluded points flagged (their model value is still given).</summary>
public static class ImpedanceFitExport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const string CsvHeader = "frequency_hz,z_real_ohm,z_imag_ohm,model_real_ohm,model_imag_ohm,residual_real,residual_imag,excluded";

    /// <summary>CSV: data, model and residuals (data − model) / |Z_data| for each point; excluded = 1 for points left out of the fit.</summary>
    public static string Csv(SpectrumSelection sel, CircuitFit fit)
    {
        var s = sel.Original;
        var model = fit.Circuit.Simulate(s.FrequenciesHz, fit.Values);
        var sb = new StringBuilder();
        sb.Append("# circuit ").Append(fit.Circuit.Text).Append(", ").Append(fit.Weighting.ToName()).Append(" weighting, chi2 = ")
          .Append(fit.ChiSquare.ToString("G6", Inv)).Append(", residual = (data - model) / |Z_data|")
          .Append(sel.ExcludedCount > 0 ? $", {sel.ExcludedCount} points excluded from the fit" : "").Append('\n');
        sb.Append(CsvHeader).Append('\n');
        for (int i = 0; i < s.Count; i++)
        {
            var z = s.Z[i]; var m = model[i]; double mod = z.Magnitude;
            sb.Append(string.Create(Inv, $"{s.FrequenciesHz[i]:R},{z.Real:R},{z.Imaginary:R},{m.Real:R},{m.Imaginary:R},{(z.Real - m.Real) / mod:R},{(z.Imaginary - m.Imaginary) / mod:R},{(sel.Excluded[i] ? 1 : 0)}\n"));
        }
        return sb.ToString();
    }

    /// <summary>A report section with the fit's table, quality and the Nyquist, Bode and residual (with Lin-KK) figures.</summary>
    public static ReportSection Section(SpectrumSelection sel, CircuitFit fit)
    {
        var name = ImpedancePlots.Describe(sel.Kept);
        var section = new ReportSection { Key = "eis-fit", Title = $"Circuit fit: {name}" };
        section.Paragraphs.Add(string.Create(Inv,
            $"{fit.Circuit.Text} fitted to {fit.NPoints} points ({fit.Weighting.ToName()} weighting, {fit.Starts} starts, seed {fit.Seed}): χ² = {fit.ChiSquare:G5}, reduced χ² = {fit.ReducedChiSquare:G4}, AIC = {fit.Aic:0.0}."));
        if (fit.Quality is { } q) section.Paragraphs.Add(q.ConvergedToGoodMinimum ? $"Quality: {q.Describe()} (a good minimum)." : q.Describe() + ".");
        if (sel.ExcludedCount > 0)
            section.Paragraphs.Add($"{sel.ExcludedCount} points excluded from the fit (grey in the plots): " +
                string.Join(", ", Enumerable.Range(0, sel.Original.Count).Where(i => sel.Excluded[i]).Select(i => string.Create(Inv, $"#{i + 1} ({sel.Original.FrequenciesHz[i]:G4} Hz)"))) + ".");
        section.Warnings.AddRange(fit.Warnings);
        section.Tables.Add(new ReportTable("Parameters", ["parameter", "value", "std. error", "unit"],
            fit.Parameters.Select(p => (IReadOnlyList<string>)[p.Name, p.Value.ToString("G5", Inv), p.Fixed ? "fixed" : double.IsNaN(p.StdErr) ? "n/a" : $"{p.StdErr.ToString("G3", Inv)} ({100 * p.RelativeStdErr:0.#} %)", p.Unit]).ToList()));
        var point = new SeriesPointFit(sel.Kept, sel.Kept.TemperatureC, fit, null);
        var res = new SeriesResult([point], null);
        var nyq = ImpedancePlots.Nyquist(res, name);
        var bode = ImpedancePlots.Bode(point);
        var kk = KramersKronig.LinKKAuto(sel.Kept, fitType: KkFitType.Complex).Result;
        var resid = ImpedancePlots.Residuals(point, kk);
        if (sel.ExcludedCount > 0)
        {
            var ex = Enumerable.Range(0, sel.Original.Count).Where(i => sel.Excluded[i]).ToArray();
            var o = sel.Original;
            nyq.Add(PlotFigure.Markers("excluded", ex.Select(i => o.Z[i].Real), ex.Select(i => -o.Z[i].Imaginary), color: "#aaaaaa",
                text: ex.Select(i => string.Create(Inv, $"#{i + 1}, {o.FrequenciesHz[i]:G3} Hz"))));
            bode.Add(PlotFigure.Markers("excluded |Z|", ex.Select(i => o.FrequenciesHz[i]), ex.Select(i => o.Z[i].Magnitude), color: "#aaaaaa"));
            var model = fit.Circuit.Simulate(ex.Select(i => o.FrequenciesHz[i]).ToArray(), fit.Values);
            resid.Add(PlotFigure.Markers("excluded, real", ex.Select(i => o.FrequenciesHz[i]), ex.Select((i, j) => 100 * (o.Z[i].Real - model[j].Real) / o.Z[i].Magnitude), color: "#aaaaaa"));
        }
        section.Figures.Add(nyq);
        section.Figures.Add(bode);
        section.Figures.Add(resid);
        return section;
    }
}
