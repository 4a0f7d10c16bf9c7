using MathNet.Numerics.LinearAlgebra;
using Nitrolyte.Core;

namespace Nitrolyte.Chemistry;

/// <summary>One precursor or by-product of a plan: moles and grams for the requested batch, and the coefficient per formula unit of target.</summary>
public sealed record SynthesisAmount(string Formula, double MolarMassGPerMol, double CoefficientPerTarget, double Moles, double MassG);

/// <summary>
/// A weighed-out recipe: precursors (and gas by-products leaving the reaction) per <see cref="TargetMassG"/> of
/// target. <see cref="ResidualPerElement"/> is (atoms supplied - atoms in the target - atoms leaving as
/// by-products) per formula unit of target; <see cref="Balanced"/> when its largest magnitude is within
/// <see cref="Tolerance"/>.
/// </summary>
public sealed record SynthesisPlan(
    string TargetFormula,
    double TargetMolarMassGPerMol,
    double TargetMassG,
    double TargetMoles,
    IReadOnlyList<SynthesisAmount> Precursors,
    IReadOnlyList<SynthesisAmount> Byproducts,
    IReadOnlyDictionary<string, double> ResidualPerElement,
    double ResidualNorm,
    double Tolerance,
    bool Balanced,
    bool Unique,
    string Equation,
    IReadOnlyList<string> Notes);

/// <summary>
/// Plans a solid-state synthesis from an element balance: find non-negative amounts x_j of the precursors and
/// y_k of the named gas by-products with sum_j x_j P_j - sum_k y_k B_k = T (per formula unit of target T), in
/// the least-squares sense (non-negative least squares, solved exactly over the supports of the unknowns with
/// MathNet's SVD). Seed 000: LiNH2 + Li3N -> 2 Li2NH, so 1 g Li2NH needs 0.3974 g LiNH2 + 0.6026 g Li3N with IUPAC
/// 2021 weights (the paper's 0.3973/0.6027 come from Li = 6.941). When the balance cannot be closed (an element
/// no precursor supplies, or a by-product that is needed but not named), the plan says so and reports the residual.
/// </summary>
public static class SynthesisPlanner
{
    public const double DefaultTolerance = 1e-6;
    private const int MaxUnknowns = 16;

    public static SynthesisPlan Plan(string target, IReadOnlyList<string> precursors, double targetMassG,
        IReadOnlyList<string>? byproducts = null, double tolerance = DefaultTolerance)
    {
        byproducts ??= [];
        if (!(targetMassG > 0) || !double.IsFinite(targetMassG)) throw new NitrolyteInputException($"target mass must be a positive number of grams (got {targetMassG})");
        if (precursors.Count == 0) throw new NitrolyteInputException("no precursors given");
        if (precursors.Count + byproducts.Count > MaxUnknowns)
            throw new NitrolyteInputException($"at most {MaxUnknowns} precursors and by-products together (got {precursors.Count + byproducts.Count})");
        var t = FormulaParser.Parse(target);
        var p = precursors.Select(FormulaParser.Parse).ToList();
        var b = byproducts.Select(FormulaParser.Parse).ToList();
        return Plan(target, t, precursors, p, byproducts, b, targetMassG, tolerance);
    }

    private static SynthesisPlan Plan(string targetText, Composition t, IReadOnlyList<string> pText, List<Composition> p,
        IReadOnlyList<string> bText, List<Composition> b, double massG, double tolerance)
    {
        var notes = new List<string>();
        var elements = t.Elements.Concat(p.SelectMany(c => c.Elements)).Concat(b.SelectMany(c => c.Elements)).Distinct().ToList();
        int m = elements.Count, np = p.Count, nb = b.Count, n = np + nb;
        var a = Matrix<double>.Build.Dense(m, n);
        var rhs = Vector<double>.Build.Dense(m);
        for (int i = 0; i < m; i++)
        {
            rhs[i] = t[elements[i]];
            for (int j = 0; j < np; j++) a[i, j] = p[j][elements[i]];
            for (int k = 0; k < nb; k++) a[i, np + k] = -b[k][elements[i]];
        }

        var (x, _) = NonNegativeLeastSquares(a, rhs);
        for (int j = 0; j < n; j++) x[j] = SnapRational(x[j]);
        var residualVec = a * x - rhs;
        var residual = new Dictionary<string, double>();
        for (int i = 0; i < m; i++) residual[elements[i]] = Clean(residualVec[i]);
        double norm = residualVec.L2Norm();
        double maxAbs = residualVec.Count == 0 ? 0 : residualVec.AbsoluteMaximum();
        bool balanced = maxAbs <= tolerance;
        bool unique = a.Rank() == n;

        double targetMoles = massG / t.MolarMassGPerMol;
        var pre = new List<SynthesisAmount>();
        for (int j = 0; j < np; j++)
            pre.Add(new SynthesisAmount(pText[j].Trim(), p[j].MolarMassGPerMol, Clean(x[j]), Clean(x[j]) * targetMoles, Clean(x[j]) * targetMoles * p[j].MolarMassGPerMol));
        var by = new List<SynthesisAmount>();
        for (int k = 0; k < nb; k++)
            by.Add(new SynthesisAmount(bText[k].Trim(), b[k].MolarMassGPerMol, Clean(x[np + k]), Clean(x[np + k]) * targetMoles, Clean(x[np + k]) * targetMoles * b[k].MolarMassGPerMol));

        if (!balanced)
        {
            var bad = residual.Where(kv => Math.Abs(kv.Value) > tolerance).Select(kv =>
                kv.Value < 0 ? $"{kv.Key} short by {-kv.Value:0.####} per formula unit" : $"{kv.Key} in excess by {kv.Value:0.####} per formula unit");
            var missing = t.Elements.Where(e => p.All(c => c[e] == 0)).ToList();
            var msg = $"the element balance cannot be closed with these precursors (largest residual {maxAbs:0.####} atoms per formula unit of target: {string.Join(", ", bad)})";
            if (missing.Count > 0) msg += $"; no precursor contains {string.Join(", ", missing)}";
            else if (residual.Any(kv => kv.Value > tolerance)) msg += "; an element left over may leave as a gas: name it with --byproducts (e.g. H2, N2, NH3, O2)";
            notes.Add(msg);
        }
        if (!unique) notes.Add("the precursors (and by-products) are not independent: this is one of several exact recipes (the least-squares solution of minimum norm on its support)");
        foreach (var s in pre.Where(s => s.CoefficientPerTarget == 0)) notes.Add($"{s.Formula} is not needed (amount 0)");

        return new SynthesisPlan(targetText.Trim(), t.MolarMassGPerMol, massG, targetMoles, pre, by, residual, Clean(norm), tolerance, balanced, unique,
            balanced ? Equation(t, pre, by) : $"{Equation(t, pre, by)} (NOT balanced: closest least-squares amounts)", notes);
    }

    private static string Equation(Composition t, List<SynthesisAmount> pre, List<SynthesisAmount> by)
    {
        // integer coefficients when all amounts are small-denominator rationals (2 Li3N + 3 LiCl -> Li9N2Cl3)
        var all = pre.Select(s => s.CoefficientPerTarget).Concat(by.Select(s => s.CoefficientPerTarget)).Append(1.0).ToArray();
        double mult = 1;
        for (int k = 1; k <= 24; k++)
            if (all.All(v => Math.Abs(v * k - Math.Round(v * k)) < 1e-6)) { mult = k; break; }
        string Term(double c, string f) => Math.Abs(c * mult - 1) < 1e-9 ? f : $"{Composition.FormatNumber(c * mult)} {f}";
        var lhs = string.Join(" + ", pre.Where(s => s.CoefficientPerTarget > 0).Select(s => Term(s.CoefficientPerTarget, s.Formula)));
        var rhs = new List<string> { Term(1, t.Formula) };
        rhs.AddRange(by.Where(s => s.CoefficientPerTarget > 0).Select(s => Term(s.CoefficientPerTarget, s.Formula)));
        return $"{lhs} -> {string.Join(" + ", rhs)}";
    }

    private static double Clean(double v) => Math.Abs(v) < 1e-12 ? 0 : v;

    /// <summary>Removes floating-point noise from coefficients that are small-denominator rationals (0.5000000000000002 -> 0.5).</summary>
    private static double SnapRational(double v)
    {
        for (int k = 1; k <= 24; k++)
        {
            double r = Math.Round(v * k) / k;
            if (Math.Abs(v - r) <= 1e-10 * Math.Max(1, Math.Abs(v))) return r;
        }
        return v;
    }

    /// <summary>
    /// Non-negative least squares min |A x - b| with x >= 0, solved exactly by trying every support (the optimum is
    /// the unconstrained least-squares solution on its support): fine for the handful of unknowns of a recipe.
    /// Among supports with the same residual, the smallest support wins (fewest precursors).
    /// </summary>
    internal static (Vector<double> X, double Residual) NonNegativeLeastSquares(Matrix<double> a, Vector<double> b)
    {
        int n = a.ColumnCount;
        var best = Vector<double>.Build.Dense(n);
        double bestRes = b.L2Norm();
        int bestSize = 0;
        double scale = Math.Max(1, b.L2Norm());
        for (int mask = 1; mask < (1 << n); mask++)
        {
            var cols = Enumerable.Range(0, n).Where(j => (mask >> j & 1) == 1).ToArray();
            var sub = Matrix<double>.Build.Dense(a.RowCount, cols.Length, (i, j) => a[i, cols[j]]);
            MathNet.Numerics.LinearAlgebra.Vector<double> sol;
            try { sol = sub.Svd(true).Solve(b); }
            catch (MathNet.Numerics.NonConvergenceException) { continue; } // this subset has no usable least-squares solution
            if (sol.Any(v => v < -1e-10 || !double.IsFinite(v))) continue;
            double res = (sub * sol - b).L2Norm();
            if (res < bestRes - 1e-10 * scale || (Math.Abs(res - bestRes) <= 1e-10 * scale && cols.Length < bestSize))
            {
                bestRes = res;
                bestSize = cols.Length;
                best = Vector<double>.Build.Dense(n);
                for (int j = 0; j < cols.Length; j++) best[cols[j]] = Math.Max(0, sol[j]);
            }
        }
        return (best, bestRes);
    }
}
