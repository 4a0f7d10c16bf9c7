using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

public sealed record SeriesPointFit(ImpedanceSpectrum Spectrum, double? TemperatureC, CircuitFit Fit, ConductivityResult? Conductivity)
{
    /// <summary>Which fit was kept: "warm" (from the previous spectrum's parameters) or "fresh" (automatic starting values).</summary>
    public string Start { get; init; } = "fresh";
    /// <summary>χ² of the warm-start fit (NaN for the first spectrum) and of the fresh automatic fit.</summary>
    public double WarmChiSquare { get; init; } = double.NaN;
    public double FreshChiSquare { get; init; } = double.NaN;
    /// <summary>Position in the fitting order (temperature, then time).</summary>
    public int OrderIndex { get; init; }
}

/// <summary>A parameter that changes discontinuously between neighbouring spectra of a series (in fitting order).</summary>
public sealed record SeriesJump(int FitIndex, int PreviousFitIndex, string Parameter, double From, double To, string Measure);

public sealed record SeriesArrhenius(ArrheniusResult? Bulk, ArrheniusResult? GrainBoundary, ArrheniusResult? Total);

public sealed record SeriesResult(IReadOnlyList<SeriesPointFit> Fits, SeriesArrhenius? Arrhenius)
{
    /// <summary>Parameters that jump between neighbouring spectra (see <see cref="SeriesFitter.FindJumps"/>).</summary>
    public IReadOnlyList<SeriesJump> Jumps { get; init; } = [];
}

/// <summary>
/// Fits one circuit to many spectra (temperature or time series). Spectra are fitted in order of temperature
/// (or time); each one gets two fits, a warm start from its neighbour's parameters (a local fit, which keeps arcs'
/// identity along a smooth series) and a fresh automatic fit (which a very different spectrum needs); the lower
/// χ² wins (the warm one on a tie) and which won is recorded. Parameters that jump between neighbours are
/// reported; then σ(T) of bulk, grain boundary and total go to the shared
/// Arrhenius fitter (σT form by default).
/// </summary>
public static class SeriesFitter
{
    public static SeriesResult Fit(IReadOnlyList<ImpedanceSpectrum> spectra, Circuit circuit, CircuitFitOptions options,
        PelletGeometry? geometry = null, CellType cell = CellType.Blocking, ArrheniusForm form = ArrheniusForm.SigmaT, IProgress<string>? progress = null,
        int? jobs = null)
    {
        if (spectra.Count == 0) throw new NitrolyteInputException("a series needs at least one spectrum");
        var order = Enumerable.Range(0, spectra.Count)
            .OrderBy(i => spectra[i].TemperatureC ?? double.NaN)
            .ThenBy(i => spectra[i].Timestamp ?? DateTimeOffset.MinValue)
            .ThenBy(i => spectra[i].TimeS ?? 0).ToList();
        var fits = new SeriesPointFit?[spectra.Count];
        double[]? previous = null;
        int done = 0;
        // The fresh automatic fits (the expensive part: multi-start) do not depend on each other: they run on `jobs`
        // cores. The warm-start chain that follows is serial (each start is the previous spectrum's result); the
        // result is the same for any number of jobs.
        if (spectra.Count > 1) progress?.Report($"fitting {spectra.Count} spectra from automatic starts on {Math.Min(Jobs.Resolve(jobs), spectra.Count)} core(s), then warm starts in order");
        var freshFits = Jobs.Map(order, (i, _) => CnlsFitter.Fit(spectra[i], circuit, options with { WarmStart = null }), jobs);
        for (int oi = 0; oi < order.Count; oi++)
        {
            int i = order[oi];
            var s = spectra[i];
            var fresh = freshFits[oi];
            CircuitFit? warm = null;
            if (previous is not null)
            {
                var init = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                for (int k = 0; k < circuit.ParameterCount; k++)
                {
                    var name = circuit.Parameters[k].Name;
                    if (options.Fixed is not null && options.Fixed.Keys.Any(x => string.Equals(x, name, StringComparison.OrdinalIgnoreCase))) continue;
                    init[name] = previous[k];
                }
                try
                {
                    warm = CnlsFitter.Fit(s, circuit, options with { Initial = init, MultiStart = 0, Rescue = true, WarmStart = null });
                }
                catch (NitrolyteInputException) { warm = null; }
            }
            bool useWarm = warm is not null && warm.ChiSquare <= fresh.ChiSquare * (1 + 1e-6);
            var fit = useWarm ? warm! : fresh;
            previous = fit.Values;
            var cond = geometry is null ? null : PelletConductivity.Analyse(fit, geometry, cell);
            fits[i] = new SeriesPointFit(s, s.TemperatureC, fit, cond)
            {
                Start = useWarm ? "warm" : "fresh", WarmChiSquare = warm?.ChiSquare ?? double.NaN, FreshChiSquare = fresh.ChiSquare, OrderIndex = done,
            };
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
        return new SeriesResult(list, arr) { Jumps = FindJumps(list, order, circuit) };
    }

    /// <summary>
    /// Parameters that change discontinuously between neighbouring spectra in fitting order: a positive parameter
    /// whose log10 changes by more than max(0.5 decade, 4 × the median step of that parameter along the series),
    /// or an exponent that changes by more than max(0.1, 4 × its median step). Fixed parameters are skipped.
    /// </summary>
    public static List<SeriesJump> FindJumps(IReadOnlyList<SeriesPointFit> fits, IReadOnlyList<int> order, Circuit circuit)
    {
        var jumps = new List<SeriesJump>();
        if (order.Count < 2) return jumps;
        for (int k = 0; k < circuit.ParameterCount; k++)
        {
            var par = circuit.Parameters[k];
            if (fits[order[0]].Fit.Parameters[k].Fixed) continue;
            bool log = par.Positive;
            var steps = new List<double>();
            for (int j = 1; j < order.Count; j++)
            {
                double a = fits[order[j - 1]].Fit.Values[k], b = fits[order[j]].Fit.Values[k];
                steps.Add(log ? Math.Abs(Math.Log10(Math.Max(b, 1e-300) / Math.Max(a, 1e-300))) : Math.Abs(b - a));
            }
            var sorted = steps.OrderBy(x => x).ToList();
            double median = sorted[sorted.Count / 2];
            double limit = Math.Max(log ? 0.5 : 0.1, 4 * median);
            for (int j = 1; j < order.Count; j++)
                if (steps[j - 1] > limit)
                    jumps.Add(new SeriesJump(order[j], order[j - 1], par.Name, fits[order[j - 1]].Fit.Values[k], fits[order[j]].Fit.Values[k],
                        log ? $"{steps[j - 1]:0.00} decades (limit {limit:0.00})" : $"{steps[j - 1]:0.000} (limit {limit:0.000})"));
        }
        return jumps;
    }
}
