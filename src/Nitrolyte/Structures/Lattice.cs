namespace Nitrolyte.Structures;

/// <summary>
/// A periodic lattice: rows of <see cref="Matrix"/> are the lattice vectors a, b, c in Å (Cartesian),
/// so cart = frac · M. Immutable.
/// </summary>
public sealed class Lattice
{
    private readonly double[,] _matrix;
    private readonly double[,] _inverse;

    /// <summary>3x3, row i = lattice vector i, Å: a copy (the lattice stays immutable; use <see cref="At"/> in loops).</summary>
    public double[,] Matrix => (double[,])_matrix.Clone();

    /// <summary>Component <paramref name="col"/> (x, y, z) of lattice vector <paramref name="row"/> (a, b, c), Å.</summary>
    public double At(int row, int col) => _matrix[row, col];

    public Lattice(double[,] matrix)
    {
        if (matrix.GetLength(0) != 3 || matrix.GetLength(1) != 3) throw new ArgumentException("lattice matrix must be 3x3");
        _matrix = (double[,])matrix.Clone();
        var det = Determinant(_matrix);
        if (Math.Abs(det) < 1e-10) throw new Core.NitrolyteInputException("lattice vectors are linearly dependent (zero volume)");
        _inverse = Invert(_matrix, det);
    }

    /// <summary>Lattice from lengths (Å) and angles (degrees), a along x and b in the xy plane (the crystallographic convention).</summary>
    public static Lattice FromParameters(double a, double b, double c, double alphaDeg, double betaDeg, double gammaDeg)
    {
        if (a <= 0 || b <= 0 || c <= 0) throw new Core.NitrolyteInputException($"lattice lengths must be positive (a={a}, b={b}, c={c})");
        double al = alphaDeg * Math.PI / 180, be = betaDeg * Math.PI / 180, ga = gammaDeg * Math.PI / 180;
        double cx = c * Math.Cos(be);
        double cy = c * (Math.Cos(al) - Math.Cos(be) * Math.Cos(ga)) / Math.Sin(ga);
        double cz2 = c * c - cx * cx - cy * cy;
        if (cz2 <= 0) throw new Core.NitrolyteInputException($"lattice angles {alphaDeg}, {betaDeg}, {gammaDeg} do not form a cell");
        return new Lattice(new double[,]
        {
            { a, 0, 0 },
            { b * Math.Cos(ga), b * Math.Sin(ga), 0 },
            { cx, cy, Math.Sqrt(cz2) },
        });
    }

    public static Lattice Cubic(double a) => FromParameters(a, a, a, 90, 90, 90);
    public static Lattice Hexagonal(double a, double c) => FromParameters(a, a, c, 90, 90, 120);

    public double VolumeA3 => Math.Abs(Determinant(_matrix));

    private double Len(int i) => Math.Sqrt(_matrix[i, 0] * _matrix[i, 0] + _matrix[i, 1] * _matrix[i, 1] + _matrix[i, 2] * _matrix[i, 2]);
    private double Angle(int i, int j)
    {
        double dot = _matrix[i, 0] * _matrix[j, 0] + _matrix[i, 1] * _matrix[j, 1] + _matrix[i, 2] * _matrix[j, 2];
        return Math.Acos(Math.Clamp(dot / (Len(i) * Len(j)), -1, 1)) * 180 / Math.PI;
    }

    public double A => Len(0);
    public double B => Len(1);
    public double C => Len(2);
    public double AlphaDeg => Angle(1, 2);
    public double BetaDeg => Angle(0, 2);
    public double GammaDeg => Angle(0, 1);

    public (double X, double Y, double Z) ToCartesian(double fa, double fb, double fc) => (
        fa * _matrix[0, 0] + fb * _matrix[1, 0] + fc * _matrix[2, 0],
        fa * _matrix[0, 1] + fb * _matrix[1, 1] + fc * _matrix[2, 1],
        fa * _matrix[0, 2] + fb * _matrix[1, 2] + fc * _matrix[2, 2]);

    public (double A, double B, double C) ToFractional(double x, double y, double z) => (
        x * _inverse[0, 0] + y * _inverse[1, 0] + z * _inverse[2, 0],
        x * _inverse[0, 1] + y * _inverse[1, 1] + z * _inverse[2, 1],
        x * _inverse[0, 2] + y * _inverse[1, 2] + z * _inverse[2, 2]);

    /// <summary>Reciprocal lattice vectors (rows) including the 2π factor, 1/Å.</summary>
    public double[,] ReciprocalMatrix2Pi()
    {
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i, j] = 2 * Math.PI * _inverse[j, i];
        return r;
    }

    public double[,] InverseMatrix => (double[,])_inverse.Clone();

    internal static double Determinant(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);

    /// <summary>Inverse of a 3x3 matrix (callers check that it is not singular).</summary>
    internal static double[,] Invert(double[,] m) => Invert(m, Determinant(m));

    private static double[,] Invert(double[,] m, double det)
    {
        var inv = new double[3, 3];
        inv[0, 0] = (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) / det;
        inv[0, 1] = (m[0, 2] * m[2, 1] - m[0, 1] * m[2, 2]) / det;
        inv[0, 2] = (m[0, 1] * m[1, 2] - m[0, 2] * m[1, 1]) / det;
        inv[1, 0] = (m[1, 2] * m[2, 0] - m[1, 0] * m[2, 2]) / det;
        inv[1, 1] = (m[0, 0] * m[2, 2] - m[0, 2] * m[2, 0]) / det;
        inv[1, 2] = (m[0, 2] * m[1, 0] - m[0, 0] * m[1, 2]) / det;
        inv[2, 0] = (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]) / det;
        inv[2, 1] = (m[0, 1] * m[2, 0] - m[0, 0] * m[2, 1]) / det;
        inv[2, 2] = (m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]) / det;
        return inv;
    }
}
