namespace Nitrolyte.Core;

/// <summary>CODATA 2018 constants in the units the analyses use; the unit is part of each name.</summary>
public static class PhysicalConstants
{
    public const double BoltzmannEVPerK = 8.617333262e-5;
    public const double BoltzmannJPerK = 1.380649e-23;
    public const double ElementaryChargeC = 1.602176634e-19;
    public const double AvogadroPerMol = 6.02214076e23;
    public const double FaradayCPerMol = 96485.33212;
    /// <summary>e^2 / (4 pi eps0) in eV·Å, the Coulomb constant used by Ewald and BVSE.</summary>
    public const double CoulombEVAngstrom = 14.399645;
    public const double ZeroCelsiusK = 273.15;
    public const double RoomTemperatureK = 298.15;
}
