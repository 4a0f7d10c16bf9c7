namespace Nitrolyte.Arrhenius;

/// <summary>
/// Which quantity follows the exponential law. <see cref="SigmaT"/>: sigma T = A exp(-Ea/kB T), the form of
/// seeds 002/003 and of hopping theory (the default). <see cref="Sigma"/>: sigma = A exp(-Ea/kB T).
/// The two give Ea values that differ by about kB T.
/// </summary>
public enum ArrheniusForm { SigmaT, Sigma }

public static class ArrheniusFormNames
{
    public static string ToCli(this ArrheniusForm f) => f == ArrheniusForm.SigmaT ? "sigma-t" : "sigma";

    public static ArrheniusForm Parse(string s) => s.Trim().ToLowerInvariant() switch
    {
        "sigma-t" or "sigmat" or "sigma_t" or "st" => ArrheniusForm.SigmaT,
        "sigma" or "s" => ArrheniusForm.Sigma,
        _ => throw new Core.NitrolyteInputException($"unknown Arrhenius form '{s}' (use sigma-t or sigma)"),
    };
}

public static class ArrheniusLaw
{
    /// <summary>
    /// Moves a value known at <paramref name="fromK"/> to <paramref name="toK"/> along an Arrhenius law with
    /// activation energy <paramref name="eaEV"/> (for the σT form the 1/T factor moves too).
    /// </summary>
    public static double Move(double value, double fromK, double toK, double eaEV, ArrheniusForm form = ArrheniusForm.SigmaT)
    {
        double f = Math.Exp(-eaEV / Core.PhysicalConstants.BoltzmannEVPerK * (1 / toK - 1 / fromK));
        return form == ArrheniusForm.SigmaT ? value * fromK / toK * f : value * f;
    }
}
