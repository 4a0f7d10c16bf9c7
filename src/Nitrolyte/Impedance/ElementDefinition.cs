using System.Numerics;

namespace Nitrolyte.Impedance;

/// <summary>One parameter of an element: name suffix (<c>""</c> for one-parameter elements, <c>_0</c>, <c>_1</c>), unit and
/// default bounds (positive parameters are fitted in log space, bounded ones on a logistic scale).</summary>
public sealed record ElementParameter(string Suffix, string Unit, double Lower, double Upper, bool IsExponent = false);

/// <summary>
/// Impedance of an element at every angular frequency ω_i (with ln ω_i given) and its derivatives with respect
/// to the element's parameters: <c>z[i]</c>, and <c>grad[k * n + i]</c> = ∂z_i/∂p_k (one column per parameter).
/// </summary>
public delegate void ElementImpedance(ReadOnlySpan<double> omega, ReadOnlySpan<double> lnOmega, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> grad);

/// <summary>What a starting-value rule knows: the spectrum's features (<see cref="InitialGuess.Features"/>) and, inside
/// an arc (a parallel block), the arc's resistance and apex angular frequency and whether the element's branch is the
/// resistive one.</summary>
public sealed record GuessContext(InitialGuess.Features Spectrum, double ArcResistanceOhm, double ArcOmega, bool InArc, bool ResistiveBranch, int ElementsInBranch)
{
    public double OmegaMin => 2 * Math.PI * Spectrum.FMinHz;
    public double OmegaMax => 2 * Math.PI * Spectrum.FMaxHz;
    /// <summary>Total arc resistance of the spectrum, Z'(low) − Z'(high), floored.</summary>
    public double Span => Math.Max(Spectrum.RLowOhm - Spectrum.RHighOhm, 1e-3 * Math.Max(Math.Abs(Spectrum.RLowOhm), 1e-12));
    public double LowFreqImag => Math.Max(Spectrum.LowFreqImag, 1e-3 * Span);
}

/// <summary>Writes an element's starting values into <c>p</c> (its own parameters only).</summary>
public delegate void ElementGuess(GuessContext g, Span<double> p);

/// <summary>
/// Everything the library knows about one circuit element, in one place: its symbol and the prefixes that name it
/// in circuit strings, its Boukamp letter, its parameters (names, units, bounds), its impedance with the analytic
/// gradient, and its starting-value rule. <see cref="CircuitElements"/> holds the table; adding an element is one
/// entry there (and a value of <see cref="ElementKind"/> to name it).
/// </summary>
public sealed record ElementDefinition(
    ElementKind Kind, string Symbol, string[] Prefixes, char? BoukampLetter, string Formula,
    ElementParameter[] Parameters, ElementImpedance Impedance, ElementGuess Guess)
{
    /// <summary>True for elements that carry resistance at low frequency inside an arc (R, the Warburgs, Gerischer).</summary>
    public bool Resistive { get; init; }
}
