using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Diffraction;

/// <summary>
/// Atomic scattering data shipped in Data/: X-ray form factors f0(s) = Σ a_i exp(−b_i s²) + c (International Tables
/// Vol. C Table 6.1.1.4, s = sin θ/λ in 1/Å) and bound coherent neutron scattering lengths (Sears 1992, fm).
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
