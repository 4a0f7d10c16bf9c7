using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

/// <summary>Pellet geometry: thickness L and electrode area A (from the diameter when given that way).</summary>
public sealed record PelletGeometry(double ThicknessCm, double AreaCm2, double? RelativeDensity = null)
{
    public static PelletGeometry FromMm(double thicknessMm, double? diameterMm, double? areaCm2, double? relativeDensity = null)
    {
        if (!(thicknessMm > 0)) throw new NitrolyteInputException($"thickness {thicknessMm} mm must be positive");
        double a = areaCm2 ?? (diameterMm is { } d ? Math.PI * Math.Pow(d / 20.0, 2) : throw new NitrolyteInputException("give the electrode diameter or area with the thickness"));
        if (!(a > 0)) throw new NitrolyteInputException($"electrode area {a} cm² must be positive");
        if (relativeDensity is { } rho && !(rho > 0 && rho <= 1))
            throw new NitrolyteInputException($"relative density {rho} must lie in (0, 1] (a fraction, not a percentage)");
        return new PelletGeometry(thicknessMm / 10, a, relativeDensity);
    }
    /// <summary>Geometric factor L/A in 1/cm: σ = (L/A)/R.</summary>
    public double CellConstantPerCm => ThicknessCm / AreaCm2;
}
