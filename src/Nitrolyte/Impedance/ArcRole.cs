namespace Nitrolyte.Impedance;

/// <summary>What an arc of a fitted circuit is assigned to (by its effective capacitance).</summary>
public enum ArcRole { Bulk, GrainBoundary, SurfaceLayer, Electrode }
