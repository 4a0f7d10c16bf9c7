using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction;

public sealed record PdfOptions
{
    public double RMaxA { get; init; } = 20;
    public double StepA { get; init; } = 0.01;
    /// <summary>Gaussian broadening σ of every pair distance, Å (thermal motion + instrument).</summary>
    public double SigmaA { get; init; } = 0.05;
    /// <summary>Neutron weights (coherent scattering lengths; Li negative) instead of X-ray weights (Z).</summary>
    public bool Neutron { get; init; }
}

/// <summary>Total and partial reduced pair distribution functions, G(r) = 4πrρ0 [g(r) − 1], Å⁻².</summary>
public sealed record PdfResult(double[] RA, double[] G, IReadOnlyDictionary<string, double[]> Partials, IReadOnlyDictionary<string, double> Weights, double NumberDensityPerA3, bool Neutron);

/// <summary>
/// Pair distribution function of a (possibly partially occupied) crystal. Partial g_ab(r) = Σ_{i∈a, j∈b} occ occ
/// δ(r − r_ij) / (4πr² N_a ρ_b), with each δ a Gaussian of width σ; total g = Σ_ab c_a c_b f_a f_b g_ab / (Σ c f)²
/// with f = Z (X-ray, the Q = 0 limit of the form factor) or the coherent neutron scattering length b.
/// Partials are reported per unordered pair "A-B" as G_AB = 4πrρ0 (g_AB − 1) together with their weight
/// (2 c_a c_b f_a f_b/(Σcf)² for A ≠ B), so that G = Σ weight × G_AB.
/// </summary>
public static class PairDistribution
{
    /// <summary>Most pair distances held at once (about 1 GB of neighbour list).</summary>
    public const double MaxPairs = 3e7;

    public static PdfResult Compute(Structure s, PdfOptions opt)
    {
        if (opt.RMaxA <= 0 || opt.RMaxA > 200) throw new NitrolyteInputException($"rmax {opt.RMaxA} Å out of range (0-200)");
        if (opt.StepA <= 0 || opt.SigmaA <= 0) throw new NitrolyteInputException("PDF step and sigma must be positive");
        var comp = s.Composition;
        var els = comp.Elements.ToList();
        int ne = els.Count;
        double n = comp.TotalAtoms, vol = s.VolumeA3, rho0 = n / vol;
        var c = els.Select(e => comp[e] / n).ToArray();
        var f = els.Select(e => opt.Neutron ? ScatteringFactors.NeutronLengthFm(e) : Element.FromSymbol(e).Z).ToArray();
        double fbar = 0;
        for (int a = 0; a < ne; a++) fbar += c[a] * f[a];
        if (Math.Abs(fbar) < 1e-12) throw new NitrolyteInputException("the average scattering length is zero (a null-scattering composition): the total neutron PDF is undefined");

        int np = (int)Math.Floor(opt.RMaxA / opt.StepA);
        var r = new double[np];
        for (int k = 0; k < np; k++) r[k] = (k + 1) * opt.StepA;
        var hist = new double[ne, ne][];
        for (int a = 0; a < ne; a++) for (int b = 0; b < ne; b++) hist[a, b] = new double[np];

        double reach = 5 * opt.SigmaA;
        // The neighbour list holds every pair within rmax at once (32 bytes each): refuse rather than use gigabytes.
        double rc = opt.RMaxA + reach;
        double pairs = s.Sites.Count * (4.0 / 3.0 * Math.PI * rc * rc * rc * s.Sites.Count / vol);
        if (pairs > MaxPairs)
        {
            double rOk = Math.Cbrt(MaxPairs / (4.0 / 3.0 * Math.PI * s.Sites.Count * s.Sites.Count / vol)) - reach;
            throw new NitrolyteInputException($"a PDF to {opt.RMaxA} Å of {s.Sites.Count} sites needs about {pairs:0.#e0} pair distances (limit {MaxPairs:0e0}, about 1 GB): " +
                                              $"use rmax ≤ {Math.Floor(Math.Max(rOk, 0) * 10) / 10} Å or a smaller cell");
        }
        var nl = NeighbourList.Build(s, rc);
        var siteSpecies = s.Sites.Select(site => site.Species.Select(sp => (El: els.IndexOf(sp.Element), sp.Occupancy)).ToArray()).ToArray();
        double norm = 1 / (opt.SigmaA * Math.Sqrt(2 * Math.PI));
        int win = (int)Math.Ceiling(reach / opt.StepA);
        for (int i = 0; i < s.Sites.Count; i++)
        {
            foreach (var nb in nl[i])
            {
                int center = (int)Math.Round(nb.DistanceA / opt.StepA) - 1;
                int lo = Math.Max(0, center - win), hi = Math.Min(np - 1, center + win);
                if (lo > hi) continue;
                foreach (var (ea, oa) in siteSpecies[i])
                    foreach (var (eb, ob) in siteSpecies[nb.Index])
                    {
                        var h = hist[ea, eb];
                        double w = oa * ob * norm;
                        for (int k = lo; k <= hi; k++)
                        {
                            double d = (r[k] - nb.DistanceA) / opt.SigmaA;
                            h[k] += w * Math.Exp(-0.5 * d * d);
                        }
                    }
            }
            // species sharing one site never pair with each other (zero distance) - nothing to add
        }

        var total = new double[np];
        var partials = new Dictionary<string, double[]>();
        var weights = new Dictionary<string, double>();
        for (int a = 0; a < ne; a++)
        {
            double na = comp[els[a]];
            for (int b = a; b < ne; b++)
            {
                double rhob = comp[els[b]] / vol;
                var g = new double[np];
                for (int k = 0; k < np; k++)
                {
                    double shell = 4 * Math.PI * r[k] * r[k];
                    g[k] = hist[a, b][k] / (shell * na * rhob);
                }
                double w = (a == b ? 1 : 2) * c[a] * c[b] * f[a] * f[b] / (fbar * fbar);
                var gr = new double[np];
                for (int k = 0; k < np; k++)
                {
                    gr[k] = 4 * Math.PI * r[k] * rho0 * (g[k] - 1);
                    total[k] += w * gr[k];
                }
                var key = $"{els[a]}-{els[b]}";
                partials[key] = gr;
                weights[key] = w;
            }
        }
        return new PdfResult(r, total, partials, weights, rho0, opt.Neutron);
    }

    /// <summary>Position (Å) of the first maximum of a curve above <paramref name="fromA"/>.</summary>
    public static double FirstPeakA(double[] r, double[] y, double fromA = 0.5, bool negative = false)
    {
        for (int k = 1; k < r.Length - 1; k++)
        {
            if (r[k] < fromA) continue;
            double a = negative ? -y[k - 1] : y[k - 1], b = negative ? -y[k] : y[k], cc = negative ? -y[k + 1] : y[k + 1];
            if (b > a && b >= cc && b > 0.1 * Max(y, negative))
            {
                // parabolic refinement
                double den = a - 2 * b + cc;
                double shift = den != 0 ? 0.5 * (a - cc) / den : 0;
                return r[k] + shift * (r[1] - r[0]);
            }
        }
        return double.NaN;
    }

    private static double Max(double[] y, bool negative) => negative ? -y.Min() : y.Max();
}
