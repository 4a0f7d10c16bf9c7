using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

/// <summary>One circuit of a comparison: its fit, BIC and how many of its arcs the data resolve.</summary>
public sealed record ComparedFit(CircuitFit Fit, double Bic, int Arcs, int ArcsResolved)
{
    public string Circuit => Fit.Circuit.Text;
}

/// <summary>F-test of a circuit against a richer one that contains it (the extra parameters improve χ² by more than chance?).</summary>
public sealed record NestedTest(string Simpler, string Richer, double F, int ExtraParameters, int DegreesOfFreedom, double P);

public sealed record CircuitComparisonResult(IReadOnlyList<ComparedFit> Fits, IReadOnlyList<NestedTest> Tests, string Preferred, string Reason);

/// <summary>
/// Fits several circuits to the same points and names the preferred one. Statistics: χ², reduced χ², AIC
/// (m ln(χ²/m) + 2P) and BIC (m ln(χ²/m) + P ln m), m = 2N residuals; for each pair where one circuit's
/// elements are a subset of the other's (nested, judged by element kinds), the F-test
/// F = ((χ²_s − χ²_r)/(P_r − P_s)) / (χ²_r/(m − P_r)) with its p value. An arc counts as resolved when its
/// resistance is determined to better than 50 % (standard error) and its time constant lies within the measured
/// band. Preferred: the lowest BIC among the circuits that reach a good minimum (χ² near the noise floor) with
/// every arc resolved; failing that, among those reaching a good minimum; failing that, overall.
/// </summary>
public static class CircuitComparison
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CircuitComparisonResult Compare(ImpedanceSpectrum s, IReadOnlyList<Circuit> circuits, CircuitFitOptions? options = null)
    {
        if (circuits.Count < 2) throw new NitrolyteInputException("a comparison needs at least two circuits");
        options ??= new CircuitFitOptions();
        var fits = new List<ComparedFit>();
        foreach (var c in circuits)
        {
            // starting values/fixed values apply only to the circuits that have those parameters
            var o = options with
            {
                WarmStart = null,
                Initial = Only(options.Initial, c), Fixed = Only(options.Fixed, c),
                Bounds = options.Bounds?.Where(kv => c.IndexOf(kv.Key) >= 0).ToDictionary(kv => kv.Key, kv => kv.Value),
            };
            var fit = CnlsFitter.Fit(s, c, o);
            int m = 2 * fit.NPoints;
            double bic = m * Math.Log(Math.Max(fit.ChiSquare, 1e-300) / m) + fit.FreeParameters * Math.Log(m);
            var (arcs, resolved) = ArcsResolved(fit);
            fits.Add(new ComparedFit(fit, bic, arcs, resolved));
        }
        var tests = new List<NestedTest>();
        for (int a = 0; a < fits.Count; a++)
            for (int b = 0; b < fits.Count; b++)
            {
                var sA = fits[a].Fit; var rB = fits[b].Fit;
                if (a == b || rB.FreeParameters <= sA.FreeParameters || !Nested(sA.Circuit, rB.Circuit)) continue;
                int m = 2 * rB.NPoints;
                int d1 = rB.FreeParameters - sA.FreeParameters, d2 = m - rB.FreeParameters;
                if (d2 <= 0) continue;
                double f = (sA.ChiSquare - rB.ChiSquare) / d1 / (rB.ChiSquare / d2);
                double p = f <= 0 || !double.IsFinite(f) ? (double.IsPositiveInfinity(f) ? 0 : 1) : 1 - MathNet.Numerics.Distributions.FisherSnedecor.CDF(d1, d2, f);
                tests.Add(new NestedTest(sA.Circuit.Text, rB.Circuit.Text, f, d1, d2, p));
            }
        var good = fits.Where(f => f.Fit.Quality is { ConvergedToGoodMinimum: true }).ToList();
        var goodResolved = good.Where(f => f.ArcsResolved == f.Arcs).ToList();
        var pool = goodResolved.Count > 0 ? goodResolved : good.Count > 0 ? good : fits;
        var best = pool.MinBy(f => f.Bic)!;
        string why = goodResolved.Count > 0 ? "lowest BIC among the circuits that reach the noise floor with every arc resolved"
            : good.Count > 0 ? "lowest BIC among the circuits that reach the noise floor (none resolves all its arcs)"
            : "lowest BIC; no circuit reaches the noise floor, so none describes the spectrum fully";
        var parts = new List<string> { $"{best.Circuit}: {why} (BIC {best.Bic.ToString("0.0", Inv)}" };
        var runner = fits.Where(f => f != best).MinBy(f => f.Bic);
        if (runner is not null) parts[0] += $"; next {runner.Circuit} at ΔBIC = {(runner.Bic - best.Bic).ToString("+0.0;-0.0", Inv)}";
        parts[0] += ")";
        foreach (var f in fits.Where(f => f != best && f.Bic < best.Bic))
            parts.Add(f.Fit.Quality is { ConvergedToGoodMinimum: false }
                ? $"{f.Circuit} has a lower BIC but did not reach a good minimum"
                : $"{f.Circuit} has a lower BIC but resolves only {f.ArcsResolved} of its {f.Arcs} arcs");
        foreach (var t in tests.Where(t => t.Simpler == best.Circuit))
            parts.Add($"the extra parameters of {t.Richer} are {(t.P < 0.05 ? "" : "not ")}significant (F-test p = {t.P.ToString("0.###", Inv)})");
        foreach (var t in tests.Where(t => t.Richer == best.Circuit))
            parts.Add($"it improves significantly on {t.Simpler} (F-test p = {t.P.ToString("G3", Inv)})");
        return new CircuitComparisonResult(fits, tests, best.Circuit, string.Join("; ", parts));
    }

    private static Dictionary<string, double>? Only(IReadOnlyDictionary<string, double>? d, Circuit c) =>
        d?.Where(kv => c.IndexOf(kv.Key) >= 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when every element kind of <paramref name="simpler"/> occurs at least as often in <paramref name="richer"/>.</summary>
    public static bool Nested(Circuit simpler, Circuit richer)
    {
        var a = simpler.Root.Elements().GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        var b = richer.Root.Elements().GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        return a.All(kv => b.TryGetValue(kv.Key, out var n) && n >= kv.Value) && richer.ParameterCount > simpler.ParameterCount;
    }

    /// <summary>Arcs (parallel blocks) of the fit and how many are resolved (R to better than 50 %, τ inside the band).</summary>
    public static (int Arcs, int Resolved) ArcsResolved(CircuitFit fit)
    {
        var blocks = InitialGuess.Arcs(fit.Circuit);
        var s = fit.Spectrum;
        double wMin = 2 * Math.PI * s.FrequenciesHz.Min(), wMax = 2 * Math.PI * s.FrequenciesHz.Max();
        int resolved = 0;
        foreach (var b in blocks)
        {
            var r = b.Children.OfType<ElementNode>().FirstOrDefault(e => e.Kind == ElementKind.R);
            if (r is null) continue;
            var pr = fit.Parameters[r.ParamStart];
            double tau = CnlsFitter.RelaxationTime(b, fit.Values);
            bool inBand = double.IsFinite(tau) && tau * wMax >= Math.Pow(10, -0.5) && tau * wMin <= Math.Pow(10, 0.5);
            if ((pr.Fixed || pr.RelativeStdErr < 0.5) && inBand) resolved++;
        }
        return (blocks.Count, resolved);
    }
}
