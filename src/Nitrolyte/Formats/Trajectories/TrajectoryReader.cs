using Nitrolyte.Dynamics;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>Opens a trajectory file by its name or content: XDATCAR, extended XYZ or LAMMPS dump (each may be gzipped).</summary>
public static class TrajectoryReader
{
    public static readonly string[] Formats = ["xdatcar", "extxyz", "lammps-dump", "pymatgen-json"];

    /// <param name="jobs">cores for the chunked parallel parse of large uncompressed XDATCAR, extended XYZ and LAMMPS
    /// files (null or 1 = serial, the default, as it was not faster on the 2-core test machine; 0 = all cores); the frames
    /// are the same for any value</param>
    public static ITrajectorySource Open(string path, string? format = null, IReadOnlyList<string>? lammpsTypeElements = null, int? jobs = null)
    {
        if (!File.Exists(path)) throw new Core.NitrolyteFormatException(path, "file not found");
        var f = (format ?? Detect(path)).ToLowerInvariant();
        return f switch
        {
            "xdatcar" or "vasp" => new XdatcarReader(path) { Jobs = jobs },
            "extxyz" or "xyz" => new ExtendedXyzReader(path) { Jobs = jobs },
            "lammps-dump" or "lammps" or "dump" => new LammpsDumpReader(path, lammpsTypeElements) { Jobs = jobs },
            "pymatgen-json" or "json" => new PymatgenDiffusionJsonReader(path),
            _ => throw new Core.NitrolyteInputException($"unknown trajectory format '{format}' (use {string.Join(", ", Formats)})"),
        };
    }

    /// <summary>Guesses the format from the file name, then from the first line.</summary>
    public static string Detect(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz")) name = name[..^3];
        if (name.Contains("xdatcar")) return "xdatcar";
        if (name.EndsWith(".json")) return "pymatgen-json";
        if (name.EndsWith(".xyz") || name.EndsWith(".extxyz")) return "extxyz";
        if (name.EndsWith(".lammpstrj") || name.EndsWith(".dump") || name.Contains("dump")) return "lammps-dump";
        using var t = new TextLines(path);
        var first = t.Next() ?? throw new Core.NitrolyteFormatException(path, "empty file", 1);
        if (first.StartsWith("ITEM:", StringComparison.Ordinal)) return "lammps-dump";
        if (int.TryParse(first.Trim(), out _)) return "extxyz";
        return "xdatcar";
    }
}
