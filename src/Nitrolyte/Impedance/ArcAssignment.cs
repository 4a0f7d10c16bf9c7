namespace Nitrolyte.Impedance;

/// <summary>One arc of the fitted circuit (a parallel block with a resistor and a C or CPE).</summary>
public sealed record ArcAssignment(
    string Block,
    string ResistorName,
    double ResistanceOhm,
    double ResistanceStdErrOhm,
    double EffectiveCapacitanceF,
    double ApexFrequencyHz,
    string Role);
