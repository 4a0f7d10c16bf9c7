namespace Nitrolyte.Diffraction.Refinement;

/// <summary>
/// An instrument's contribution to a constant-wavelength powder pattern, determined once on a line-profile standard
/// (LaB6, Si) and reused: the TCH pseudo-Voigt profile terms U, V, W, X, Y (deg² / deg 2θ), the zero shift (deg 2θ),
/// the wavelength(s), the Kα2 ratio, the radiation and the polarisation factor. The sample displacement is a
/// property of the specimen, not the instrument: it is recorded (what the standard had) but not carried over.
/// </summary>
public sealed record InstrumentProfile
{
    public required PeakProfile Profile { get; init; }
    /// <summary>s.u. of U, V, W, X, Y from the standard's refinement (0 where fixed there).</summary>
    public double[] ProfileStdErr { get; init; } = new double[5];
    public required double ZeroDeg { get; init; }
    public double ZeroStdErrDeg { get; init; }
    public required double Wavelength1A { get; init; }
    public double? Wavelength2A { get; init; }
    public double Ka2Ratio { get; init; } = 0.5;
    public bool Neutron { get; init; }
    public bool XrayPolarisation { get; init; } = true;
    /// <summary>Displacement coefficient the standard itself had (deg 2θ), for the record.</summary>
    public double? StandardDisplacementDeg { get; init; }
    /// <summary>Where the numbers come from: the standard's file, phase, fit quality.</summary>
    public string? StandardFile { get; init; }
    public string? StandardPhase { get; init; }
    public double? StandardRwp { get; init; }
    public double? TwoThetaMinDeg { get; init; }
    public double? TwoThetaMaxDeg { get; init; }

    /// <summary>The instrument determined by a refinement of a standard.</summary>
    public static InstrumentProfile FromRefinement(PowderRefinementResult r, RefinementOptions opt, string? standardFile)
    {
        string[] letters = ["U", "V", "W", "X", "Y"];
        var se = letters.Select(l => r.Parameters.FirstOrDefault(q => q.Name == l) is { Refined: true } q && double.IsFinite(q.StdErr) ? q.StdErr : 0).ToArray();
        return new InstrumentProfile
        {
            Profile = r.Profile, ProfileStdErr = se, ZeroDeg = r.ZeroShiftDeg, ZeroStdErrDeg = double.IsFinite(r.ZeroShiftStdErrDeg) ? r.ZeroShiftStdErrDeg : 0,
            Wavelength1A = opt.Wavelength1A, Wavelength2A = opt.Wavelength2A, Ka2Ratio = opt.Ka2Ratio, Neutron = opt.Neutron, XrayPolarisation = opt.XrayPolarisation,
            StandardDisplacementDeg = r.DisplacementRefined ? r.DisplacementDeg : null, StandardFile = standardFile,
            StandardPhase = string.Join(" + ", r.Phases.Select(p => p.Name)), StandardRwp = r.Rwp,
            TwoThetaMinDeg = r.TwoThetaDeg.Length > 0 ? r.TwoThetaDeg[0] : null, TwoThetaMaxDeg = r.TwoThetaDeg.Length > 0 ? r.TwoThetaDeg[^1] : null,
        };
    }
}
