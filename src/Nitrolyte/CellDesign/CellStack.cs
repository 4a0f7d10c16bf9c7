using Nitrolyte.Core;

namespace Nitrolyte.CellDesign;

/// <summary>One solid-electrolyte layer of the stack: density, thickness and (for the resistance model) conductivity.</summary>
public sealed record ElectrolyteLayer(string Name, double DensityGPerCm3, double ThicknessUm, double? SigmaSPerCm = null)
{
    /// <summary>A layer whose density comes from a crystal structure (occupancy-weighted cell content / cell volume).</summary>
    public static ElectrolyteLayer FromStructure(string name, Structures.Structure structure, double thicknessUm, double? sigmaSPerCm = null) =>
        new(name, structure.DensityGPerCm3, thicknessUm, sigmaSPerCm);

    /// <summary>A layer of a material from the bundled density table (name, alias or formula).</summary>
    public static ElectrolyteLayer FromTable(string material, double thicknessUm, double? sigmaSPerCm = null)
    {
        var m = MaterialDensities.Get(material);
        return new(m.Name, m.DensityGPerCm3, thicknessUm, sigmaSPerCm);
    }

    public double MassMgPerCm2 => DensityGPerCm3 * ThicknessUm * 1e-4 * 1000;
}

/// <summary>
/// One repeating unit of an all-solid-state Li-metal cell per unit area:
/// Al | cathode composite | electrolyte layers (cathode side first) | Li | Cu.
/// The cathode composite holds <see cref="ActiveFraction"/> (by mass) of active material; the rest (catholyte,
/// carbon, binder) has density <see cref="CathodeInactiveDensityGPerCm3"/>; the composite's volume also includes
/// <see cref="CathodePorosity"/>. The Li layer is set by the N/P ratio (Li capacity / cathode capacity) unless
/// <see cref="LiThicknessUm"/> is given. Double-sided collectors are shared by two unit cells, so each unit carries
/// half of each foil. Packaging (tabs, pouch) adds <see cref="PackagingMassFraction"/> of the final cell mass.
/// </summary>
public sealed record CellStack
{
    public required double ArealCapacityMahPerCm2 { get; init; }
    public CathodeMaterial Cathode { get; init; } = CathodeMaterial.Ncm811;
    /// <summary>Active material mass / cathode composite mass (the review's Fig. 17: 0.90).</summary>
    public double ActiveFraction { get; init; } = 0.9;
    public double CathodeInactiveDensityGPerCm3 { get; init; } = 2.0;
    public double CathodePorosity { get; init; }
    public IReadOnlyList<ElectrolyteLayer> Layers { get; init; } = [];
    public double NpRatio { get; init; } = 1.0;
    /// <summary>When set, the Li thickness (and so N/P) is fixed instead of <see cref="NpRatio"/>.</summary>
    public double? LiThicknessUm { get; init; }
    public double LiSpecificCapacityMahPerG { get; init; } = MaterialDensities.LithiumSpecificCapacityMahPerG;
    public double LiDensityGPerCm3 { get; init; } = MaterialDensities.LithiumGPerCm3;
    public double AlThicknessUm { get; init; } = 8;
    public double AlDensityGPerCm3 { get; init; } = MaterialDensities.AluminiumGPerCm3;
    public double CuThicknessUm { get; init; } = 4;
    public double CuDensityGPerCm3 { get; init; } = MaterialDensities.CopperGPerCm3;
    public bool DoubleSided { get; init; }
    public double PackagingMassFraction { get; init; }

    public void Validate()
    {
        static void Positive(double v, string what) { if (!(v > 0) || !double.IsFinite(v)) throw new NitrolyteInputException($"{what} must be positive (got {v})"); }
        static void NonNegative(double v, string what) { if (!(v >= 0) || !double.IsFinite(v)) throw new NitrolyteInputException($"{what} must be zero or positive (got {v})"); }
        Positive(ArealCapacityMahPerCm2, "areal capacity");
        Positive(Cathode.SpecificCapacityMahPerG, "cathode specific capacity");
        Positive(Cathode.MeanVoltageV, "cathode mean voltage");
        Positive(Cathode.DensityGPerCm3, "cathode active density");
        if (!(ActiveFraction > 0 && ActiveFraction <= 1)) throw new NitrolyteInputException($"active fraction must be in (0, 1] (got {ActiveFraction})");
        Positive(CathodeInactiveDensityGPerCm3, "density of the cathode's inactive part");
        if (!(CathodePorosity >= 0 && CathodePorosity < 1)) throw new NitrolyteInputException($"cathode porosity must be in [0, 1) (got {CathodePorosity})");
        NonNegative(NpRatio, "N/P ratio");
        if (LiThicknessUm is { } li) NonNegative(li, "Li thickness");
        Positive(LiSpecificCapacityMahPerG, "Li specific capacity");
        Positive(LiDensityGPerCm3, "Li density");
        NonNegative(AlThicknessUm, "Al thickness");
        NonNegative(CuThicknessUm, "Cu thickness");
        Positive(AlDensityGPerCm3, "Al density");
        Positive(CuDensityGPerCm3, "Cu density");
        if (!(PackagingMassFraction >= 0 && PackagingMassFraction < 1)) throw new NitrolyteInputException($"packaging mass fraction must be in [0, 1) (got {PackagingMassFraction})");
        foreach (var l in Layers)
        {
            Positive(l.DensityGPerCm3, $"density of layer {l.Name}");
            NonNegative(l.ThicknessUm, $"thickness of layer {l.Name}");
            if (l.SigmaSPerCm is { } s) Positive(s, $"conductivity of layer {l.Name}");
        }
    }
}

/// <summary>One component of the stack with its areal mass and thickness.</summary>
public sealed record StackComponent(string Key, string Name, double MassMgPerCm2, double ThicknessUm);

/// <summary>Energy density of a stack and where its mass and thickness go.</summary>
public sealed record CellEnergy(
    double GravimetricWhPerKg,
    double VolumetricWhPerL,
    double EnergyMWhPerCm2,
    double TotalMassMgPerCm2,
    double TotalThicknessUm,
    IReadOnlyList<StackComponent> Components,
    double CathodeActiveMassMgPerCm2,
    double LiThicknessUm,
    double NpRatio);

public static class CellEnergyModel
{
    /// <summary>
    /// Energy = Q x V_mean (mWh/cm2); gravimetric = energy / (stack mass / (1 - packaging fraction));
    /// volumetric = energy / stack thickness (packaging volume not counted). With Q = 10 mAh/cm2, NCM811 200 mAh/g at
    /// 3.75 V, 70 wt % active, N/P 1, Li 3860 mAh/g, Al 8 um (2.70), Cu 4 um (8.9), single-sided and 100 um of
    /// Li3InCl6 (2.59): 37.5 mWh / 105.64 mg = 355.0 Wh/kg.
    /// </summary>
    public static CellEnergy Evaluate(CellStack s)
    {
        s.Validate();
        double q = s.ArealCapacityMahPerCm2;
        double collectorShare = s.DoubleSided ? 0.5 : 1.0;
        var comps = new List<StackComponent>();

        double alUm = s.AlThicknessUm * collectorShare;
        comps.Add(new("al_collector", "Al current collector", s.AlDensityGPerCm3 * alUm * 0.1, alUm));

        double activeMg = q / s.Cathode.SpecificCapacityMahPerG * 1000;
        double compositeMg = activeMg / s.ActiveFraction;
        double solidDensity = 1.0 / (s.ActiveFraction / s.Cathode.DensityGPerCm3 + (1 - s.ActiveFraction) / s.CathodeInactiveDensityGPerCm3);
        double compositeDensity = solidDensity * (1 - s.CathodePorosity);
        comps.Add(new("cathode_composite", $"{s.Cathode.Name} composite ({s.ActiveFraction * 100:0.#} wt % active)", compositeMg, compositeMg / compositeDensity * 10));

        for (int i = 0; i < s.Layers.Count; i++)
        {
            var l = s.Layers[i];
            comps.Add(new($"electrolyte_{i + 1}", l.Name, l.MassMgPerCm2, l.ThicknessUm));
        }

        double liMg, liUm, np;
        if (s.LiThicknessUm is { } fixedUm)
        {
            liUm = fixedUm;
            liMg = s.LiDensityGPerCm3 * liUm * 0.1;
            np = liMg / 1000 * s.LiSpecificCapacityMahPerG / q;
        }
        else
        {
            np = s.NpRatio;
            liMg = np * q / s.LiSpecificCapacityMahPerG * 1000;
            liUm = liMg / s.LiDensityGPerCm3 * 10;
        }
        comps.Add(new("li_anode", "Li metal", liMg, liUm));

        double cuUm = s.CuThicknessUm * collectorShare;
        comps.Add(new("cu_collector", "Cu current collector", s.CuDensityGPerCm3 * cuUm * 0.1, cuUm));

        double stackMg = comps.Sum(c => c.MassMgPerCm2);
        double totalMg = stackMg / (1 - s.PackagingMassFraction);
        if (s.PackagingMassFraction > 0) comps.Add(new("packaging", "packaging", totalMg - stackMg, 0));
        double thicknessUm = comps.Sum(c => c.ThicknessUm);
        double energy = q * s.Cathode.MeanVoltageV; // mWh/cm2
        return new CellEnergy(
            GravimetricWhPerKg: energy / totalMg * 1000,
            VolumetricWhPerL: thicknessUm > 0 ? energy / (thicknessUm * 1e-4) : double.PositiveInfinity,
            EnergyMWhPerCm2: energy,
            TotalMassMgPerCm2: totalMg,
            TotalThicknessUm: thicknessUm,
            Components: comps,
            CathodeActiveMassMgPerCm2: activeMg,
            LiThicknessUm: liUm,
            NpRatio: np);
    }
}
