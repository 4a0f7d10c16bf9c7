using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Migration;

/// <summary>One tabulated effective ionic radius (Data/ionic_radii.csv).</summary>
public sealed record IonicRadius(string Element, int Valence, int CoordinationNumber, double RadiusA);

/// <summary>
/// Shannon (1976) effective ionic radii shipped as data (src/Nitrolyte/Data/ionic_radii.csv), one coordination
/// number per framework ion (the first listed row of an element and valence is the one used).
/// </summary>
public static class IonicRadii
{
    public const string Source = "R. D. Shannon, Acta Cryst. A 32 (1976) 751, effective ionic radii (Data/ionic_radii.csv)";

    private static readonly Lazy<List<IonicRadius>> Table = new(Load);

    public static IReadOnlyList<IonicRadius> All => Table.Value;

    /// <summary>The radius of the ion; with no oxidation state, the element's only tabulated valence. Throws a
    /// one-line message when the ion is not tabulated.</summary>
    public static IonicRadius Of(string element, double? oxidationState)
    {
        var rows = Table.Value.Where(r => r.Element == element).ToList();
        if (rows.Count == 0)
            throw new NitrolyteInputException($"no ionic radius known for {element} (tabulated: {string.Join(", ", Table.Value.Select(r => r.Element).Distinct())})");
        if (oxidationState is double q)
        {
            int v = (int)Math.Round(q);
            return rows.FirstOrDefault(r => r.Valence == v)
                   ?? throw new NitrolyteInputException($"no ionic radius known for {BvseParameters.IonLabel(element, v)} (tabulated for {element}: {string.Join(", ", rows.Select(r => BvseParameters.IonLabel(r.Element, r.Valence)).Distinct())})");
        }
        if (rows.Select(r => r.Valence).Distinct().Count() > 1)
            throw new NitrolyteInputException($"no oxidation state for {element}: its ionic radius depends on the valence");
        return rows[0];
    }

    private static List<IonicRadius> Load()
    {
        using var s = typeof(IonicRadii).Assembly.GetManifestResourceStream("Nitrolyte.Data.ionic_radii.csv")
                      ?? throw new InvalidOperationException("embedded table ionic_radii.csv missing");
        using var r = new StreamReader(s);
        var rows = new List<IonicRadius>();
        bool header = true;
        string? line;
        while ((line = r.ReadLine()) is not null)
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            if (header) { header = false; continue; }
            var c = line.Split(',').Select(x => x.Trim()).ToArray();
            rows.Add(new IonicRadius(c[0], int.Parse(c[1], CultureInfo.InvariantCulture), int.Parse(c[2], CultureInfo.InvariantCulture),
                double.Parse(c[3], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        return rows;
    }
}
