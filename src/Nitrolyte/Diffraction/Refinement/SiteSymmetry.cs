using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction.Refinement;

/// <summary>
/// The free coordinates of one asymmetric-unit site under its site symmetry. With the representative r₀ and its
/// stabiliser G_s = {g = (R, t) : R r₀ + t ≡ r₀ (mod 1)}, the allowed displacements δ are the null space of the stacked
/// (R − I), g ∈ G_s (a displacement keeps every stabiliser operation). The null space is parameterised by
/// k ≤ 3 of the representative's own coordinates (x preferred, then y, then z): r = r₀ + B (c − c₀), with B the
/// 3 × k basis that has a unit row for each free coordinate. Position j of the orbit is regenerated as
/// r_j = R_j r + T_j, (R_j, T_j) being the operation (with its lattice translation) that carries r₀ to r_j,
/// so coordinates fixed by symmetry stay exactly on their special values.
/// </summary>
internal sealed class FreeCoordinates
{
    public required double[] R0 { get; init; }
    /// <summary>3 × k basis: rows of the free coordinates are unit vectors.</summary>
    public required double[,] Basis { get; init; }
    /// <summary>The components (0 = x, 1 = y, 2 = z) that are parameters.</summary>
    public required int[] Axes { get; init; }
    public required int[][,] OrbitRotation { get; init; }
    public required double[][] OrbitTranslation { get; init; }
    public required int StabiliserOrder { get; init; }
    public int[] ParamIdx { get; set; } = [];
    /// <summary>The free-coordinate values for which <see cref="SiteGroup"/> positions were last computed.</summary>
    public double[] Cached { get; set; } = [];

    public int K => Axes.Length;

    /// <summary>The representative for free-coordinate values c (k values).</summary>
    public double[] Representative(ReadOnlySpan<double> c)
    {
        var r = (double[])R0.Clone();
        for (int i = 0; i < 3; i++)
            for (int a = 0; a < K; a++) r[i] += Basis[i, a] * (c[a] - R0[Axes[a]]);
        return r;
    }

    /// <summary>Orbit positions (in the order of the site's positions) for free-coordinate values c.</summary>
    public double[][] Positions(ReadOnlySpan<double> c)
    {
        var r = Representative(c);
        var list = new double[OrbitRotation.Length][];
        for (int j = 0; j < list.Length; j++) list[j] = SiteSymmetry.Apply(OrbitRotation[j], OrbitTranslation[j], r);
        return list;
    }
}

/// <summary>Site symmetry, free coordinates and (when the source gives none) the symmetry operations of a structure.</summary>
public static class SiteSymmetry
{
    /// <summary>Fractional tolerance for "the same position" (mod 1).</summary>
    public const double Tolerance = 1e-3;

    internal static double[] Apply(int[,] r, double[] t, double[] x)
    {
        var y = new double[3];
        for (int i = 0; i < 3; i++) y[i] = r[i, 0] * x[0] + r[i, 1] * x[1] + r[i, 2] * x[2] + t[i];
        return y;
    }

    private static bool SameMod1(double[] a, double[] b, double tol, out int[] n)
    {
        n = new int[3];
        for (int i = 0; i < 3; i++)
        {
            double d = a[i] - b[i];
            n[i] = (int)Math.Round(d);
            if (Math.Abs(d - n[i]) > tol) return false;
        }
        return true;
    }

    /// <summary>
    /// The free coordinates of a site whose orbit is <paramref name="positions"/> (<paramref name="representative"/> indexes the representative) under
    /// <paramref name="ops"/>. Refuses (one line naming the site) a site with no free coordinate, and positions that are not one orbit.
    /// </summary>
    internal static FreeCoordinates? Analyse(string phase, string label, IReadOnlyList<double[]> positions, IReadOnlyList<SymmetryOperation> ops, bool refuseSpecial = true, int representative = 0)
    {
        var r0 = positions[representative];
        var stab = new List<(SymmetryOperation Op, int[] N)>();
        foreach (var op in ops)
            if (SameMod1(Apply(op.Rotation, op.Translation, r0), r0, Tolerance, out var n)) stab.Add((op, n));
        // symmetrised representative: the average of its images under the stabiliser (brought back next to r0)
        var rs = new double[3];
        foreach (var (op, n) in stab)
        {
            var y = Apply(op.Rotation, op.Translation, r0);
            for (int i = 0; i < 3; i++) rs[i] += (y[i] - n[i]) / stab.Count;
        }
        // null space of the stacked (R − I): reduced row echelon form, pivots taken from z, then y, then x
        var rows = new List<double[]>();
        foreach (var (op, _) in stab)
            for (int i = 0; i < 3; i++)
            {
                var row = new double[3];
                for (int j = 0; j < 3; j++) row[j] = op.Rotation[i, j] - (i == j ? 1 : 0);
                if (row.Any(v => v != 0)) rows.Add(row);
            }
        var pivots = new List<(int Col, double[] Row)>();
        foreach (int col in new[] { 2, 1, 0 })
        {
            int best = -1;
            for (int i = 0; i < rows.Count; i++) if (Math.Abs(rows[i][col]) > 1e-9 && (best < 0 || Math.Abs(rows[i][col]) > Math.Abs(rows[best][col]))) best = i;
            if (best < 0) continue;
            var pr = rows[best].Select(v => v / rows[best][col]).ToArray();
            rows.RemoveAt(best);
            foreach (var row in rows.Concat(pivots.Select(p => p.Row)))
            {
                double f = row[col];
                if (f == 0) continue;
                for (int j = 0; j < 3; j++) { row[j] -= f * pr[j]; if (Math.Abs(row[j]) < 1e-12) row[j] = 0; }
            }
            pivots.Add((col, pr));
        }
        var axes = Enumerable.Range(0, 3).Where(c => pivots.All(p => p.Col != c)).ToArray();
        if (axes.Length == 0 && !refuseSpecial) return null;
        if (axes.Length == 0)
            throw new NitrolyteInputException($"{phase}: site {label} at ({r0[0]:0.####}, {r0[1]:0.####}, {r0[2]:0.####}) has no free coordinate (special position, site symmetry of order {stab.Count}): leave it out of --refine-xyz");
        var basis = new double[3, axes.Length];
        for (int a = 0; a < axes.Length; a++)
        {
            basis[axes[a], a] = 1;
            foreach (var (col, row) in pivots) basis[col, a] = -row[axes[a]];
        }
        // each position as the image of the representative: (R_j, t_j + lattice translation)
        var rot = new int[positions.Count][,];
        var tr = new double[positions.Count][];
        for (int j = 0; j < positions.Count; j++)
        {
            foreach (var op in ops)
            {
                if (!SameMod1(Apply(op.Rotation, op.Translation, rs), positions[j], 10 * Tolerance, out var n)) continue;
                rot[j] = op.Rotation;
                tr[j] = op.Translation.Select((t, i) => t - n[i]).ToArray();
                break;
            }
            if (rot[j] is null)
                throw new NitrolyteInputException($"{phase}: site {label}: the position ({positions[j][0]:0.####}, {positions[j][1]:0.####}, {positions[j][2]:0.####}) is not an image of ({r0[0]:0.####}, {r0[1]:0.####}, {r0[2]:0.####}) under the {ops.Count} symmetry operations: the coordinates cannot be refined as one site");
        }
        // a generic displacement must give exactly as many distinct positions as the site has (not merged with another site)
        var fc = new FreeCoordinates { R0 = rs, Basis = basis, Axes = axes, OrbitRotation = rot, OrbitTranslation = tr, StabiliserOrder = stab.Count };
        var generic = axes.Select((ax, a) => rs[ax] + 0.0137 * (a + 1)).ToArray();
        var rg = fc.Representative(generic);
        var images = new List<double[]>();
        foreach (var op in ops)
        {
            var y = Apply(op.Rotation, op.Translation, rg);
            if (!images.Any(q => SameMod1(q, y, Tolerance, out _))) images.Add(y);
        }
        if (images.Count != positions.Count)
            throw new NitrolyteInputException($"{phase}: site {label}: a displaced representative has {images.Count} images but the site has {positions.Count} positions (the site shares positions with another row): its coordinates cannot be refined");
        return fc;
    }

    /// <summary>
    /// The symmetry operations of an expanded (P1) structure: every lattice-preserving integer rotation R (entries −1..1,
    /// RᵀGR = G) with a translation t that maps each site onto a site with the same species and occupancies.
    /// For structures without their space-group operations (prototypes, POSCAR, warm starts).
    /// </summary>
    public static IReadOnlyList<SymmetryOperation> FromStructure(Structure s)
    {
        var m = s.Lattice.Matrix;
        var g = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) g[i, j] += m[i, k] * m[j, k];
        double gs = g[0, 0] + g[1, 1] + g[2, 2];
        var keys = s.Sites.Select(x => string.Join(";", x.Species.OrderBy(sp => sp.Element, StringComparer.Ordinal).Select(sp => $"{sp.Element}:{Math.Round(sp.Occupancy, 3)}"))).ToArray();
        var pos = s.Sites.Select(x => new[] { x.FracA, x.FracB, x.FracC }).ToArray();
        var refKey = keys.GroupBy(k => k).OrderBy(gk => gk.Count()).First().Key;
        int iref = Array.IndexOf(keys, refKey);
        var candidates = Enumerable.Range(0, pos.Length).Where(j => keys[j] == refKey).ToArray();
        var ops = new SymmetryOperationSet();
        var rr = new int[3, 3];
        for (int code = 0; code < 19683; code++)
        {
            int c = code;
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) { rr[i, j] = c % 3 - 1; c /= 3; }
            var rot = (int[,])rr.Clone();
            var probe = new SymmetryOperation(rot, [0, 0, 0]);
            if (Math.Abs(probe.Determinant) != 1) continue;
            bool metric = true;
            for (int i = 0; i < 3 && metric; i++)
                for (int j = 0; j < 3 && metric; j++)
                {
                    double v = 0;
                    for (int k = 0; k < 3; k++) for (int l = 0; l < 3; l++) v += rot[k, i] * g[k, l] * rot[l, j];
                    if (Math.Abs(v - g[i, j]) > 1e-4 * gs) metric = false;
                }
            if (!metric) continue;
            var rref = Apply(rot, [0, 0, 0], pos[iref]);
            foreach (var jc in candidates)
            {
                var t = new double[3];
                for (int i = 0; i < 3; i++) t[i] = pos[jc][i] - rref[i];
                bool maps = true;
                for (int a = 0; a < pos.Length && maps; a++)
                {
                    var y = Apply(rot, t, pos[a]);
                    bool hit = false;
                    for (int b = 0; b < pos.Length && !hit; b++) hit = keys[b] == keys[a] && SameMod1(y, pos[b], Tolerance, out _);
                    maps = hit;
                }
                if (maps) ops.Add(new SymmetryOperation(rot, t));
            }
        }
        return ops.Operations.ToList();
    }
}
