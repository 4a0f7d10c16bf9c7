namespace Nitrolyte.Impedance;

/// <summary>Conductivities of a pellet from a fitted circuit (its JSON: Reports/ImpedanceJson.Conductivity).</summary>
public sealed record ConductivityResult(
    double TotalSPerCm,
    double TotalStdErrSPerCm,
    double BulkSPerCm,
    double BulkStdErrSPerCm,
    double GrainBoundarySPerCm,
    double GrainBoundaryStdErrSPerCm,
    double RBulkOhm,
    double RGrainBoundaryOhm,
    double RInterfaceOhm,
    double AsrOhmCm2,
    double ThicknessCm,
    double AreaCm2,
    double? RelativeDensity,
    string Cell,
    IReadOnlyList<ArcAssignment> Arcs,
    IReadOnlyList<string> Notes);
