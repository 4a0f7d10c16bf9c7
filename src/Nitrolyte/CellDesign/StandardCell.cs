namespace Nitrolyte.CellDesign;

/// <summary>
/// The reference cell in which evaluate judges an electrolyte (overridable per material by the manifest's
/// <c>cell:</c> section). Defaults follow the review's Fig. 17 and its targets (seed 001): NCM811 200 mAh/g at
/// 3.75 V, 90 wt % active, 4 mAh/cm2 (the review's "&gt; 3 mAh/cm2" and the ~4 mAh/cm2 it finds necessary for
/// 350 Wh/kg), N/P = 1, Li 3860 mAh/g, thin foils Al 8 um / Cu 4 um, single-sided, no packaging; the material as a
/// single 50 um separator layer (the review asks for &lt; 100 um); the charge-rate limit allows 0.1 V of ohmic drop
/// across the electrolyte, and the fast-charge target is 15 min.
/// </summary>
public sealed record StandardCell
{
    public CathodeMaterial Cathode { get; init; } = CathodeMaterial.Ncm811;
    public double ArealCapacityMahPerCm2 { get; init; } = 4;
    public double ActiveFraction { get; init; } = 0.9;
    public double NpRatio { get; init; } = 1;
    public double? LiThicknessUm { get; init; }
    public double LiSpecificCapacityMahPerG { get; init; } = MaterialDensities.LithiumSpecificCapacityMahPerG;
    public double ElectrolyteThicknessUm { get; init; } = 50;
    /// <summary>Further layers on the cathode side of the material (e.g. a halide catholyte separator, as LHC in seed 002).</summary>
    public IReadOnlyList<ElectrolyteLayer> CathodeSideLayers { get; init; } = [];
    public double AlThicknessUm { get; init; } = 8;
    public double CuThicknessUm { get; init; } = 4;
    public bool DoubleSided { get; init; }
    public double PackagingMassFraction { get; init; }
    public double AllowedPolarisationV { get; init; } = StackResistance.DefaultAllowedPolarisationV;
    public double InterfaceAsrOhmCm2 { get; init; }
    public double TargetChargeTimeMin { get; init; } = 15;
    public double TargetWhPerKg { get; init; } = 350;

    /// <summary>The stack with the material as the Li-side layer at <paramref name="thicknessUm"/> (default: the practical thickness).</summary>
    public CellStack Stack(string materialName, double densityGPerCm3, double? thicknessUm = null, double? sigmaSPerCm = null) => new()
    {
        ArealCapacityMahPerCm2 = ArealCapacityMahPerCm2,
        Cathode = Cathode,
        ActiveFraction = ActiveFraction,
        NpRatio = NpRatio,
        LiThicknessUm = LiThicknessUm,
        LiSpecificCapacityMahPerG = LiSpecificCapacityMahPerG,
        Layers = [.. CathodeSideLayers, new ElectrolyteLayer(materialName, densityGPerCm3, thicknessUm ?? ElectrolyteThicknessUm, sigmaSPerCm)],
        AlThicknessUm = AlThicknessUm,
        CuThicknessUm = CuThicknessUm,
        DoubleSided = DoubleSided,
        PackagingMassFraction = PackagingMassFraction,
    };

    /// <summary>Index of the material's own layer in <see cref="Stack"/>.</summary>
    public int MaterialLayerIndex => CathodeSideLayers.Count;

    /// <summary>ASR of the electrolyte (all layers with a conductivity, the material at its thickness) plus interfaces, Ohm cm2.</summary>
    public double AsrOhmCm2(double sigmaSPerCm, double? thicknessUm = null)
    {
        var layers = CathodeSideLayers.Where(l => l.SigmaSPerCm is not null)
            .Select(l => new ResistiveLayer(l.Name, l.SigmaSPerCm!.Value, l.ThicknessUm))
            .Append(new ResistiveLayer("material", sigmaSPerCm, thicknessUm ?? ElectrolyteThicknessUm)).ToList();
        return StackResistance.TotalAsrOhmCm2(layers, InterfaceAsrOhmCm2);
    }
}
