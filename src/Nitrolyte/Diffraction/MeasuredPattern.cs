using Nitrolyte.Core;

namespace Nitrolyte.Diffraction;

/// <summary>The abscissa a measured powder pattern was recorded on.</summary>
public enum PatternAxis { TwoThetaDeg, QPerA, DA, TofMicroseconds }

/// <summary>
/// A measured powder pattern as read from a file: abscissa (with its meaning), intensity and esd, the radiation and
/// wavelength(s) when the file states them, and the provenance (how each thing was read or what was assumed).
/// </summary>
public sealed record MeasuredPattern
{
    public required string Source { get; init; }
    public required PatternAxis Axis { get; init; }
    public required double[] X { get; init; }
    public required double[] Intensity { get; init; }
    public required double[] Esd { get; init; }
    /// <summary>True when the esd were not in the file but taken as √max(I, 1) (counts assumed).</summary>
    public bool EsdAssumed { get; init; }
    /// <summary>Kα1 (or the single) wavelength stated in the file, Å.</summary>
    public double? Wavelength1A { get; init; }
    /// <summary>Kα2 wavelength stated in the file, Å (null: single wavelength).</summary>
    public double? Wavelength2A { get; init; }
    /// <summary>I(Kα2)/I(Kα1) stated in the file.</summary>
    public double? Ka2RatioFromFile { get; init; }
    /// <summary>"xray", "neutron" or null when the file does not say.</summary>
    public string? Radiation { get; init; }
    public string? Title { get; init; }
    /// <summary>How the file was read: format, columns, units, scan/bank chosen, and every assumption.</summary>
    public List<string> Provenance { get; init; } = [];

    public int Count => X.Length;

    public static string AxisName(PatternAxis a) => a switch
    {
        PatternAxis.TwoThetaDeg => "2θ (deg)",
        PatternAxis.QPerA => "Q (1/Å)",
        PatternAxis.DA => "d (Å)",
        _ => "TOF (µs)",
    };

    /// <summary>
    /// The pattern on 2θ (degrees) for wavelength <paramref name="lambdaA"/>: Q → 2θ = 2 asin(Qλ/4π), d → 2θ = 2 asin(λ/2d);
    /// points beyond 2θ = 180° are dropped (said in the provenance); TOF is refused (no TOF peak-shape model).
    /// </summary>
    public MeasuredPattern ToTwoTheta(double lambdaA)
    {
        if (Axis == PatternAxis.TwoThetaDeg) return this;
        if (Axis == PatternAxis.TofMicroseconds)
            throw new NitrolyteInputException($"{Source}: the pattern is on time of flight; only constant-wavelength (2θ, Q or d) patterns can be refined");
        var pts = new List<(double T, double Y, double E)>();
        int dropped = 0;
        for (int i = 0; i < X.Length; i++)
        {
            double s = Axis == PatternAxis.QPerA ? X[i] * lambdaA / (4 * Math.PI) : lambdaA / (2 * X[i]);
            if (!(s > 0 && s < 1)) { dropped++; continue; }
            pts.Add((2 * Math.Asin(s) * 180 / Math.PI, Intensity[i], Esd[i]));
        }
        pts.Sort((a, b) => a.T.CompareTo(b.T));
        var prov = new List<string>(Provenance) { $"converted from {AxisName(Axis)} to 2θ with λ = {lambdaA:0.######} Å" };
        if (dropped > 0) prov.Add($"{dropped} points beyond 2θ = 180° at this wavelength dropped");
        return this with
        {
            Axis = PatternAxis.TwoThetaDeg, X = pts.Select(p => p.T).ToArray(), Intensity = pts.Select(p => p.Y).ToArray(),
            Esd = pts.Select(p => p.E).ToArray(), Provenance = prov,
        };
    }

    /// <summary>
    /// A time-of-flight pattern on d (Å) with the diffractometer constants of its bank (GSAS convention,
    /// TOF = DIFC·d + DIFA·d² + ZERO, µs): d = (t − ZERO)/DIFC for DIFA = 0, else the positive root of the quadratic.
    /// Intensities are kept per channel (no Jacobian re-binning; said in the provenance); non-positive d dropped.
    /// </summary>
    public MeasuredPattern TofToD(double difc, double difa, double zeroUs)
    {
        if (Axis != PatternAxis.TofMicroseconds) throw new NitrolyteInputException($"{Source}: not a time-of-flight pattern");
        if (!(difc > 0)) throw new NitrolyteInputException($"{Source}: DIFC must be positive (µs/Å)");
        var pts = new List<(double D, double Y, double E)>();
        for (int i = 0; i < X.Length; i++)
        {
            double t = X[i] - zeroUs, d;
            if (difa == 0) d = t / difc;
            else
            {
                double disc = difc * difc + 4 * difa * t;
                if (disc < 0) continue;
                d = (-difc + Math.Sqrt(disc)) / (2 * difa);
            }
            if (d > 0 && double.IsFinite(d)) pts.Add((d, Intensity[i], Esd[i]));
        }
        if (pts.Count < 10) throw new NitrolyteInputException($"{Source}: fewer than 10 points with d > 0 for DIFC {difc}, DIFA {difa}, ZERO {zeroUs}");
        pts.Sort((a, b) => a.D.CompareTo(b.D));
        var prov = new List<string>(Provenance) { $"TOF converted to d with DIFC = {difc:G8} µs/Å, DIFA = {difa:G6} µs/Å², ZERO = {zeroUs:G6} µs (TOF = DIFC·d + DIFA·d² + ZERO); intensities per channel, not re-binned" };
        return this with { Axis = PatternAxis.DA, X = pts.Select(p => p.D).ToArray(), Intensity = pts.Select(p => p.Y).ToArray(), Esd = pts.Select(p => p.E).ToArray(), Provenance = prov, FromTimeOfFlight = true };
    }

    /// <summary>True when the pattern was converted from time of flight (its peak shapes are those of a TOF instrument).</summary>
    public bool FromTimeOfFlight { get; init; }

    /// <summary>√max(I, 1): the counting-statistics esd used when a file gives none.</summary>
    public static double[] CountingEsd(double[] y) => y.Select(v => Math.Sqrt(Math.Max(v, 1))).ToArray();
}
