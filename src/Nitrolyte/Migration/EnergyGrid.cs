using Nitrolyte.Structures;

namespace Nitrolyte.Migration;

/// <summary>
/// A scalar field on a periodic grid over a cell: point (i, j, k) sits at fractional (i/Na, j/Nb, k/Nc);
/// values are stored with k fastest: index = (i·Nb + j)·Nc + k (the Gaussian cube order).
/// </summary>
public sealed class EnergyGrid
{
    public Lattice Lattice { get; }
    public int Na { get; }
    public int Nb { get; }
    public int Nc { get; }
    public double[] Values { get; }

    public EnergyGrid(Lattice lattice, int na, int nb, int nc, double[] values)
    {
        if (values.Length != (long)na * nb * nc) throw new ArgumentException("grid size mismatch");
        Lattice = lattice; Na = na; Nb = nb; Nc = nc; Values = values;
    }

    public int Count => Values.Length;

    /// <summary>The grid as a plain read-only scalar field (what the cube/grd writers take).</summary>
    public ScalarGrid AsScalarGrid() => new(Lattice, Na, Nb, Nc, Values);
    public int Index(int i, int j, int k) => (i * Nb + j) * Nc + k;
    public (int I, int J, int K) Ijk(int index) => (index / (Nb * Nc), index / Nc % Nb, index % Nc);
    public (double A, double B, double C) Frac(int index)
    {
        var (i, j, k) = Ijk(index);
        return ((double)i / Na, (double)j / Nb, (double)k / Nc);
    }

    public double Min => Values.Min();
    public double Max => Values.Max();

    /// <summary>Trilinear interpolation at a fractional position (periodic).</summary>
    public double Interpolate(double fa, double fb, double fc)
    {
        double x = Wrap(fa) * Na, y = Wrap(fb) * Nb, z = Wrap(fc) * Nc;
        int i0 = (int)Math.Floor(x), j0 = (int)Math.Floor(y), k0 = (int)Math.Floor(z);
        double tx = x - i0, ty = y - j0, tz = z - k0;
        double s = 0;
        for (int di = 0; di < 2; di++)
        for (int dj = 0; dj < 2; dj++)
        for (int dk = 0; dk < 2; dk++)
        {
            double w = (di == 0 ? 1 - tx : tx) * (dj == 0 ? 1 - ty : ty) * (dk == 0 ? 1 - tz : tz);
            if (w == 0) continue;
            s += w * Values[Index((i0 + di) % Na, (j0 + dj) % Nb, (k0 + dk) % Nc)];
        }
        return s;
    }

    private static double Wrap(double f) { f -= Math.Floor(f); return f >= 1 ? 0 : f; }
}
