using System.Numerics;

namespace Nitrolyte.Impedance;

/// <summary>The circuit elements. Formulas (ω = 2πf, j² = −1) are in docs/impedance.md.</summary>
public enum ElementKind
{
    /// <summary>Resistor: Z = R.</summary>
    R,
    /// <summary>Capacitor: Z = 1/(jωC).</summary>
    C,
    /// <summary>Inductor: Z = jωL.</summary>
    L,
    /// <summary>Constant-phase element: Z = 1/(Q (jω)^n).</summary>
    Cpe,
    /// <summary>Semi-infinite Warburg: Z = A_W (1 − j)/√ω.</summary>
    W,
    /// <summary>Finite-length Warburg, open (reflective) end: Z = Z0 coth(√(jωτ))/√(jωτ).</summary>
    Wo,
    /// <summary>Finite-length Warburg, short (transmissive) end: Z = Z0 tanh(√(jωτ))/√(jωτ).</summary>
    Ws,
    /// <summary>Gerischer: Z = R_G/√(1 + jωt_G).</summary>
    G,
    /// <summary>Modified inductance: Z = L (jω)^a.</summary>
    La,
}

/// <summary>One fit parameter of a circuit: name as in the circuit (R0, CPE1_0, CPE1_1), unit, and default limits.</summary>
public sealed record CircuitParameter(string Name, string Unit, string ElementName, ElementKind Kind, int LocalIndex, double Lower, double Upper)
{
    /// <summary>True for parameters that are positive by nature and are fitted in log space.</summary>
    public bool Positive => Lower >= 0 && double.IsPositiveInfinity(Upper);
    /// <summary>The exponent of a CPE or La element (bounded, fitted on a logistic scale).</summary>
    public bool IsExponent => CircuitElements.Get(Kind).Parameters[LocalIndex].IsExponent;
}

/// <summary>Lookups in the element table (<see cref="CircuitElements"/>) by kind.</summary>
public static partial class ElementInfo
{
    public static int ParameterCount(ElementKind k) => CircuitElements.Get(k).Parameters.Length;

    public static (string Suffix, string Unit, double Lower, double Upper)[] Parameters(ElementKind k) =>
        CircuitElements.Get(k).Parameters.Select(q => (q.Suffix, q.Unit, q.Lower, q.Upper)).ToArray();

    /// <summary>Symbol used in docs: "R", "CPE", ...</summary>
    public static string Symbol(ElementKind k) => CircuitElements.Get(k).Symbol;

    /// <summary>
    /// Impedance of one element at angular frequency w and its derivatives with respect to the element's
    /// parameters (written to grad[0..count)).
    /// </summary>
    public static Complex Evaluate(ElementKind k, double w, ReadOnlySpan<double> p, Span<Complex> grad)
    {
        var d = CircuitElements.Get(k);
        Span<double> om = [w];
        Span<double> ln = [Math.Log(w)];
        Span<Complex> z = stackalloc Complex[1];
        d.Impedance(om, ln, p, z, grad[..d.Parameters.Length]);
        return z[0];
    }
}

/// <summary>
/// The element table: one <see cref="ElementDefinition"/> per element (formulas with ω = 2πf, j² = −1; see
/// docs/impedance.md). The circuit parser, the evaluation with its analytic Jacobian, the parameter names and
/// bounds and the automatic starting values all read from here.
/// </summary>
public static class CircuitElements
{
    private const double Inf = double.PositiveInfinity;

    public static IReadOnlyList<ElementDefinition> All { get; } =
    [
        new(ElementKind.R, "R", ["R"], 'R', "Z = R", [new("", "Ohm", 0, Inf)],
            (om, ln, p, z, g) =>
            {
                int n = om.Length;
                for (int i = 0; i < n; i++) { z[i] = p[0]; g[i] = 1; }
            },
            (c, p) => p[0] = c.InArc ? (c.ResistiveBranch && c.ElementsInBranch > 1 ? 0.5 * c.ArcResistanceOhm : c.ArcResistanceOhm) : 0.05 * c.Span)
        { Resistive = true },
        new(ElementKind.C, "C", ["C"], 'C', "Z = 1/(jωC)", [new("", "F", 0, Inf)],
            (om, ln, p, z, g) =>
            {
                int n = om.Length;
                for (int i = 0; i < n; i++)
                {
                    // a zero C gives no finite impedance (reported by the caller), not the open-circuit limit
                    z[i] = 1 / new Complex(0, om[i] * p[0]);
                    g[i] = -1 / new Complex(0, om[i] * p[0] * p[0]);
                }
            },
            (c, p) => p[0] = c.InArc ? (c.ResistiveBranch ? 10 : 1) / (c.ArcOmega * c.ArcResistanceOhm) : 1 / (c.OmegaMin * c.LowFreqImag)),
        new(ElementKind.L, "L", ["L"], 'L', "Z = jωL", [new("", "H", 0, Inf)],
            (om, ln, p, z, g) =>
            {
                int n = om.Length;
                for (int i = 0; i < n; i++) { z[i] = new Complex(0, om[i] * p[0]); g[i] = new Complex(0, om[i]); }
            },
            (c, p) => p[0] = Math.Max(c.Spectrum.HighFreqInductanceH, 1e-15)),
        new(ElementKind.Cpe, "CPE", ["CPE", "Q"], 'Q', "Z = 1/(Q (jω)^n)", [new("_0", "F s^(n-1)", 0, Inf), new("_1", "", 0, 1, IsExponent: true)],
            (om, ln, p, z, g) =>
            {
                // (jω)^-n = ω^-n e^{-jnπ/2}: the phase factor is the same at every frequency
                int n = om.Length;
                double q = p[0], e = p[1], inv = 1 / q;
                var (sin, cos) = Math.SinCos(-e * Math.PI / 2);
                for (int i = 0; i < n; i++)
                {
                    double mag = Math.Exp(-e * ln[i]) * inv;
                    var zi = new Complex(mag * cos, mag * sin);
                    z[i] = zi;
                    g[i] = -zi * inv;
                    // −(ln ω + jπ/2) z
                    g[n + i] = new Complex(-(ln[i] * zi.Real - Math.PI / 2 * zi.Imaginary), -(ln[i] * zi.Imaginary + Math.PI / 2 * zi.Real));
                }
            },
            (c, p) =>
            {
                if (c.InArc)
                {
                    p[1] = 0.85;
                    p[0] = (c.ResistiveBranch ? 10 : 1) / (c.ArcResistanceOhm * Math.Pow(c.ArcOmega, 0.85));
                }
                else
                {
                    double e = Math.Clamp(c.Spectrum.LowFreqSlope, 0.5, 0.95);
                    p[0] = Math.Sin(e * Math.PI / 2) / (c.LowFreqImag * Math.Pow(c.OmegaMin, e));
                    p[1] = e;
                }
            }),
        new(ElementKind.W, "W", ["W"], 'W', "Z = A_W (1 − j)/√ω", [new("", "Ohm s^-1/2", 0, Inf)],
            (om, ln, p, z, g) =>
            {
                int n = om.Length;
                for (int i = 0; i < n; i++)
                {
                    double r = 1 / Math.Sqrt(om[i]);
                    g[i] = new Complex(r, -r);
                    z[i] = new Complex(p[0] * r, -p[0] * r);
                }
            },
            (c, p) => p[0] = c.InArc ? 0.5 * c.ArcResistanceOhm * Math.Sqrt(c.ArcOmega) : c.LowFreqImag * Math.Sqrt(c.OmegaMin))
        { Resistive = true },
        new(ElementKind.Wo, "Wo", ["Wo"], 'O', "Z = Z0 coth(√(jωτ))/√(jωτ)", [new("_0", "Ohm", 0, Inf), new("_1", "s", 0, Inf)],
            (om, ln, p, z, g) => FiniteWarburg(om, p, z, g, open: true), FiniteWarburgGuess)
        { Resistive = true },
        new(ElementKind.Ws, "Ws", ["Ws"], 'T', "Z = Z0 tanh(√(jωτ))/√(jωτ)", [new("_0", "Ohm", 0, Inf), new("_1", "s", 0, Inf)],
            (om, ln, p, z, g) => FiniteWarburg(om, p, z, g, open: false), FiniteWarburgGuess)
        { Resistive = true },
        new(ElementKind.G, "G", ["G"], 'G', "Z = R_G/√(1 + jωt_G)", [new("_0", "Ohm", 0, Inf), new("_1", "s", 0, Inf)],
            (om, ln, p, z, g) =>
            {
                int n = om.Length;
                for (int i = 0; i < n; i++)
                {
                    var s = new Complex(1, om[i] * p[1]);
                    var inv = 1 / Complex.Sqrt(s);
                    g[i] = inv;
                    g[n + i] = p[0] * -0.5 * inv / s * new Complex(0, om[i]);
                    z[i] = p[0] * inv;
                }
            },
            (c, p) =>
            {
                p[0] = 0.5 * (c.InArc ? c.ArcResistanceOhm : c.Span);
                p[1] = c.InArc ? 1 / c.ArcOmega : 1 / Math.Sqrt(c.OmegaMin * c.OmegaMax);
            })
        { Resistive = true },
        new(ElementKind.La, "La", ["La"], null, "Z = L (jω)^a", [new("_0", "H s^(a-1)", 0, Inf), new("_1", "", 0, 1, IsExponent: true)],
            (om, ln, p, z, g) =>
            {
                int n = om.Length;
                double a = p[1];
                var (sin, cos) = Math.SinCos(a * Math.PI / 2);
                for (int i = 0; i < n; i++)
                {
                    double mag = Math.Exp(a * ln[i]);
                    var u = new Complex(mag * cos, mag * sin);
                    g[i] = u;
                    g[n + i] = new Complex(ln[i], Math.PI / 2) * p[0] * u;
                    z[i] = p[0] * u;
                }
            },
            (c, p) => { p[0] = Math.Max(c.Spectrum.HighFreqInductanceH, 1e-15); p[1] = 0.9; }),
    ];

    private static readonly ElementDefinition[] ByKind = BuildIndex();

    private static ElementDefinition[] BuildIndex()
    {
        var kinds = Enum.GetValues<ElementKind>();
        var a = new ElementDefinition[kinds.Max(k => (int)k) + 1];
        foreach (var d in All) a[(int)d.Kind] = d;
        foreach (var k in kinds) if (a[(int)k] is null) throw new InvalidOperationException($"element {k} has no entry in the element table");
        return a;
    }

    public static ElementDefinition Get(ElementKind k) => ByKind[(int)k];

    /// <summary>Element prefixes for the circuit parser, longest first (so "CPE" is tried before "C").</summary>
    public static IReadOnlyList<(string Prefix, ElementDefinition Element)> Prefixes { get; } =
        All.SelectMany(d => d.Prefixes.Select(p => (p, d))).OrderByDescending(x => x.p.Length).ToList();

    private static void FiniteWarburg(ReadOnlySpan<double> om, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> g, bool open)
    {
        int n = om.Length;
        double z0 = p[0], tau = p[1];
        for (int i = 0; i < n; i++)
        {
            var x = Complex.Sqrt(new Complex(0, om[i] * tau));
            Complex f, df; // f(x) = coth(x)/x or tanh(x)/x, and tau * d f/d tau
            if (open) ElementInfo.CothOverX(x, out f, out df); else ElementInfo.TanhOverX(x, out f, out df);
            g[i] = f;
            g[n + i] = z0 * df / tau;
            z[i] = z0 * f;
        }
    }

    private static void FiniteWarburgGuess(GuessContext c, Span<double> p)
    {
        p[0] = c.InArc ? 0.5 * c.ArcResistanceOhm : Math.Max(0.5 * c.Span, 1e-12);
        p[1] = 1 / c.OmegaMin;
    }
}

public static partial class ElementInfo
{
    /// <summary>coth(x)/x and τ d/dτ of it (x = √(jωτ), so τ dx/dτ = x/2), safe for small and large |x| (Re x &gt; 0).</summary>
    internal static void CothOverX(Complex x, out Complex f, out Complex tauDf)
    {
        if (x.Magnitude < 1e-3)
        {
            // coth x = 1/x + x/3 - x^3/45 ; f = 1/x^2 + 1/3 - x^2/45
            var x2 = x * x;
            f = 1 / x2 + 1.0 / 3 - x2 / 45;
            // τ df/dτ = (x/2) f'(x), f'(x) = -2/x^3 - 2x/45
            tauDf = x / 2 * (-2 / (x2 * x) - 2 * x / 45);
            return;
        }
        var e = Complex.Exp(-2 * x); // |e| < 1 because Re x > 0
        var coth = (1 + e) / (1 - e);
        var csch2 = 4 * e / ((1 - e) * (1 - e));
        f = coth / x;
        // d/dx (coth x / x) = -csch^2 x / x - coth x / x^2
        tauDf = x / 2 * (-csch2 / x - coth / (x * x));
    }

    /// <summary>tanh(x)/x and τ d/dτ of it, safe for small and large |x|.</summary>
    internal static void TanhOverX(Complex x, out Complex f, out Complex tauDf)
    {
        if (x.Magnitude < 1e-3)
        {
            var x2 = x * x;
            f = 1 - x2 / 3 + 2 * x2 * x2 / 15;
            tauDf = x / 2 * (-2 * x / 3 + 8 * x2 * x / 15);
            return;
        }
        var e = Complex.Exp(-2 * x);
        var tanh = (1 - e) / (1 + e);
        var sech2 = 4 * e / ((1 + e) * (1 + e));
        f = tanh / x;
        tauDf = x / 2 * (sech2 / x - tanh / (x * x));
    }
}
