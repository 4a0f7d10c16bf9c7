using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction.Refinement;

public enum RefinementMode { LeBail, Rietveld }

/// <summary>A phase to refine: its name and starting structure (cell, sites, occupancies).</summary>
public sealed record RefinementPhase(string Name, Structure Structure)
{
    /// <summary>The space-group operations of the source (a CIF's symmetry loop), for refining free coordinates;
    /// null = derived from the expanded structure itself (<see cref="SiteSymmetry.FromStructure"/>).</summary>
    public IReadOnlyList<SymmetryOperation>? Operations { get; init; }
    /// <summary>The source's atom-site rows (label → fractional x, y, z): the orbit member nearest to a site's row is the
    /// representative whose coordinates are refined and reported; null = the first position of the site.</summary>
    public IReadOnlyDictionary<string, double[]>? AsymmetricUnit { get; init; }
}

/// <summary>What to refine and from where (constant-wavelength, 2θ in degrees).</summary>
public sealed record RefinementOptions
{
    public RefinementMode Mode { get; init; } = RefinementMode.Rietveld;
    /// <summary>Kα1 (or the single) wavelength, Å.</summary>
    public required double Wavelength1A { get; init; }
    /// <summary>Kα2 wavelength, Å; null for a single line (monochromated, synchrotron, neutron).</summary>
    public double? Wavelength2A { get; init; }
    /// <summary>I(Kα2)/I(Kα1).</summary>
    public double Ka2Ratio { get; init; } = 0.5;
    public bool Neutron { get; init; }
    /// <summary>X-ray polarisation factor (1 + cos²2θ) of an unpolarised (laboratory) beam; false for synchrotron (≈ 1) — neutrons never have one.</summary>
    public bool XrayPolarisation { get; init; } = true;
    /// <summary>X-ray: include the anomalous terms f′ + i f″ (NIST FFAST at the energy of λ1) in every form factor.</summary>
    public bool AnomalousDispersion { get; init; }
    /// <summary>Chebyshev background terms (1-12).</summary>
    public int BackgroundTerms { get; init; } = 6;
    public PeakProfile StartProfile { get; init; } = new(0.004, -0.002, 0.004, 0.02, 0);
    /// <summary>Profile parameters refined: any of the letters U V W X Y.</summary>
    public string RefinedProfile { get; init; } = "UVWXY";
    public double StartZeroDeg { get; init; }
    public bool RefineZero { get; init; } = true;
    /// <summary>Starting sample-displacement coefficient D (deg 2θ): peaks shift by D·cosθ, D = −(360/π)·s/R for a
    /// specimen surface displaced by s from the axis of a Bragg-Brentano goniometer of radius R.</summary>
    public double StartDisplacementDeg { get; init; }
    /// <summary>Refine the sample displacement (Bragg-Brentano reflection geometry) together with the zero shift.</summary>
    public bool RefineDisplacement { get; init; }
    public bool RefineCell { get; init; } = true;
    /// <summary>Site labels (or element symbols) whose total occupancy is refined, the species ratio on the site kept (vacancy model).</summary>
    public IReadOnlyList<string> RefineOccupancy { get; init; } = [];
    /// <summary>Tie the last refined occupancy to the others so that the cell stays neutral (needs oxidation states).</summary>
    public bool ChargeNeutral { get; init; }
    public bool RefineBiso { get; init; } = true;
    /// <summary>Sites (labels, element symbols, or "all") whose free fractional coordinates are refined under their
    /// site symmetry (Rietveld only); a named site on a special position with no free coordinate is refused.</summary>
    public IReadOnlyList<string> RefineCoordinates { get; init; } = [];
    /// <summary>Scale factors held fixed (known from a calibration), per phase in order; null = refined.
    /// Intensities scale as S·t² when every site's occupancy t is refined, so S and the vacancy level of a
    /// single phase are not separable unless the scale (or one occupancy) is known.</summary>
    public IReadOnlyList<double>? FixedScales { get; init; }
    /// <summary>Starting Biso (Å²) of every site unless given per site label.</summary>
    public double StartBisoA2 { get; init; } = 1.0;
    public IReadOnlyDictionary<string, double>? StartBisoBySite { get; init; }
    public int MaxCycles { get; init; } = 30;
    /// <summary>Stop when a full cycle changes Rwp by less than this fraction.</summary>
    public double RwpStallFraction { get; init; } = 1e-5;
    public double? TwoThetaMinDeg { get; init; }
    public double? TwoThetaMaxDeg { get; init; }
}

public sealed record RefinedValue(string Name, double Value, double StdErr, bool Refined);

public sealed record RefinedOccupancy(string Site, string Element, double Value, double StdErr, bool Refined, bool Constrained);

public sealed record RefinedBiso(string Site, double ValueA2, double StdErrA2, bool Refined);

/// <summary>Refined fractional coordinates of an asymmetric-unit site: the representative's x, y, z with s.u. (0 for a
/// coordinate fixed by symmetry; a coordinate tied to a free one carries the propagated s.u.), the free ones
/// ("x", "xz", ...), the order of the site symmetry and the number of positions.</summary>
public sealed record RefinedCoordinate(string Site, double X, double XStdErr, double Y, double YStdErr, double Z, double ZStdErr, string Free, int SiteSymmetryOrder, int Multiplicity);

public sealed record RefinedReflection(int[] Hkl, int Multiplicity, double TwoThetaDeg, double DA, double Intensity);

public sealed record RefinedPhase
{
    public required string Name { get; init; }
    public required string CrystalSystem { get; init; }
    /// <summary>a, b, c (Å), α, β, γ (°).</summary>
    public required double[] Cell { get; init; }
    /// <summary>Standard errors of a..γ (0 for fixed or tied-to-fixed).</summary>
    public required double[] CellStdErr { get; init; }
    public required double VolumeA3 { get; init; }
    public required double VolumeStdErrA3 { get; init; }
    public double? Scale { get; init; }
    public double? ScaleStdErr { get; init; }
    public double? WeightFraction { get; init; }
    public double? WeightFractionStdErr { get; init; }
    public required IReadOnlyList<RefinedOccupancy> Occupancies { get; init; }
    public required IReadOnlyList<RefinedBiso> Biso { get; init; }
    /// <summary>Sites whose coordinates were refined (empty otherwise).</summary>
    public IReadOnlyList<RefinedCoordinate> Coordinates { get; init; } = [];
    /// <summary>s.u. of the fractional coordinates of every position of <see cref="Refined"/> (0 when fixed); null when no coordinate was refined.</summary>
    public IReadOnlyList<(double A, double B, double C)>? PositionStdErr { get; init; }
    public required Structure Refined { get; init; }
    public required IReadOnlyList<RefinedReflection> Reflections { get; init; }
}

public sealed record PowderRefinementResult
{
    public required RefinementMode Mode { get; init; }
    public required double Rwp { get; init; }
    public required double Rp { get; init; }
    public required double Rexp { get; init; }
    public required double ChiSquare { get; init; }
    public required double ZeroShiftDeg { get; init; }
    public required double ZeroShiftStdErrDeg { get; init; }
    /// <summary>Sample-displacement coefficient D (deg 2θ; shift D·cosθ) and its s.u. (0 when not refined).</summary>
    public double DisplacementDeg { get; init; }
    public double DisplacementStdErrDeg { get; init; }
    public bool DisplacementRefined { get; init; }
    /// <summary>The anomalous terms used (X-ray with anomalous dispersion): element, f′, f″ (electrons); empty otherwise.</summary>
    public IReadOnlyList<(string Element, double FPrime, double FDoublePrime)> AnomalousTerms { get; init; } = [];
    public required PeakProfile Profile { get; init; }
    public required IReadOnlyList<RefinedValue> Parameters { get; init; }
    /// <summary>Names of the refined parameters, in the order of <see cref="Correlation"/>.</summary>
    public required IReadOnlyList<string> RefinedNames { get; init; }
    public required double[,] Correlation { get; init; }
    public required IReadOnlyList<RefinedPhase> Phases { get; init; }
    public required double[] TwoThetaDeg { get; init; }
    public required double[] Observed { get; init; }
    public required double[] Calculated { get; init; }
    public required double[] Background { get; init; }
    public required int Cycles { get; init; }
    public required string StopReason { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public required int Points { get; init; }
    public required int RefinedCount { get; init; }
    /// <summary>Pattern calculations made (for the performance record).</summary>
    public required int Evaluations { get; init; }

    /// <summary>Pairs of refined parameters with |correlation| ≥ <paramref name="min"/>, strongest first.</summary>
    public IEnumerable<(string A, string B, double R)> StrongCorrelations(double min = 0.8)
    {
        int n = RefinedNames.Count;
        var list = new List<(string, string, double)>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (Math.Abs(Correlation[i, j]) >= min) list.Add((RefinedNames[i], RefinedNames[j], Correlation[i, j]));
        return list.OrderByDescending(t => Math.Abs(t.Item3));
    }
}
