using Nitrolyte.Structures;

namespace Nitrolyte.Screening;

/// <summary>Structure comparison for ordered cells on the same lattice: equal when one maps onto the other, element
/// for element, by a translation (tolerance in fractional coordinates).</summary>
public static class StructureMatch
{
    public static bool SameUpToTranslation(Structure a, Structure b, double tol = 1e-4)
    {
        if (a.Sites.Count != b.Sites.Count) return false;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++)
            if (Math.Abs(a.Lattice.Matrix[i, j] - b.Lattice.Matrix[i, j]) > 1e-6) return false;
        var ca = a.Composition; var cb = b.Composition;
        if (ca.Elements.Count() != cb.Elements.Count() || ca.Elements.Any(e => Math.Abs(ca[e] - cb[e]) > 1e-9)) return false;
        var anchor = a.Sites[0];
        foreach (var cand in b.Sites.Where(s => s.Element == anchor.Element))
        {
            double ta = cand.FracA - anchor.FracA, tb = cand.FracB - anchor.FracB, tc = cand.FracC - anchor.FracC;
            bool all = true;
            foreach (var s in a.Sites)
            {
                double pa = s.FracA + ta, pb = s.FracB + tb, pc = s.FracC + tc;
                if (!b.Sites.Any(o => o.Element == s.Element && Near(o.FracA, pa, tol) && Near(o.FracB, pb, tol) && Near(o.FracC, pc, tol))) { all = false; break; }
            }
            if (all) return true;
        }
        return false;
    }

    private static bool Near(double u, double v, double tol)
    {
        var d = Math.Abs(u - v) % 1;
        return Math.Min(d, 1 - d) < tol;
    }
}
