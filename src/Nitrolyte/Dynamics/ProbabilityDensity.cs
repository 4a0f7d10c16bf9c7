using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Dynamics;

/// <summary>
/// Time-averaged probability density P(r) of the mobile ions on a 3D grid of the (averaged) cell:
/// each ion at each frame counts for the nearest grid point (Cartesian distance, periodic), and
/// P = count / (frames · ions) · (grid points / V), so Σ P·dV = 1 (Å⁻³).
/// Grid: n_i = ⌈L_i / spacing⌉ points along lattice vector i. By default the points are evenly spaced
/// (fraction k/n_i, what a .cube file needs); <see cref="PymatgenGrid"/> uses pymatgen's
/// ProbabilityDensityAnalysis grid k·spacing/L_i (the last interval across the boundary is shorter).
/// </summary>
public sealed record ProbabilityDensityResult(Lattice Lattice, int NA, int NB, int NC, double[] Density, double SpacingA, bool PymatgenGrid, int Frames, int Ions)
{
    public double At(int a, int b, int c) => Density[(a * NB + b) * NC + c];
    public double Max => Density.Max();
    /// <summary>Σ P dV with the nominal voxel volume V / (nA nB nC): 1 by construction.</summary>
    public double Integral => Density.Sum() * Lattice.VolumeA3 / Density.Length;
}

public static class ProbabilityDensityAnalysis
{
    public static ProbabilityDensityResult Compute(DisplacementSet set, int[] ions, double spacingA = 0.5, bool pymatgenGrid = false, int frameStep = 1)
    {
        if (!(spacingA > 0)) throw new NitrolyteInputException("grid spacing must be positive");
        var lat = set.AverageLattice;
        double[] len = [lat.A, lat.B, lat.C];
        var h = len.Select(l => pymatgenGrid ? spacingA / l : 1.0 / Math.Ceiling(l / spacingA - 1e-9)).ToArray();
        var nn = len.Select(l => (int)Math.Ceiling(l / spacingA - 1e-9)).ToArray();
        if ((long)nn[0] * nn[1] * nn[2] > 50_000_000) throw new NitrolyteInputException($"grid of {nn[0]}x{nn[1]}x{nn[2]} points is too fine; increase the spacing");
        var counts = new double[nn[0] * nn[1] * nn[2]];
        var m = lat.Matrix;
        int frames = 0;
        Span<int> lo = stackalloc int[3];
        Span<int> hi = stackalloc int[3];
        for (int t = 0; t < set.FrameCount; t += Math.Max(1, frameStep))
        {
            frames++;
            foreach (var i in ions)
            {
                var (x, y, z) = set.Position(i, t);
                var (fa, fb, fc) = lat.ToFractional(x, y, z);
                double[] f = [fa - Math.Floor(fa), fb - Math.Floor(fb), fc - Math.Floor(fc)];
                for (int k = 0; k < 3; k++)
                {
                    lo[k] = Math.Min((int)(f[k] / h[k]), nn[k] - 1);
                    hi[k] = lo[k] < nn[k] - 1 ? lo[k] + 1 : 0;
                }
                double best = double.MaxValue; int bi = 0;
                for (int c = 0; c < 8; c++)
                {
                    int ga = (c & 4) != 0 ? hi[0] : lo[0], gb = (c & 2) != 0 ? hi[1] : lo[1], gc = (c & 1) != 0 ? hi[2] : lo[2];
                    double da = f[0] - ga * h[0], db = f[1] - gb * h[1], dc = f[2] - gc * h[2];
                    da -= Math.Round(da); db -= Math.Round(db); dc -= Math.Round(dc);
                    double dx = da * m[0, 0] + db * m[1, 0] + dc * m[2, 0];
                    double dy = da * m[0, 1] + db * m[1, 1] + dc * m[2, 1];
                    double dz = da * m[0, 2] + db * m[1, 2] + dc * m[2, 2];
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 < best) { best = d2; bi = (ga * nn[1] + gb) * nn[2] + gc; }
                }
                counts[bi]++;
            }
        }
        double scale = counts.Length / (frames * (double)ions.Length * lat.VolumeA3);
        for (int k = 0; k < counts.Length; k++) counts[k] *= scale;
        return new ProbabilityDensityResult(lat, nn[0], nn[1], nn[2], counts, spacingA, pymatgenGrid, frames, ions.Length);
    }
}
