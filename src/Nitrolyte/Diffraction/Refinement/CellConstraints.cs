using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction.Refinement;

/// <summary>
/// Symmetry constraints on the six cell parameters, derived from the metric of the starting cell: lengths equal
/// within 1e-5 (relative) are tied, angles within 1e-3° of 90°, 120° or 60° are fixed, equal free angles are
/// tied. This gives cubic (a), tetragonal and hexagonal (a, c), rhombohedral (a, α), orthorhombic (a, b, c),
/// monoclinic (a, b, c, β) and triclinic (all six) in any standard setting. A starting cell that is
/// metrically more symmetric than its space group (a ≈ c by accident) would be over-constrained: the result
/// names the crystal system used so it can be checked.
/// </summary>
public sealed class CellConstraints
{
    /// <summary>For each of a, b, c, α, β, γ: index of the free parameter it equals, or −1 when fixed.</summary>
    public int[] Source { get; }
    public double[] Fixed { get; }
    /// <summary>Names of the free parameters ("a", "c", "beta").</summary>
    public string[] FreeNames { get; }
    public string CrystalSystem { get; }

    private static readonly string[] Six = ["a", "b", "c", "alpha", "beta", "gamma"];

    public CellConstraints(Lattice start)
    {
        double[] p = [start.A, start.B, start.C, start.AlphaDeg, start.BetaDeg, start.GammaDeg];
        Source = new int[6];
        Fixed = (double[])p.Clone();
        var free = new List<(string Name, double Value)>();
        for (int i = 0; i < 3; i++)
        {
            int tie = -1;
            for (int j = 0; j < i; j++)
                if (Math.Abs(p[i] - p[j]) <= 1e-5 * p[j]) { tie = Source[j]; break; }
            if (tie < 0) { Source[i] = free.Count; free.Add((Six[i], p[i])); }
            else Source[i] = tie;
        }
        for (int i = 3; i < 6; i++)
        {
            if (Math.Abs(p[i] - 90) < 1e-3 || Math.Abs(p[i] - 120) < 1e-3 || Math.Abs(p[i] - 60) < 1e-3) { Source[i] = -1; continue; }
            int tie = -1;
            for (int j = 3; j < i; j++)
                if (Source[j] >= 0 && Math.Abs(p[i] - p[j]) < 1e-4) { tie = Source[j]; break; }
            if (tie < 0) { Source[i] = free.Count; free.Add((Six[i], p[i])); }
            else Source[i] = tie;
        }
        FreeNames = free.Select(f => f.Name).ToArray();
        StartValues = free.Select(f => f.Value).ToArray();
        int lengths = FreeNames.Count(n => n.Length == 1), angles = FreeNames.Length - lengths;
        bool hexAngle = Math.Abs(p[5] - 120) < 1e-3 || Math.Abs(p[3] - 120) < 1e-3 || Math.Abs(p[4] - 120) < 1e-3;
        CrystalSystem = (lengths, angles) switch
        {
            (1, 0) => "cubic",
            (2, 0) => hexAngle ? "hexagonal" : "tetragonal",
            (3, 0) => hexAngle ? "monoclinic (fixed 120°)" : "orthorhombic",
            (1, 1) => "rhombohedral",
            (_, 1) => "monoclinic",
            _ => "triclinic",
        };
    }

    public double[] StartValues { get; }

    /// <summary>a, b, c (Å), α, β, γ (°) from the free parameters.</summary>
    public double[] Expand(ReadOnlySpan<double> free)
    {
        var r = new double[6];
        for (int i = 0; i < 6; i++) r[i] = Source[i] >= 0 ? free[Source[i]] : Fixed[i];
        return r;
    }

    /// <summary>Standard error of each of the six from the free parameters' (0 for fixed ones).</summary>
    public double[] ExpandErrors(ReadOnlySpan<double> freeErr)
    {
        var r = new double[6];
        for (int i = 0; i < 6; i++) r[i] = Source[i] >= 0 ? freeErr[Source[i]] : 0;
        return r;
    }

    /// <summary>Reciprocal metric G* (1/Å²) for cell parameters a..γ, so that 1/d² = hᵀ G* h.</summary>
    public static double[,] ReciprocalMetric(double[] c)
    {
        double a = c[0], b = c[1], cc = c[2];
        double ca = Math.Cos(c[3] * Math.PI / 180), cb = Math.Cos(c[4] * Math.PI / 180), cg = Math.Cos(c[5] * Math.PI / 180);
        var g = new double[,] { { a * a, a * b * cg, a * cc * cb }, { a * b * cg, b * b, b * cc * ca }, { a * cc * cb, b * cc * ca, cc * cc } };
        double det = g[0, 0] * (g[1, 1] * g[2, 2] - g[1, 2] * g[2, 1]) - g[0, 1] * (g[1, 0] * g[2, 2] - g[1, 2] * g[2, 0]) + g[0, 2] * (g[1, 0] * g[2, 1] - g[1, 1] * g[2, 0]);
        var inv = new double[3, 3];
        inv[0, 0] = (g[1, 1] * g[2, 2] - g[1, 2] * g[2, 1]) / det;
        inv[0, 1] = (g[0, 2] * g[2, 1] - g[0, 1] * g[2, 2]) / det;
        inv[0, 2] = (g[0, 1] * g[1, 2] - g[0, 2] * g[1, 1]) / det;
        inv[1, 1] = (g[0, 0] * g[2, 2] - g[0, 2] * g[2, 0]) / det;
        inv[1, 2] = (g[0, 2] * g[1, 0] - g[0, 0] * g[1, 2]) / det;
        inv[2, 2] = (g[0, 0] * g[1, 1] - g[0, 1] * g[1, 0]) / det;
        inv[1, 0] = inv[0, 1]; inv[2, 0] = inv[0, 2]; inv[2, 1] = inv[1, 2];
        return inv;
    }

    public static double Volume(double[] c)
    {
        double ca = Math.Cos(c[3] * Math.PI / 180), cb = Math.Cos(c[4] * Math.PI / 180), cg = Math.Cos(c[5] * Math.PI / 180);
        return c[0] * c[1] * c[2] * Math.Sqrt(Math.Max(0, 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg));
    }
}
