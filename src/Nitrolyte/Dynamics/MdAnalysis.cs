using Nitrolyte.Core;

namespace Nitrolyte.Dynamics;

/// <summary>Options of the MSD / diffusivity / conductivity analysis. Time step and stride describe the file:
/// the time between stored frames is <see cref="TimestepFs"/> × <see cref="Stride"/> (VASP POTIM × the
/// XDATCAR write interval NBLOCK; pymatgen's time_step × step_skip).</summary>
public sealed record MdOptions
{
    public string Species { get; init; } = "Li";
    public required double TimestepFs { get; init; }
    public int Stride { get; init; } = 1;
    public double? TemperatureK { get; init; }
    public double? FitStartPs { get; init; }
    public double? FitEndPs { get; init; }
    public DriftCorrection Drift { get; init; } = DriftCorrection.FrameworkCentreOfMass;
    public int SkipFrames { get; init; }
    /// <summary>Carrier charge in e (default: the element's common oxidation state, 1 for Li).</summary>
    public double? Charge { get; init; }
    public int MaxFitPoints { get; init; } = DiffusivityFitter.DefaultMaxFitPoints;
    /// <summary>Independent blocks for the block-average cross-check of D (0 = off).</summary>
    public int Blocks { get; init; } = 4;

    public double FrameIntervalFs => TimestepFs * Stride;

    public void Validate()
    {
        if (!(TimestepFs > 0) || !double.IsFinite(TimestepFs)) throw new NitrolyteInputException($"time step {TimestepFs} fs must be positive");
        if (Stride < 1) throw new NitrolyteInputException($"stride {Stride} must be ≥ 1");
        if (TemperatureK is { } t && (!(t > 0) || !double.IsFinite(t))) throw new NitrolyteInputException($"temperature {t} K must be positive and finite");
        if (Charge is { } q && (q == 0 || !double.IsFinite(q))) throw new NitrolyteInputException($"carrier charge {q} e must be non-zero and finite");
        if (SkipFrames < 0) throw new NitrolyteInputException("skip frames must be ≥ 0");
    }
}

/// <summary>Everything the MSD analysis of one trajectory gives.</summary>
public sealed class MdAnalysisResult
{
    public required string Species { get; init; }
    public required MdOptions Options { get; init; }
    public required int IonCount { get; init; }
    public required int FrameCount { get; init; }
    public required double VolumeA3 { get; init; }
    public required bool VariableCell { get; init; }
    public required double MaxFrameStepA { get; init; }
    public required MsdResult Msd { get; init; }
    public required DiffusivityResult Tracer { get; init; }
    public required DiffusivityResult[] Directional { get; init; }
    public required DiffusivityResult Collective { get; init; }
    public required double Charge { get; init; }
    public double? ConductivitySPerCm { get; init; }
    public double? ConductivityStdErrSPerCm { get; init; }
    public double? CollectiveConductivitySPerCm { get; init; }
    public double? CollectiveConductivityStdErrSPerCm { get; init; }
    public double HavenRatio => Tracer.DCm2PerS / Collective.DCm2PerS;
    public double HavenRatioStdErr => Math.Abs(HavenRatio) * Math.Sqrt(Math.Pow(Tracer.DStdErrCm2PerS / Tracer.DCm2PerS, 2) + Math.Pow(Collective.DStdErrCm2PerS / Collective.DCm2PerS, 2));
    /// <summary>False when the Haven ratio is not determined by the trajectory: its standard error is at least its value,
    /// or the collective diffusivity is not positive (the collective MSD of a short run is too noisy).</summary>
    public bool HavenRatioDetermined => IsHavenDetermined(HavenRatio, HavenRatioStdErr, Collective.DCm2PerS);
    /// <summary>"0.45 ± 0.05", or "not determined (SE 52.98 > value 4.57)" when <see cref="HavenRatioDetermined"/> is false.</summary>
    public string HavenRatioText => DescribeHaven(HavenRatio, HavenRatioStdErr, Collective.DCm2PerS, Collective.DStdErrCm2PerS);

    public static bool IsHavenDetermined(double value, double stdErr, double collectiveD) =>
        collectiveD > 0 && double.IsFinite(value) && value > 0 && stdErr < value;

    public static string DescribeHaven(double value, double stdErr, double collectiveD, double collectiveStdErr) =>
        IsHavenDetermined(value, stdErr, collectiveD) ? $"{value:0.00} ± {stdErr:0.00}"
        : collectiveD > 0 && double.IsFinite(stdErr) ? $"not determined (SE {stdErr:0.00} > value {value:0.00})"
        : $"not determined (collective D {collectiveD:0.0e+0} ± {collectiveStdErr:0.0e+0} cm²/s is not positive)";
    public required Provenance Provenance { get; init; }
    /// <summary>Model-free cross-check: D fitted separately in independent consecutive blocks of the trajectory.</summary>
    public BlockAverage? Blocks { get; init; }
    public double DurationPs => (FrameCount - 1) * Options.FrameIntervalFs / 1000.0;
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Block averaging: the trajectory is cut into <c>Count</c> consecutive blocks, each block's all-origin MSD is fitted
/// by ordinary least squares over the same relative window (10–50 % of the block), and
/// D = mean, SE = SD/√Count. Independent of any covariance model, but coarse (few blocks, short windows).
/// </summary>
public sealed record BlockAverage(int Count, double DCm2PerS, double DStdErrCm2PerS, double[] BlockDCm2PerS)
{
    public static BlockAverage? Compute(DisplacementSet set, int[] ions, double frameIntervalFs, int count)
    {
        if (count < 2 || set.FrameCount / count < 20) return null;
        int len = set.FrameCount / count;
        var ds = new double[count];
        for (int b = 0; b < count; b++)
        {
            var msd = MsdCalculator.Compute(set, frameIntervalFs, ions, b * len, len);
            var w = DiffusivityFitter.Window(len, frameIntervalFs, null, null);
            var lags = DiffusivityFitter.FitLags(w, 200);
            var fit = Numerics.LinearFit.Fit(lags.Select(l => (double)l).ToArray(), lags.Select(l => msd.Total[l]).ToArray());
            ds[b] = fit.Slope * DiffusivityFitter.A2PerFsToCm2PerS / (6 * frameIntervalFs);
        }
        double mean = ds.Average();
        double sd = Math.Sqrt(ds.Sum(d => (d - mean) * (d - mean)) / (count - 1));
        return new BlockAverage(count, mean, sd / Math.Sqrt(count), ds);
    }
}

/// <summary>
/// The MSD analysis pipeline: stream frames into per-ion displacement series of the selected species only
/// (unwrapped, drift-corrected), FFT MSD (tracer per direction and collective), GLS diffusivities over the fit
/// window, Nernst–Einstein conductivities and the Haven ratio.
/// </summary>
public static class MdAnalysis
{
    public static MdAnalysisResult Run(ITrajectorySource source, MdOptions o, IProgress<int>? progress = null)
    {
        o.Validate();
        var set = DisplacementCollector.Collect(source, [o.Species], o.Drift, o.SkipFrames, progress: progress);
        return Run(set, o, [source.Path], source.Format);
    }

    public static MdAnalysisResult Run(DisplacementSet set, MdOptions o, IReadOnlyList<string>? files = null, string format = "")
    {
        o.Validate();
        var ions = set.IonsOf(o.Species);
        if (ions.Length == 0) throw new NitrolyteInputException($"no {o.Species} in the trajectory");
        double dtFs = o.FrameIntervalFs;
        var msd = MsdCalculator.Compute(set, dtFs, ions);
        var window = DiffusivityFitter.Window(set.FrameCount, dtFs, o.FitStartPs, o.FitEndPs);
        var tracer = DiffusivityFitter.Fit(msd.Total, dtFs, ions.Length, 3, window, o.MaxFitPoints);
        var directional = Enumerable.Range(0, 3).Select(d => DiffusivityFitter.Fit(msd.Directional[d], dtFs, ions.Length, 1, window, o.MaxFitPoints)).ToArray();
        // collective MSD = |Σ Δr|² / N: for uncorrelated ions Σ Δr is one walker with N times the step variance,
        // and after the 1/N scaling its covariance is that of a single walker with the fitted slope.
        var collective = DiffusivityFitter.Fit(msd.Collective, dtFs, 1, 3, window, o.MaxFitPoints);
        double charge = o.Charge ?? NernstEinstein.DefaultCharge(o.Species);
        double vol = set.AverageLattice.VolumeA3;
        double? f = o.TemperatureK is { } t ? NernstEinstein.Factor(ions.Length, vol, charge, t) : null;
        var warnings = new List<string>();
        double minWidth = MinPerpendicularWidth(set.AverageLattice);
        if (set.MaxFrameStepA > 0.4 * minWidth)
            warnings.Add($"an atom moved {set.MaxFrameStepA:0.00} Å between two frames (cell width {minWidth:0.00} Å): minimum-image unwrapping may be wrong; use more frequent frames");
        if (tracer.DCm2PerS <= 0) warnings.Add("the fitted MSD slope is not positive: no diffusion detected in the fit window");
        if (tracer.StdErrScaledByChiSquared) warnings.Add($"reduced χ² = {tracer.ReducedChiSquared:0.0}: the MSD scatters more than the random-walk covariance model expects (correlated ions, few hops or vibrations); the standard error was multiplied by √χ² = {Math.Sqrt(tracer.ReducedChiSquared):0.0}, and D may depend on the fit window");
        var blocks = BlockAverage.Compute(set, ions, dtFs, o.Blocks);
        var prov = Provenance.Of("md-msd", files ?? [],
            ("format", format), ("species", o.Species), ("timestep_fs", o.TimestepFs), ("stride", o.Stride), ("temperature_k", o.TemperatureK),
            ("fit_start_ps", window.StartPs), ("fit_end_ps", window.EndPs), ("drift", o.Drift), ("skip_frames", o.SkipFrames),
            ("charge_e", charge), ("max_fit_points", o.MaxFitPoints));
        return new MdAnalysisResult
        {
            Species = o.Species, Options = o, IonCount = ions.Length, FrameCount = set.FrameCount, VolumeA3 = vol,
            VariableCell = set.VariableCell, MaxFrameStepA = set.MaxFrameStepA, Msd = msd, Tracer = tracer, Directional = directional,
            Collective = collective, Charge = charge,
            ConductivitySPerCm = f * tracer.DCm2PerS, ConductivityStdErrSPerCm = f * tracer.DStdErrCm2PerS,
            CollectiveConductivitySPerCm = f * collective.DCm2PerS, CollectiveConductivityStdErrSPerCm = f * collective.DStdErrCm2PerS,
            Provenance = prov, Warnings = warnings, Blocks = blocks,
        };
    }

    /// <summary>Smallest distance between opposite faces of the cell, Å.</summary>
    public static double MinPerpendicularWidth(Structures.Lattice l) =>
        Enumerable.Range(0, 3).Select(i =>
        {
            var inv = l.InverseMatrix; // columns of the inverse are the reciprocal vectors (without 2π)
            double nx = inv[0, i], ny = inv[1, i], nz = inv[2, i];
            return 1.0 / Math.Sqrt(nx * nx + ny * ny + nz * nz);
        }).Min();
}
