using Nitrolyte.Structures;

namespace Nitrolyte.Dynamics;

/// <summary>
/// One frame of a trajectory: the cell and the fractional coordinates of every atom (a, b, c of atom i at
/// 3i, 3i+1, 3i+2). Fractional coordinates may lie outside [0, 1) (unwrapped files); <see cref="IsUnwrapped"/>
/// says whether the file stored positions already unwrapped across the periodic boundaries.
/// </summary>
public sealed class TrajectoryFrame
{
    public required int Index { get; init; }
    public required Lattice Lattice { get; init; }
    public required double[] Frac { get; init; }
    public bool IsUnwrapped { get; init; }
    public int AtomCount => Frac.Length / 3;

    public (double X, double Y, double Z) Cartesian(int atom) =>
        Lattice.ToCartesian(Frac[3 * atom], Frac[3 * atom + 1], Frac[3 * atom + 2]);
}

/// <summary>
/// A trajectory read as a stream: the species of every atom (known from the header or the first frame) and
/// the frames, enumerated lazily so a file never has to fit in memory. Time step and stride are options of the
/// analysis (the files rarely carry them reliably) and are recorded in its results.
/// </summary>
public interface ITrajectorySource : IDisposable
{
    string Path { get; }
    /// <summary>Format name ("xdatcar", "extxyz", "lammps-dump").</summary>
    string Format { get; }
    /// <summary>Element symbol of every atom, in file order.</summary>
    IReadOnlyList<string> Species { get; }
    /// <summary>The frames in file order; enumerate once.</summary>
    IEnumerable<TrajectoryFrame> Frames();
}

/// <summary>A trajectory held in memory (tests, generators, small files).</summary>
public sealed class InMemoryTrajectory(string name, IReadOnlyList<string> species, IReadOnlyList<TrajectoryFrame> frames) : ITrajectorySource
{
    public string Path => name;
    public string Format => "memory";
    public IReadOnlyList<string> Species => species;
    public IReadOnlyList<TrajectoryFrame> FrameList => frames;
    public IEnumerable<TrajectoryFrame> Frames() => frames;
    public void Dispose() { }
}
