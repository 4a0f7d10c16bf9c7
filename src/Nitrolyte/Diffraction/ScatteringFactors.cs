using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Diffraction;

/// <summary>
/// Atomic scattering data shipped in Data/: X-ray form factors f0(s) = Σ a_i exp(−b_i s²) + c (International Tables
/// Vol. C Table 6.1.1.4, s = sin θ/λ in 1/Å), anomalous terms f′, f″ (NIST FFAST, Chantler 2000) and bound coherent
/// neutron scattering lengths (Sears 1992, fm).
/// </summary>
public static class ScatteringFactors
{
    public sealed record XrayCoefficients(string Symbol, double[] A, double[] B, double C)
    {
        public double F0(double s2)
        {
            double f = C;
            for (int i = 0; i < 4; i++) f += A[i] * Math.Exp(-B[i] * s2);
            return f;
        }
    }

    private static readonly Lazy<Dictionary<string, XrayCoefficients>> Xray = new(() =>
        ReadCsv("xray_form_factors.csv").ToDictionary(c => c[0], c =>
        {
            var v = c.Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return new XrayCoefficients(c[0], v[..4], v[4..8], v[8]);
        }));

    private static readonly Lazy<Dictionary<string, double>> Neutron = new(() =>
        ReadCsv("neutron_scattering_lengths.csv").ToDictionary(c => c[0], c => double.Parse(c[1], CultureInfo.InvariantCulture)));

    public static XrayCoefficients XrayFor(string element) =>
        Xray.Value.TryGetValue(element, out var c) ? c : throw new NitrolyteInputException($"no X-ray form factor for {element} (the table covers H to Bi)");

    /// <summary>Coherent neutron scattering length, fm.</summary>
    public static double NeutronLengthFm(string element) =>
        Neutron.Value.TryGetValue(element, out var b) ? b : throw new NitrolyteInputException($"no neutron scattering length for {element} in Data/neutron_scattering_lengths.csv");

    /// <summary>Photon energy (eV) of a wavelength (Å): E = hc/λ, hc = 12398.41984 eV·Å (CODATA).</summary>
    public static double EnergyEv(double wavelengthA) => 12398.41984 / wavelengthA;

    private static readonly Lazy<Dictionary<string, (int Z, double[] E, double[] F1, double[] F2)>> Anomalous = new(() =>
        ReadCsv("xray_anomalous_ffast.csv").GroupBy(c => c[0]).ToDictionary(g => g.Key, g =>
        {
            var rows = g.Select(c => c.Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToList();
            return ((int)rows[0][0], rows.Select(r => r[1]).ToArray(), rows.Select(r => r[2]).ToArray(), rows.Select(r => r[3]).ToArray());
        }));

    /// <summary>Elements with tabulated anomalous terms (Data/xray_anomalous_ffast.csv).</summary>
    public static IReadOnlyCollection<string> AnomalousElements => Anomalous.Value.Keys;

    /// <summary>
    /// Anomalous scattering f′ = f1 − Z and f″ = f2 (electrons) at the photon energy of <paramref name="wavelengthA"/>, from the
    /// NIST FFAST tables shipped in Data/xray_anomalous_ffast.csv (3.5–45 keV, i.e. 0.28–3.5 Å): f1 interpolated linearly in
    /// ln E, f2 linearly in ln E and ln f2 (the tables' own spacing is a few % in E; at an absorption edge the table lists the
    /// edge energy twice and the side of the edge the energy lies on is used). Null when the element or energy is not covered.
    /// </summary>
    public static (double FPrime, double FDoublePrime)? AnomalousFor(string element, double wavelengthA)
    {
        if (!Anomalous.Value.TryGetValue(element, out var t)) return null;
        double e = EnergyEv(wavelengthA);
        if (e < t.E[0] || e > t.E[^1]) return null;
        int i = Array.BinarySearch(t.E, e);
        if (i >= 0) return (t.F1[i] - t.Z, t.F2[i]);
        i = ~i;
        int a = i - 1, b = i;
        double x = (Math.Log(e) - Math.Log(t.E[a])) / (Math.Log(t.E[b]) - Math.Log(t.E[a]));
        double f1 = t.F1[a] + (t.F1[b] - t.F1[a]) * x;
        double f2 = t.F2[a] > 0 && t.F2[b] > 0 ? Math.Exp(Math.Log(t.F2[a]) + (Math.Log(t.F2[b]) - Math.Log(t.F2[a])) * x) : t.F2[a] + (t.F2[b] - t.F2[a]) * x;
        return (f1 - t.Z, f2);
    }

    private static List<string[]> ReadCsv(string name)
    {
        using var s = typeof(ScatteringFactors).Assembly.GetManifestResourceStream("Nitrolyte.Data." + name)
                      ?? throw new InvalidOperationException($"embedded {name} missing");
        using var r = new StreamReader(s);
        var rows = new List<string[]>();
        string? line;
        bool header = true;
        while ((line = r.ReadLine()) is not null)
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            if (header) { header = false; continue; }
            rows.Add(line.Split(','));
        }
        return rows;
    }
}
