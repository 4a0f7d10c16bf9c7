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
