using Nitrolyte.Core;

namespace Nitrolyte.CellDesign;

/// <summary>A layer for the resistance model: conductivity and thickness.</summary>
public sealed record ResistiveLayer(string Name, double SigmaSPerCm, double ThicknessUm)
{
    public double ThicknessCm => ThicknessUm * 1e-4;
    /// <summary>Area-specific resistance L / sigma, Ohm cm2.</summary>
    public double AsrOhmCm2 => ThicknessCm / SigmaSPerCm;
}

public sealed record LayerResistance(string Name, double SigmaSPerCm, double ThicknessUm, double ResistanceOhm, double AsrOhmCm2, double OverpotentialV);

/// <summary>Ohmic resistance and overpotential of a stack of electrolyte layers (plus interface ASRs) at one current density.</summary>
public sealed record Polarisation(
    IReadOnlyList<LayerResistance> Layers,
    double InterfaceAsrOhmCm2,
    double AreaCm2,
    double ResistanceOhm,
    double AsrOhmCm2,
    double CurrentDensityMaPerCm2,
    double CurrentMa,
    double OverpotentialV);

/// <summary>The rate limit the electrolyte's resistance sets for a cell of areal capacity Q.</summary>
public sealed record RateLimit(
    double AsrOhmCm2,
    double AllowedPolarisationV,
    double ArealCapacityMahPerCm2,
    double MaxCurrentDensityMaPerCm2,
    double MaxCRate,
    double MinimumChargeTimeMin);

/// <summary>The conductivity a layer needs so the stack reaches a charge time within the allowed polarisation.</summary>
public sealed record RequiredConductivity(string Name, double ThicknessUm, double? SigmaSPerCm, double? MeasuredSigmaSPerCm, string Note);

/// <summary>
/// Resistance, ohmic polarisation and the rate limits of electrolyte layers.
/// R_i = L_i / (sigma_i A), ASR_i = L_i / sigma_i; overpotential = j (sum ASR_i + interface ASRs).
/// <para>
/// <b>Charge time allowed by the electrolyte</b> (Nitrolyte's definition): the shortest constant-current charge of
/// the areal capacity Q during which the ohmic drop across the electrolyte layers (and the interface ASRs when
/// known) stays within an allowed polarisation eta_max (default 0.1 V): j_max = eta_max / ASR, C_max = j_max / Q,
/// t_min = 60 min / C_max = 60 Q ASR / eta_max. It ignores cathode kinetics and Li diffusion in the cathode, so it is a
/// lower bound on the real charge time set by the separator alone. The conductivity needed for a target time t follows
/// by inverting it: ASR_needed = eta_max t / (60 Q).
/// </para>
/// Seed 002: a 0.05 mm Li9N2Cl3 layer at 4.3e-5 S/cm on 0.785 cm2 is 0.005 / (4.3e-5 x 0.785) = 148 Ohm.
/// </summary>
public static class StackResistance
{
    public const double DefaultAllowedPolarisationV = 0.1;

    public static Polarisation Evaluate(IReadOnlyList<ResistiveLayer> layers, double areaCm2, double currentDensityMaPerCm2, double interfaceAsrOhmCm2 = 0)
    {
        Check(layers, interfaceAsrOhmCm2);
        if (!(areaCm2 > 0) || !double.IsFinite(areaCm2)) throw new NitrolyteInputException($"area must be positive (got {areaCm2} cm2)");
        if (!(currentDensityMaPerCm2 >= 0) || !double.IsFinite(currentDensityMaPerCm2)) throw new NitrolyteInputException($"current density must be zero or positive (got {currentDensityMaPerCm2} mA/cm2)");
        double j = currentDensityMaPerCm2 * 1e-3;
        var per = layers.Select(l => new LayerResistance(l.Name, l.SigmaSPerCm, l.ThicknessUm, l.AsrOhmCm2 / areaCm2, l.AsrOhmCm2, j * l.AsrOhmCm2)).ToList();
        double asr = per.Sum(p => p.AsrOhmCm2) + interfaceAsrOhmCm2;
        return new Polarisation(per, interfaceAsrOhmCm2, areaCm2, asr / areaCm2, asr, currentDensityMaPerCm2, currentDensityMaPerCm2 * areaCm2, j * asr);
    }

    public static double TotalAsrOhmCm2(IReadOnlyList<ResistiveLayer> layers, double interfaceAsrOhmCm2 = 0)
    {
        Check(layers, interfaceAsrOhmCm2);
        return layers.Sum(l => l.AsrOhmCm2) + interfaceAsrOhmCm2;
    }

    /// <summary>Largest current density, C-rate and shortest charge time with the ohmic drop within <paramref name="allowedPolarisationV"/>.</summary>
    public static RateLimit Limit(double asrOhmCm2, double arealCapacityMahPerCm2, double allowedPolarisationV = DefaultAllowedPolarisationV)
    {
        if (!(asrOhmCm2 >= 0) || !double.IsFinite(asrOhmCm2)) throw new NitrolyteInputException($"ASR must be zero or positive (got {asrOhmCm2})");
        if (!(arealCapacityMahPerCm2 > 0)) throw new NitrolyteInputException($"areal capacity must be positive (got {arealCapacityMahPerCm2})");
        if (!(allowedPolarisationV > 0)) throw new NitrolyteInputException($"allowed polarisation must be positive (got {allowedPolarisationV} V)");
        double jMax = asrOhmCm2 > 0 ? allowedPolarisationV / asrOhmCm2 * 1000 : double.PositiveInfinity; // mA/cm2
        double c = jMax / arealCapacityMahPerCm2;
        return new RateLimit(asrOhmCm2, allowedPolarisationV, arealCapacityMahPerCm2, jMax, c, 60.0 / c);
    }

    /// <summary>
    /// The conductivity each layer needs for a charge in <paramref name="chargeTimeMin"/> within the allowed polarisation,
    /// the other layers keeping their conductivity (layers without one count as ideal), plus an entry "all layers"
    /// giving the single conductivity that all layers together would need.
    /// </summary>
    public static IReadOnlyList<RequiredConductivity> Required(IReadOnlyList<(string Name, double ThicknessUm, double? SigmaSPerCm)> layers,
        double arealCapacityMahPerCm2, double chargeTimeMin, double allowedPolarisationV = DefaultAllowedPolarisationV, double interfaceAsrOhmCm2 = 0)
    {
        if (!(chargeTimeMin > 0)) throw new NitrolyteInputException($"charge time must be positive (got {chargeTimeMin} min)");
        if (!(arealCapacityMahPerCm2 > 0)) throw new NitrolyteInputException($"areal capacity must be positive (got {arealCapacityMahPerCm2})");
        if (!(allowedPolarisationV > 0)) throw new NitrolyteInputException($"allowed polarisation must be positive (got {allowedPolarisationV} V)");
        double j = arealCapacityMahPerCm2 * 60.0 / chargeTimeMin * 1e-3; // A/cm2
        double budget = allowedPolarisationV / j - interfaceAsrOhmCm2;    // Ohm cm2 left for the layers
        var list = new List<RequiredConductivity>();
        for (int i = 0; i < layers.Count; i++)
        {
            double others = layers.Where((_, k) => k != i).Sum(l => l.SigmaSPerCm is { } s ? l.ThicknessUm * 1e-4 / s : 0);
            double left = budget - others;
            var (name, t, sigma) = layers[i];
            list.Add(left > 0
                ? new RequiredConductivity(name, t, t * 1e-4 / left, sigma, "other layers at their measured conductivity")
                : new RequiredConductivity(name, t, null, sigma, "impossible: the other layers and interfaces alone exceed the allowed polarisation"));
        }
        double total = layers.Sum(l => l.ThicknessUm) * 1e-4;
        list.Add(budget > 0
            ? new RequiredConductivity("all layers", layers.Sum(l => l.ThicknessUm), total / budget, null, "one conductivity for every layer")
            : new RequiredConductivity("all layers", layers.Sum(l => l.ThicknessUm), null, null, "impossible: the interface ASR alone exceeds the allowed polarisation"));
        return list;
    }

    private static void Check(IReadOnlyList<ResistiveLayer> layers, double interfaceAsr)
    {
        if (layers.Count == 0) throw new NitrolyteInputException("no electrolyte layer given");
        foreach (var l in layers)
        {
            if (!(l.SigmaSPerCm > 0) || !double.IsFinite(l.SigmaSPerCm)) throw new NitrolyteInputException($"layer {l.Name}: conductivity must be positive (got {l.SigmaSPerCm} S/cm)");
            if (!(l.ThicknessUm > 0) || !double.IsFinite(l.ThicknessUm)) throw new NitrolyteInputException($"layer {l.Name}: thickness must be positive (got {l.ThicknessUm} um)");
        }
        if (!(interfaceAsr >= 0) || !double.IsFinite(interfaceAsr)) throw new NitrolyteInputException($"interface ASR must be zero or positive (got {interfaceAsr})");
    }
}
