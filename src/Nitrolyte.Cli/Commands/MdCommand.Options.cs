using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>The options every `md` command shares (species, time step, stride, format, drift, frame reading).</summary>
public static partial class MdCommand
{
    internal sealed class Common
    {
        public readonly Option<string> Species = new("--species") { Description = "Mobile species (element symbol).", DefaultValueFactory = _ => "Li" };
        public readonly Option<double?> Timestep = new("--timestep-fs") { Description = "MD time step in fs (VASP POTIM; XDATCAR, extended XYZ and LAMMPS dumps do not record it). Required, except for pymatgen JSON." };
        public readonly Option<int?> Stride = new("--stride") { Description = "MD steps between stored frames (XDATCAR NBLOCK, pymatgen step_skip); frame interval = timestep × stride. Default 1 (pymatgen JSON: the file's). A wrong stride scales D by the same factor." };
        public readonly Option<string?> Format = new("--format") { Description = $"Trajectory format: {string.Join(", ", TrajectoryReader.Formats)} (default: from the name/content; .gz is read transparently)." };
        public readonly Option<string?> LammpsTypes = new("--lammps-types") { Description = "Element of each LAMMPS atom type, comma-separated (type 1, 2, ...), when the dump has no element column." };
        public readonly Option<string> Drift = new("--drift") { Description = "Drift removal: framework-com (mass-weighted centre of the immobile atoms, default), framework-centroid (pymatgen), cell-centroid (all atoms, unweighted) or none.", DefaultValueFactory = _ => "framework-com" };
        public readonly Option<int> Skip = new("--skip-frames") { Description = "Drop this many frames at the start (equilibration).", DefaultValueFactory = _ => 0 };

        public void AddTo(Command c) { c.Add(Species); c.Add(Timestep); c.Add(Stride); c.Add(Format); c.Add(LammpsTypes); c.Add(Drift); c.Add(Skip); }

        public ITrajectorySource Open(ParseResult p, string path)
        {
            var types = p.GetValue(LammpsTypes) is { } t ? t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
            return TrajectoryReader.Open(path, p.GetValue(Format), types);
        }

        public DriftCorrection DriftMode(ParseResult p) => p.GetValue(Drift)!.ToLowerInvariant() switch
        {
            "framework-com" or "com" => DriftCorrection.FrameworkCentreOfMass,
            "framework-centroid" or "centroid" => DriftCorrection.FrameworkCentroid,
            "cell-centroid" => DriftCorrection.CellCentroid,
            "none" => DriftCorrection.None,
            var x => throw new UsageException($"--drift: unknown mode '{x}' (framework-com, framework-centroid, cell-centroid, none)"),
        };

        public (double Timestep, int Stride) Timing(ParseResult p, ITrajectorySource src)
        {
            var pj = src as PymatgenDiffusionJsonReader;
            double ts = p.GetValue(Timestep) ?? pj?.TimeStepFs ?? throw new UsageException("--timestep-fs is required (the MD time step in fs)");
            int stride = p.GetValue(Stride) ?? pj?.StepSkip ?? 1;
            if (!(ts > 0)) throw new UsageException("--timestep-fs must be positive");
            if (stride < 1) throw new UsageException("--stride must be ≥ 1");
            return (ts, stride);
        }

        public DisplacementSet Collect(ParseResult p, ITrajectorySource src, IReadOnlyCollection<string> selected, IReadOnlyCollection<string>? mobile = null)
        {
            // synchronous (Progress<T> posts to the thread pool and could print after an error line), and the
            // progress line is always ended, so an error message starts on its own line
            var progress = new FrameProgress(Path.GetFileName(src.Path));
            try { return InFile(src.Path, () => DisplacementCollector.Collect(src, selected, DriftMode(p), p.GetValue(Skip), mobile, progress)); }
            finally { progress.End(); }
        }
    }

    /// <summary>--pymatgen: the DiffusionAnalyzer smoothing mode by name, or a usage error.</summary>
    private static PymatgenSmoothing PymatgenMode(string mode) => mode.ToLowerInvariant() switch
    {
        "max" => PymatgenSmoothing.Max, "constant" => PymatgenSmoothing.Constant, "none" or "false" => PymatgenSmoothing.None,
        _ => throw new UsageException($"--pymatgen: unknown mode '{mode}' (max, constant, none)"),
    };

    /// <summary>Prefixes analysis errors (too few frames, species absent, empty fit window) with the file they concern.</summary>
    internal static T InFile<T>(string path, Func<T> f)
    {
        try { return f(); }
        catch (NitrolyteInputException e) { throw new NitrolyteInputException($"{path}: {e.Message}", e); }
    }

    private sealed class FrameProgress(string name) : IProgress<int>
    {
        private bool _written;
        public void Report(int n) { Console.Error.Write($"\r{name}: {n} frames read"); _written = true; }
        public void End() { if (_written) Console.Error.WriteLine(); }
    }
}
