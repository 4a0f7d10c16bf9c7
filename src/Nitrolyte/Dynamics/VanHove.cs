using Nitrolyte.Core;

namespace Nitrolyte.Dynamics;

/// <summary>Options of the van Hove analysis (defaults as pymatgen-analysis-diffusion's VanHoveAnalysis).</summary>
public sealed record VanHoveOptions
{
    /// <summary>Number of time origins averaged (the first frames).</summary>
    public int Origins { get; init; } = 50;
    /// <summary>Frames between consecutive time lags of the output grid.</summary>
    public int LagStep { get; init; } = 50;
    public int RadialPoints { get; init; } = 101;
    public double RMaxA { get; init; } = 10;
    /// <summary>Gaussian smearing, Å.</summary>
    public double SigmaA { get; init; } = 0.1;
}

/// <summary>
/// Self and distinct parts of the van Hove correlation function on a radial grid r_j = j·dr (dr = rmax/(n−1))
/// and time lags t_k = min(k·LagStep, N − origins) frames, averaged over the first <c>Origins</c> time origins:
/// <list type="bullet">
/// <item>G_s(r,t): histogram of self displacements |r_i(t0+t) − r_i(t0)| (unwrapped, drift-corrected), bin
/// index ⌊d/dr⌋, smeared with Gaussians of width σ centred on the bin's grid point, normalised per ion and
/// origin, so ∫ G_s dr ≈ 1 (a radial probability density, 1/Å; not divided by 4πr²).</item>
/// <item>G_d(r,t): the same for distances between ion i at t0+t and every other reference ion j (all periodic
/// images within rmax) at t0, divided by 4πr_j² (π dr² for the r = 0 bin) and by the ion number density, so
/// G_d → 1 at large r.</item>
/// </list>
/// These conventions are those of Zhu et al., Chem. Mater. 27, 8318 (2015) as implemented in pymatgen.
/// </summary>
public sealed record VanHoveResult(double[] RA, double[] TimePs, int[] LagFrames, double[,] SelfPart, double[,] DistinctPart, int Ions, int Origins);

public static class VanHoveAnalysis
{
    public static VanHoveResult Compute(DisplacementSet set, int[] ions, int[]? referenceIons, double frameIntervalFs, VanHoveOptions o)
    {
        referenceIons ??= ions;
        int n = set.FrameCount;
        if (o.Origins < 1 || o.LagStep < 1 || o.RadialPoints < 2 || !(o.RMaxA > 0) || !(o.SigmaA > 0))
            throw new NitrolyteInputException("van Hove: origins ≥ 1, lag step ≥ 1, radial points ≥ 2, rmax > 0 and sigma > 0 are required");
        // the smearing matrix is radial points² doubles: 10⁸ points ran out of memory with an internal error
        if (!double.IsFinite(o.RMaxA) || !double.IsFinite(o.SigmaA))
            throw new NitrolyteInputException("van Hove: rmax and sigma must be finite");
        if (o.RadialPoints > 10_000)
            throw new NitrolyteInputException($"van Hove: {o.RadialPoints} radial points is too many (at most 10000; the default 101 suffices for 0.1 Å bins over 10 Å)");
        if (n <= o.Origins) throw new NitrolyteInputException($"van Hove: {n} frames are not more than the {o.Origins} time origins");
        int ntsteps = n - o.Origins;
        int nt = ntsteps / o.LagStep + 1;
        int ng = o.RadialPoints;
        double dr = o.RMaxA / (ng - 1);
        var r = Enumerable.Range(0, ng).Select(j => j * dr).ToArray();
        var lags = Enumerable.Range(0, nt).Select(k => Math.Min(k * o.LagStep, ntsteps)).ToArray();
        var lat = set.AverageLattice;
        var inv = lat.InverseMatrix; var m = lat.Matrix;
        double rho = ions.Length / lat.VolumeA3;
        int img = (int)Math.Ceiling(o.RMaxA / MdAnalysis.MinPerpendicularWidth(lat)) ;
        var selfCounts = new double[nt, ng];
        var distCounts = new double[nt, ng];
        double rmax2 = o.RMaxA * o.RMaxA;
        for (int k = 0; k < nt; k++)
        {
            int lag = lags[k];
            for (int t0 = 0; t0 < o.Origins; t0++)
            {
                foreach (var u in ions)
                {
                    var (ux, uy, uz) = set.Position(u, t0 + lag);
                    var (sx, sy, sz) = set.Position(u, t0);
                    double ds = Math.Sqrt((ux - sx) * (ux - sx) + (uy - sy) * (uy - sy) + (uz - sz) * (uz - sz));
                    if (ds < o.RMaxA) selfCounts[k, (int)(ds / dr)]++;
                    foreach (var v in referenceIons)
                    {
                        var (vx, vy, vz) = set.Position(v, t0);
                        double dx = ux - vx, dy = uy - vy, dz = uz - vz;
                        double fa = dx * inv[0, 0] + dy * inv[1, 0] + dz * inv[2, 0];
                        double fb = dx * inv[0, 1] + dy * inv[1, 1] + dz * inv[2, 1];
                        double fc = dx * inv[0, 2] + dy * inv[1, 2] + dz * inv[2, 2];
                        bool same = u == v;
                        if (!same) { fa -= Math.Round(fa); fb -= Math.Round(fb); fc -= Math.Round(fc); }
                        for (int ia = -img; ia <= img; ia++)
                            for (int ib = -img; ib <= img; ib++)
                                for (int ic = -img; ic <= img; ic++)
                                {
                                    if (same && ia == 0 && ib == 0 && ic == 0) continue;
                                    double a = fa + ia, b = fb + ib, c = fc + ic;
                                    double x = a * m[0, 0] + b * m[1, 0] + c * m[2, 0];
                                    double y = a * m[0, 1] + b * m[1, 1] + c * m[2, 1];
                                    double z = a * m[0, 2] + b * m[1, 2] + c * m[2, 2];
                                    double d2 = x * x + y * y + z * z;
                                    if (d2 < rmax2) distCounts[k, (int)(Math.Sqrt(d2) / dr)]++;
                                }
                    }
                }
            }
        }
        // Gaussian smearing: bin j spreads over grid points i with N(r_i; r_j, σ)
        var gauss = new double[ng, ng];
        double norm = 1.0 / (o.SigmaA * Math.Sqrt(2 * Math.PI));
        for (int j = 0; j < ng; j++)
            for (int i = 0; i < ng; i++)
                gauss[j, i] = norm * Math.Exp(-0.5 * Math.Pow((r[i] - r[j]) / o.SigmaA, 2)) / o.Origins / referenceIons.Length;
        var gs = new double[nt, ng];
        var gd = new double[nt, ng];
        for (int k = 0; k < nt; k++)
            for (int j = 0; j < ng; j++)
            {
                double cs = selfCounts[k, j], cd = distCounts[k, j];
                if (cs == 0 && cd == 0) continue;
                double shell = j == 0 ? Math.PI * dr * dr : 4 * Math.PI * r[j] * r[j];
                for (int i = 0; i < ng; i++)
                {
                    gs[k, i] += gauss[j, i] * cs;
                    gd[k, i] += gauss[j, i] * cd / shell / rho;
                }
            }
        return new VanHoveResult(r, lags.Select(l => l * frameIntervalFs / 1000.0).ToArray(), lags, gs, gd, ions.Length, o.Origins);
    }
}
