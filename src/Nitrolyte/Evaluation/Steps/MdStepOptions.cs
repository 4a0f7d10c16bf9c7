using Nitrolyte.Core;
using Nitrolyte.Dynamics;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of an MD item (<see cref="MdStep"/>), parsed once from the manifest: species (default Li),
/// temperatures_k (one per file) or temperature_k, drift (framework-com | framework-centroid | cell-centroid | none),
/// format, lammps_types, timestep_fs, stride, fit_start_ps, fit_end_ps, charge, skip_frames, vanhove (default true),
/// vanhove_origins, vanhove_lag_step, vanhove_rmax_a (default 8), density (default true), density_spacing_a (default 0.5).</summary>
public sealed record MdStepOptions
{
    /// <summary>The keys an MD item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["charge", "density", "density_spacing_a", "drift", "fit_end_ps", "fit_start_ps", "format", "lammps_types", "skip_frames", "species", "stride", "temperature_k", "temperatures_k", "timestep_fs", "vanhove", "vanhove_lag_step", "vanhove_origins", "vanhove_rmax_a"];

    public string Species { get; init; } = "Li";
    /// <summary>One temperature (K) per file, in file order (temperature_k repeated for every file); null = from the files.</summary>
    public IReadOnlyList<double>? TemperaturesK { get; init; }
    public DriftCorrection Drift { get; init; } = DriftCorrection.FrameworkCentreOfMass;
    public string? Format { get; init; }
    public IReadOnlyList<string>? LammpsTypes { get; init; }
    /// <summary>null = from the file (pymatgen diffusion JSON) or refused by the step.</summary>
    public double? TimestepFs { get; init; }
    public int? Stride { get; init; }
    public double? FitStartPs { get; init; }
    public double? FitEndPs { get; init; }
    public double? Charge { get; init; }
    public int SkipFrames { get; init; }
    public bool VanHove { get; init; } = true;
    public int? VanHoveOrigins { get; init; }
    public int? VanHoveLagStep { get; init; }
    public double VanHoveRMaxA { get; init; } = 8;
    public bool Density { get; init; } = true;
    public double DensitySpacingA { get; init; } = 0.5;

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones), values that are not numbers, an
    /// unknown drift and a temperature list whose length is not the number of files.</summary>
    public static MdStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var o = entry.Options;
        var temps = ManifestValues.DoubleArray(o, "temperatures_k") ?? (ManifestValues.Double(o, "temperature_k") is { } t1 ? Enumerable.Repeat(t1, entry.Files.Count).ToArray() : null);
        if (temps is not null && temps.Length != entry.Files.Count)
            throw new NitrolyteInputException($"{entry.DisplayName}: temperatures_k lists {temps.Length} temperatures for {entry.Files.Count} files");
        var drift = (ManifestValues.String(o, "drift") ?? "framework-com") switch
        {
            "framework-centroid" => DriftCorrection.FrameworkCentroid, "cell-centroid" => DriftCorrection.CellCentroid, "none" => DriftCorrection.None,
            "framework-com" => DriftCorrection.FrameworkCentreOfMass,
            var x => throw new NitrolyteInputException($"{entry.DisplayName}: unknown drift '{x}'"),
        };
        return new MdStepOptions
        {
            Species = ManifestValues.String(o, "species") ?? "Li", TemperaturesK = temps, Drift = drift,
            Format = ManifestValues.String(o, "format"),
            LammpsTypes = ManifestValues.String(o, "lammps_types")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            TimestepFs = ManifestValues.Double(o, "timestep_fs"), Stride = (int?)ManifestValues.Double(o, "stride"),
            FitStartPs = ManifestValues.Double(o, "fit_start_ps"), FitEndPs = ManifestValues.Double(o, "fit_end_ps"),
            Charge = ManifestValues.Double(o, "charge"), SkipFrames = (int)(ManifestValues.Double(o, "skip_frames") ?? 0),
            VanHove = ManifestValues.Bool(o, "vanhove") ?? true,
            VanHoveOrigins = (int?)ManifestValues.Double(o, "vanhove_origins"), VanHoveLagStep = (int?)ManifestValues.Double(o, "vanhove_lag_step"),
            VanHoveRMaxA = ManifestValues.Double(o, "vanhove_rmax_a") ?? 8,
            Density = ManifestValues.Bool(o, "density") ?? true, DensitySpacingA = ManifestValues.Double(o, "density_spacing_a") ?? 0.5,
        };
    }
}
