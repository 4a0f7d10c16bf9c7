namespace Nitrolyte.Diffraction.Refinement;

/// <summary>
/// Peak shape: Thompson-Cox-Hastings pseudo-Voigt (J. Appl. Cryst. 20, 79 (1987)) with Caglioti Gaussian width
/// Γ_G² = U tan²θ + V tanθ + W and Lorentzian width Γ_L = X / cosθ + Y tanθ (all in degrees 2θ, FWHM);
/// Γ = (Γ_G⁵ + 2.69269 Γ_G⁴Γ_L + 2.42843 Γ_G³Γ_L² + 4.47163 Γ_G²Γ_L³ + 0.07842 Γ_GΓ_L⁴ + Γ_L⁵)^(1/5),
/// η = 1.36603 q − 0.47719 q² + 0.11116 q³ with q = Γ_L/Γ. Unit area in degrees 2θ.
/// </summary>
public readonly record struct PeakProfile(double U, double V, double W, double X, double Y)
{
    /// <summary>FWHM Γ (deg) and Lorentzian fraction η at Bragg angle θ (radians).</summary>
    public (double Fwhm, double Eta) At(double thetaRad)
    {
        double t = Math.Tan(thetaRad), c = Math.Cos(thetaRad);
        double g2 = U * t * t + V * t + W;
        double gg = Math.Sqrt(Math.Max(g2, 1e-10));
        double gl = Math.Max(X / c + Y * t, 0);
        double g5 = Math.Pow(gg, 5) + 2.69269 * Math.Pow(gg, 4) * gl + 2.42843 * gg * gg * gg * gl * gl
                    + 4.47163 * gg * gg * gl * gl * gl + 0.07842 * gg * Math.Pow(gl, 4) + Math.Pow(gl, 5);
        double f = Math.Pow(g5, 0.2);
        double q = gl / f;
        double eta = Math.Clamp(1.36603 * q - 0.47719 * q * q + 0.11116 * q * q * q, 0, 1);
        return (f, eta);
    }

    private static readonly double GNorm = 2 * Math.Sqrt(Math.Log(2) / Math.PI);
    private static readonly double FourLn2 = 4 * Math.Log(2);

    /// <summary>Unit-area pseudo-Voigt at offset Δ (deg) from the centre (no truncation).</summary>
    public static double Value(double delta, double fwhm, double eta)
    {
        double z = delta * delta / (fwhm * fwhm);
        return (eta * 2 / (Math.PI * fwhm) / (1 + 4 * z)) + (1 - eta) * GNorm / fwhm * Math.Exp(-FourLn2 * z);
    }

    /// <summary>
    /// The shape evaluated within ±<see cref="WindowFwhm"/> FWHM: the Lorentzian part minus its value at the window
    /// edge, renormalised to unit area, so that the calculated pattern is continuous in the peak position and width
    /// (a bare cut-off would make steps of ~10⁻⁴ of the peak height move across the data as parameters change).
    /// </summary>
    public readonly record struct Windowed(double Fwhm, double Eta, double Half, double LEdge, double LScale, double GScale)
    {
        public static Windowed Of((double Fwhm, double Eta) s)
        {
            double half = WindowFwhm * s.Fwhm;
            double lEdge = 2 / (Math.PI * s.Fwhm) / (1 + 4 * WindowFwhm * WindowFwhm);
            double lArea = 2 / Math.PI * Math.Atan(2 * WindowFwhm) - lEdge * 2 * half;
            return new Windowed(s.Fwhm, s.Eta, half, lEdge, s.Eta / lArea, (1 - s.Eta) * GNorm / s.Fwhm);
        }

        public double Value(double delta)
        {
            double z = delta * delta / (Fwhm * Fwhm);
            return LScale * (2 / (Math.PI * Fwhm) / (1 + 4 * z) - LEdge) + GScale * Math.Exp(-FourLn2 * z);
        }
    }

    /// <summary>Half-width of the window in which a peak is evaluated (multiples of the FWHM).</summary>
    public const double WindowFwhm = 30;
}
