using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

public sealed record SeriesPointFit(ImpedanceSpectrum Spectrum, double? TemperatureC, CircuitFit Fit, ConductivityResult? Conductivity);

public sealed record SeriesArrhenius(ArrheniusResult? Bulk, ArrheniusResult? GrainBoundary, ArrheniusResult? Total);

public sealed record SeriesResult(IReadOnlyList<SeriesPointFit> Fits, SeriesArrhenius? Arrhenius);

/// <summary>
/// Fits one circuit to many spectra (temperature or time series). Spectra are fitted in order of temperature
/// (or time), each one starting from its neighbour's parameters as well as from its own automatic guesses, so
/// arcs keep their identity along the series; then σ(T) of bulk, grain boundary and total go to the shared
/// Arrhenius fitter (σT form by default).
/// </summary>
public static class SeriesFitter
{
    public static SeriesResult Fit(IReadOnlyList<ImpedanceSpectrum> spectra, Circuit circuit, CircuitFitOptions options,
        PelletGeometry? geometry = null, CellType cell = CellType.Blocking, ArrheniusForm form = ArrheniusForm.SigmaT, IProgress<string>? progress = null)
    {
        if (spectra.Count == 0) throw new NitrolyteInputException("a series needs at least one spectrum");
        var order = Enumerable.Range(0, spectra.Count)
            .OrderBy(i => spectra[i].TemperatureC ?? double.NaN)
            .ThenBy(i => spectra[i].Timestamp ?? DateTimeOffset.MinValue)
            .ThenBy(i => spectra[i].TimeS ?? 0).ToList();
        var fits = new SeriesPointFit?[spectra.Count];
        double[]? previous = null;
        int done = 0;
        foreach (var i in order)
        {
            var s = spectra[i];
            var o = new CircuitFitOptions
            {
                Weighting = options.Weighting, Initial = options.Initial, Fixed = options.Fixed, Bounds = options.Bounds,
                Seed = options.Seed, MaxIterations = options.MaxIterations,
                MultiStart = previous is null ? options.MultiStart : Math.Min(options.MultiStart, 8),
                WarmStart = previous,
            };
            var fit = CnlsFitter.Fit(s, circuit, o);
            previous = fit.Values;
            var cond = geometry is null ? null : PelletConductivity.Analyse(fit, geometry, cell);
            fits[i] = new SeriesPointFit(s, s.TemperatureC, fit, cond);
            progress?.Report($"fitted {++done}/{spectra.Count}: {Path.GetFileName(s.SourceFile ?? "")}{(s.Label is null ? "" : " " + s.Label)}");
        }
        var list = fits.Select(f => f!).ToList();
        SeriesArrhenius? arr = null;
        var withT = list.Where(f => f.TemperatureC is not null && f.Conductivity is not null).ToList();
        if (withT.Select(f => f.TemperatureC).Distinct().Count() >= 2)
        {
            ArrheniusResult? One(Func<ConductivityResult, (double S, double Se)> pick)
            {
                var pts = withT.Select(f => (T: f.TemperatureC!.Value + PhysicalConstants.ZeroCelsiusK, V: pick(f.Conductivity!)))
                    .Where(x => x.V.S > 0 && double.IsFinite(x.V.S))
                    .Select(x => new ArrheniusPoint(x.T, x.V.S, x.V.Se)).ToList();
                if (pts.Select(p => p.TemperatureK).Distinct().Count() < 2) return null;
                return ArrheniusFitter.Fit(pts, form);
            }
            arr = new SeriesArrhenius(
                One(c => (c.BulkSPerCm, c.BulkStdErrSPerCm)),
                One(c => (c.GrainBoundarySPerCm, c.GrainBoundaryStdErrSPerCm)),
                One(c => (c.TotalSPerCm, c.TotalStdErrSPerCm)));
        }
        return new SeriesResult(list, arr);
    }
}
