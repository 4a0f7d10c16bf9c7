using System.Globalization;

namespace Nitrolyte.Structures;

/// <summary>
/// A space-group operation on fractional coordinates, x' = R x + t, parsed from the CIF/International Tables
/// "xyz" form ("-x+y, -x, z+1/2"). R has integer entries; t is reduced to [0, 1).
/// </summary>
public sealed class SymmetryOperation
{
    public int[,] Rotation { get; }
    public double[] Translation { get; }

    public SymmetryOperation(int[,] rotation, double[] translation)
    {
        Rotation = rotation;
        Translation = translation.Select(Wrap).ToArray();
    }

    public static SymmetryOperation Identity { get; } = new(new[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, [0, 0, 0]);

    public int Determinant =>
        Rotation[0, 0] * (Rotation[1, 1] * Rotation[2, 2] - Rotation[1, 2] * Rotation[2, 1])
        - Rotation[0, 1] * (Rotation[1, 0] * Rotation[2, 2] - Rotation[1, 2] * Rotation[2, 0])
        + Rotation[0, 2] * (Rotation[1, 0] * Rotation[2, 1] - Rotation[1, 1] * Rotation[2, 0]);

    public (double A, double B, double C) Apply(double a, double b, double c) => (
        Rotation[0, 0] * a + Rotation[0, 1] * b + Rotation[0, 2] * c + Translation[0],
        Rotation[1, 0] * a + Rotation[1, 1] * b + Rotation[1, 2] * c + Translation[1],
        Rotation[2, 0] * a + Rotation[2, 1] * b + Rotation[2, 2] * c + Translation[2]);

    /// <summary>this ∘ other: first other, then this.</summary>
    public SymmetryOperation Compose(SymmetryOperation other)
    {
        var r = new int[3, 3];
        var t = new double[3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++) r[i, j] += Rotation[i, k] * other.Rotation[k, j];
            t[i] = Translation[i];
            for (int k = 0; k < 3; k++) t[i] += Rotation[i, k] * other.Translation[k];
        }
        return new SymmetryOperation(r, t);
    }

    /// <summary>Same rotation and the same translation modulo lattice translations.</summary>
    public bool EquivalentTo(SymmetryOperation o, double tol = 1e-4)
    {
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) if (Rotation[i, j] != o.Rotation[i, j]) return false;
            var d = Translation[i] - o.Translation[i];
            if (Math.Abs(d - Math.Round(d)) > tol) return false;
        }
        return true;
    }

    public static double Wrap(double x)
    {
        var w = x - Math.Floor(x);
        return w >= 1 - 1e-12 ? 0 : w;
    }

    /// <summary>Parses "x, y, z"-style text. Returns null with a reason when it is not a valid operation.</summary>
    public static SymmetryOperation? TryParse(string text, out string? problem)
    {
        problem = null;
        var parts = text.Replace(" ", "").ToLowerInvariant().Split(',');
        if (parts.Length != 3) { problem = $"'{text}' does not have three comma-separated components"; return null; }
        var r = new int[3, 3];
        var t = new double[3];
        for (int row = 0; row < 3; row++)
        {
            var s = parts[row];
            if (s.Length == 0) { problem = $"'{text}': empty component"; return null; }
            int p = 0;
            while (p < s.Length)
            {
                int sign = 1;
                if (s[p] is '+' or '-') { sign = s[p] == '-' ? -1 : 1; p++; }
                if (p >= s.Length) { problem = $"'{text}': dangling sign"; return null; }
                if (s[p] is 'x' or 'y' or 'z')
                {
                    r[row, s[p] - 'x'] += sign;
                    p++;
                    continue;
                }
                int start = p;
                while (p < s.Length && (char.IsDigit(s[p]) || s[p] == '.')) p++;
                if (p == start) { problem = $"'{text}': unexpected character '{s[p]}'"; return null; }
                if (!double.TryParse(s[start..p], NumberStyles.Float, CultureInfo.InvariantCulture, out var num)) { problem = $"'{text}': bad number"; return null; }
                if (p < s.Length && s[p] == '/')
                {
                    p++;
                    int ds = p;
                    while (p < s.Length && char.IsDigit(s[p])) p++;
                    if (p == ds || !double.TryParse(s[ds..p], NumberStyles.Float, CultureInfo.InvariantCulture, out var den) || den == 0)
                    { problem = $"'{text}': bad fraction"; return null; }
                    num /= den;
                }
                if (p < s.Length && s[p] is 'x' or 'y' or 'z')
                {
                    // "2x" style coefficients are not crystallographic operations unless they are integers
                    if (Math.Abs(num - Math.Round(num)) > 1e-9) { problem = $"'{text}': non-integer coefficient"; return null; }
                    r[row, s[p] - 'x'] += sign * (int)Math.Round(num);
                    p++;
                    continue;
                }
                t[row] += sign * num;
            }
        }
        var op = new SymmetryOperation(r, t);
        if (Math.Abs(op.Determinant) != 1) { problem = $"'{text}' is not a symmetry operation (determinant {op.Determinant}, must be ±1)"; return null; }
        return op;
    }

    public override string ToString()
    {
        var comps = new string[3];
        for (int i = 0; i < 3; i++)
        {
            var s = "";
            for (int j = 0; j < 3; j++)
            {
                if (Rotation[i, j] == 0) continue;
                s += (Rotation[i, j] > 0 ? (s.Length > 0 ? "+" : "") : "-") + (Math.Abs(Rotation[i, j]) > 1 ? Math.Abs(Rotation[i, j]).ToString(CultureInfo.InvariantCulture) : "") + (char)('x' + j);
            }
            if (Translation[i] > 1e-9) s += "+" + Fraction(Translation[i]);
            comps[i] = s.Length == 0 ? "0" : s;
        }
        return string.Join(", ", comps);
    }

    private static string Fraction(double x)
    {
        foreach (var d in new[] { 2, 3, 4, 6, 8, 12 })
        {
            var n = x * d;
            if (Math.Abs(n - Math.Round(n)) < 1e-6) return $"{(int)Math.Round(n)}/{d}";
        }
        return x.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
