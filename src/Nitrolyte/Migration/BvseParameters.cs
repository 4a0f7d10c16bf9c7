using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Migration;

/// <summary>Tabulated data of one ion for BVSE (Data/bvse_ions.csv). Null fields: no value known.</summary>
public sealed record BvseIon(string Element, int Valence, double? SoftnessPerEV, int? PrincipalN, double? RadiusA)
{
    /// <summary>"Li+", "N3-", "Ge4+".</summary>
    public string Label => BvseParameters.IonLabel(Element, Valence);
}

/// <summary>
/// The Morse pair of a mobile cation A and an anion X, with the derived Rmin and D0:
/// Rmin = R0 (0.9185 + 0.2285 |sA − sX|) + b ln(CN / VA), D0 = 14.4 VA VX b² / (2 Rmin √(nA nX)) (eV, Å).
/// </summary>
public sealed record BvsePair(string Mobile, int MobileValence, string Anion, int AnionValence,
    double R0A, double BA, double CoordinationNumber, double CutoffA, double RminA, double D0EV)
{
    /// <summary>E_AX(R) = D0 [(exp((Rmin − R)/b) − 1)² − 1], eV (no cutoff, no 1/2 factor, full occupancy).</summary>
    public double Energy(double rA)
    {
        double e = Math.Exp((RminA - rA) / BA) - 1;
        return D0EV * (e * e - 1);
    }
}

/// <summary>
/// The BVSE parameter tables shipped as data (src/Nitrolyte/Data/bvse_pairs.csv and bvse_ions.csv): softBV 2020
/// values for Li+ with N, O, F, Cl, Br, I, S, Se, H anions, ion softness and principal quantum numbers, and the
/// radii of the immobile cations used in the screened Coulomb term. The files name their source.
/// </summary>
public static class BvseParameters
{
    private sealed record PairRow(string Cation, int CationValence, string Anion, int AnionValence, double R0, double B, double Cn, double Cutoff);

    private static readonly Lazy<(List<PairRow> Pairs, Dictionary<string, BvseIon> Ions)> Table = new(Load);

    public const string Source = "softBV 2020 parameter table (H. Chen, S. Adams: IUCrJ 4 (2017) 614; Acta Cryst. B 75 (2019) 18), as listed in Nitrolyte issue 6";

    /// <summary>Coulomb prefactor e²/(4πε0) in eV Å.</summary>
    public const double CoulombEVA = 14.4;

    public static IReadOnlyCollection<BvseIon> Ions => Table.Value.Ions.Values;

    public static string IonLabel(string element, int valence) =>
        element + (Math.Abs(valence) == 1 ? "" : Math.Abs(valence).ToString(CultureInfo.InvariantCulture)) + (valence > 0 ? "+" : "-");

    /// <summary>The tabulated ion of this element, or null when the element is not in the table.</summary>
    public static BvseIon? Ion(string element) => Table.Value.Ions.GetValueOrDefault(element);

    /// <summary>The absolute softness of an ion in 1/eV, or an exception saying plainly that no value is known.</summary>
    public static double Softness(string element)
    {
        var ion = Ion(element) ?? throw new NitrolyteInputException($"no value known: {element} is not in the BVSE ion table");
        return ion.SoftnessPerEV ?? throw new NitrolyteInputException($"no value known for the softness of {ion.Label} (softBV 2020 table as listed in issue 6 gives none)");
    }

    /// <summary>True when the softness is tabulated; <paramref name="message"/> says why not otherwise.</summary>
    public static bool TryGetSoftness(string element, out double softness, out string message)
    {
        var ion = Ion(element);
        softness = ion?.SoftnessPerEV ?? double.NaN;
        message = ion is null ? $"no value known: {element} is not in the BVSE ion table"
            : ion.SoftnessPerEV is null ? $"no value known for the softness of {ion.Label}" : "";
        return ion?.SoftnessPerEV is not null;
    }

    /// <summary>The pair of mobile ion and anion with its derived Rmin and D0. Throws when any ingredient is missing.</summary>
    public static BvsePair Pair(string mobile, string anion)
    {
        var (pairs, ions) = Table.Value;
        var row = pairs.FirstOrDefault(p => p.Cation == mobile && p.Anion == anion)
                  ?? throw new NitrolyteInputException(
                      $"no BVSE Morse parameters for {mobile}-{anion} (tabulated pairs: {string.Join(", ", pairs.Select(p => p.Cation + "-" + p.Anion))})");
        var a = ions.GetValueOrDefault(mobile) ?? throw new NitrolyteInputException($"no value known: {mobile} is not in the BVSE ion table");
        var x = ions.GetValueOrDefault(anion) ?? throw new NitrolyteInputException($"no value known: {anion} is not in the BVSE ion table");
        double sa = Softness(mobile), sx = Softness(anion);
        int na = a.PrincipalN ?? throw new NitrolyteInputException($"no value known for the principal quantum number of {a.Label}");
        int nx = x.PrincipalN ?? throw new NitrolyteInputException($"no value known for the principal quantum number of {x.Label}");
        double va = Math.Abs(row.CationValence), vx = Math.Abs(row.AnionValence);
        double rmin = row.R0 * (0.9185 + 0.2285 * Math.Abs(sa - sx)) + row.B * Math.Log(row.Cn / va);
        double d0 = CoulombEVA * va * vx * row.B * row.B / (2 * rmin * Math.Sqrt(na * nx));
        return new BvsePair(mobile, row.CationValence, anion, row.AnionValence, row.R0, row.B, row.Cn, row.Cutoff, rmin, d0);
    }

    /// <summary>Mobile cations with at least one tabulated pair (only Li in the shipped table).</summary>
    public static IEnumerable<string> MobileIons => Table.Value.Pairs.Select(p => p.Cation).Distinct();

    private static (List<PairRow>, Dictionary<string, BvseIon>) Load()
    {
        var pairs = ReadCsv("bvse_pairs.csv").Select(c => new PairRow(c[0], I(c[1]), c[2], I(c[3]), D(c[4]), D(c[5]), D(c[6]), D(c[7]))).ToList();
        var ions = ReadCsv("bvse_ions.csv").Select(c => new BvseIon(c[0], I(c[1]),
            c[2].Length == 0 ? null : D(c[2]), c[3].Length == 0 ? null : I(c[3]), c[4].Length == 0 ? null : D(c[4])))
            .ToDictionary(i => i.Element);
        return (pairs, ions);

        static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        static int I(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string[]> ReadCsv(string name)
    {
        using var s = typeof(BvseParameters).Assembly.GetManifestResourceStream("Nitrolyte.Data." + name)
                      ?? throw new InvalidOperationException($"embedded BVSE table {name} missing");
        using var r = new StreamReader(s);
        var rows = new List<string[]>();
        bool header = true;
        string? line;
        while ((line = r.ReadLine()) is not null)
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            if (header) { header = false; continue; }
            rows.Add(line.Split(',').Select(x => x.Trim()).ToArray());
        }
        return rows;
    }
}
