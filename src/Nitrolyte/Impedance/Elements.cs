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
    public bool IsExponent => (Kind == ElementKind.Cpe || Kind == ElementKind.La) && LocalIndex == 1;
}

public static class ElementInfo
{
    public static int ParameterCount(ElementKind k) => k switch
    {
        ElementKind.R or ElementKind.C or ElementKind.L or ElementKind.W => 1,
        _ => 2,
    };

    public static (string Suffix, string Unit, double Lower, double Upper)[] Parameters(ElementKind k) => k switch
    {
        ElementKind.R => [("", "Ohm", 0, double.PositiveInfinity)],
        ElementKind.C => [("", "F", 0, double.PositiveInfinity)],
        ElementKind.L => [("", "H", 0, double.PositiveInfinity)],
        ElementKind.W => [("", "Ohm s^-1/2", 0, double.PositiveInfinity)],
        ElementKind.Cpe => [("_0", "F s^(n-1)", 0, double.PositiveInfinity), ("_1", "", 0, 1)],
        ElementKind.Wo or ElementKind.Ws => [("_0", "Ohm", 0, double.PositiveInfinity), ("_1", "s", 0, double.PositiveInfinity)],
        ElementKind.G => [("_0", "Ohm", 0, double.PositiveInfinity), ("_1", "s", 0, double.PositiveInfinity)],
        ElementKind.La => [("_0", "H s^(a-1)", 0, double.PositiveInfinity), ("_1", "", 0, 1)],
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    /// <summary>Symbol used in docs: "R", "CPE", ...</summary>
    public static string Symbol(ElementKind k) => k switch { ElementKind.Cpe => "CPE", _ => k.ToString() };

    /// <summary>
    /// Impedance of one element at angular frequency w and its derivatives with respect to the element's
    /// parameters (written to grad[0..count)).
    /// </summary>
    public static Complex Evaluate(ElementKind k, double w, ReadOnlySpan<double> p, Span<Complex> grad)
    {
        switch (k)
        {
            case ElementKind.R:
                grad[0] = 1;
                return p[0];
            case ElementKind.C:
            {
                var z = 1 / new Complex(0, w * p[0]);
                grad[0] = -1 / new Complex(0, w * p[0] * p[0]);
                return z;
            }
            case ElementKind.L:
                grad[0] = new Complex(0, w);
                return new Complex(0, w * p[0]);
            case ElementKind.Cpe:
            {
                // (jω)^-n = ω^-n e^{-jnπ/2}
                double n = p[1];
                double mag = Math.Pow(w, -n) / p[0];
                double ang = -n * Math.PI / 2;
                var z = Complex.FromPolarCoordinates(mag, ang);
                grad[0] = -z / p[0];
                grad[1] = -new Complex(Math.Log(w), Math.PI / 2) * z;
                return z;
            }
            case ElementKind.W:
            {
                var u = new Complex(1, -1) / Math.Sqrt(w);
                grad[0] = u;
                return p[0] * u;
            }
            case ElementKind.Wo:
            case ElementKind.Ws:
            {
                double z0 = p[0], tau = p[1];
                var x = Complex.Sqrt(new Complex(0, w * tau));
                Complex f, df; // f(x) = coth(x)/x or tanh(x)/x, and tau * d f/d tau
                if (k == ElementKind.Wo) CothOverX(x, out f, out df); else TanhOverX(x, out f, out df);
                grad[0] = f;
                grad[1] = z0 * df / tau;
                return z0 * f;
            }
            case ElementKind.G:
            {
                var s = new Complex(1, w * p[1]);
                var inv = 1 / Complex.Sqrt(s);
                grad[0] = inv;
                grad[1] = p[0] * -0.5 * inv / s * new Complex(0, w);
                return p[0] * inv;
            }
            case ElementKind.La:
            {
                // L (jω)^a = L ω^a e^{j a π/2}
                double a = p[1];
                var u = Complex.FromPolarCoordinates(Math.Pow(w, a), a * Math.PI / 2);
                grad[0] = u;
                grad[1] = new Complex(Math.Log(w), Math.PI / 2) * p[0] * u;
                return p[0] * u;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(k));
    }

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
