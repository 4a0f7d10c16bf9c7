using Nitrolyte.Core;

namespace Nitrolyte.Library;

/// <summary>A library row and how far it lies from a material in (log10 σ25, Ea) space.</summary>
public sealed record Neighbour(LiteratureEntry Entry, double Sigma25CSPerCm, double DeltaLog10Sigma, double DeltaEaEV, double Distance);

/// <summary>
/// Comparison of a material with the library: nearest rows in (log10 σ25, Ea) space and the field's best. The
/// Arrhenius comparison plot of these rows is Reports/LiteraturePlot.
/// </summary>
public static class LiteratureComparison
{
    /// <summary>Default temperature span of the lines, °C (the review's plots span roughly room temperature to 250 °C).</summary>
    public const double DefaultTMinC = 0, DefaultTMaxC = 250;

    /// <summary>Library rows nearest to a material with σ(25 °C) and Ea: distance √(Δlog10σ² + (ΔEa/0.1 eV)²).</summary>
    public static IReadOnlyList<Neighbour> Nearest(IEnumerable<LiteratureEntry> rows, double sigma25CSPerCm, double eaEV, int count = 5)
    {
        if (!(sigma25CSPerCm > 0)) throw new NitrolyteInputException("σ(25 °C) must be positive to compare with the library");
        return rows.Where(r => r.HasArrheniusLine && r.Sigma25C is > 0)
            .Select(r =>
            {
                double s = r.Sigma25C!.Value;
                double dl = Math.Log10(s) - Math.Log10(sigma25CSPerCm), de = r.EaEV!.Value - eaEV;
                return new Neighbour(r, s, dl, de, Math.Sqrt(dl * dl + de / 0.1 * (de / 0.1)));
            })
            .OrderBy(n => n.Distance).ThenBy(n => n.Entry.Id, StringComparer.Ordinal).Take(count).ToList();
    }

    /// <summary>The row with the highest σ at 25 °C (stated, or moved to 25 °C along its Arrhenius line).</summary>
    public static LiteratureEntry? FieldBest(IEnumerable<LiteratureEntry> rows) =>
        rows.Where(r => r.Sigma25C is > 0).OrderByDescending(r => r.Sigma25C!.Value).FirstOrDefault();
}
