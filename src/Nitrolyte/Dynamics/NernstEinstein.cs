using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Dynamics;

/// <summary>Nernst–Einstein conversion between diffusivity and conductivity: σ = n q² D / (kB T).</summary>
public static class NernstEinstein
{
    /// <summary>S/cm per cm²/s for <paramref name="ions"/> carriers of charge <paramref name="charge"/> e in <paramref name="volumeA3"/> Å³ at T.</summary>
    public static double Factor(int ions, double volumeA3, double charge, double temperatureK)
    {
        if (!(temperatureK > 0)) throw new NitrolyteInputException($"temperature {temperatureK} K must be positive for Nernst–Einstein");
        if (!(volumeA3 > 0)) throw new NitrolyteInputException("cell volume must be positive");
        double nPerCm3 = ions / (volumeA3 * 1e-24);
        double q = charge * PhysicalConstants.ElementaryChargeC;
        return nPerCm3 * q * q / (PhysicalConstants.BoltzmannJPerK * temperatureK);
    }

    public static double SigmaSPerCm(double dCm2PerS, int ions, double volumeA3, double charge, double temperatureK) =>
        dCm2PerS * Factor(ions, volumeA3, charge, temperatureK);

    /// <summary>Carrier charge (|e|) of a mobile element: its first common oxidation state (Li, Na, Ag, Cu → 1; Mg, Zn → 2; F, Cl → 1; O, S → 2).</summary>
    public static double DefaultCharge(string element)
    {
        if (!Element.TryGet(element, out var e)) throw new NitrolyteInputException($"'{element}' is not an element");
        if (e.CommonOxidationStates.Count == 0 || e.CommonOxidationStates[0] == 0)
            throw new NitrolyteInputException($"no common oxidation state known for {element}: give the carrier charge explicitly");
        return Math.Abs(e.CommonOxidationStates[0]);
    }
}
