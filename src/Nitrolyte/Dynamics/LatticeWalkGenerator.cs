using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Dynamics;

/// <summary>
/// Synthetic trajectories with a known diffusion coefficient, for tests, calibration and the bundled example:
/// an antifluorite cell (anions on the fcc 4a sites, fixed apart from optional vibration) whose cations
/// random-walk on the simple-cubic 8c sublattice (spacing a/2). Every frame each cation hops to one of its 6
/// neighbours with probability p (non-interacting walkers). Then MSD(t) = p (a/2)² t/Δt exactly and
/// D = p (a/2)² / (6 Δt). With an attempt frequency ν and barrier Ea, p = ν Δt exp(−Ea / kB T).
/// Seeded (System.Random with the given seed), so every output is reproducible.
/// </summary>
public sealed record LatticeWalkOptions
{
    public double LatticeA { get; init; } = 5.458;
    public int Supercell { get; init; } = 2;
    public string Mobile { get; init; } = "Li";
    public string Anion { get; init; } = "S";
    public int Frames { get; init; } = 500;
    /// <summary>Caps: frames, supercell edge and frames × atoms (12 atoms per antifluorite cell; 24 bytes per atom-frame).</summary>
    public const int MaxFrames = 1_000_000;
    public const int MaxSupercell = 20;
    public const long MaxAtomFrames = 20_000_000;
    public double FrameIntervalFs { get; init; } = 100;
    public double HopProbability { get; init; } = 0.3;
    /// <summary>Gaussian vibration (standard deviation per direction, Å) added to every position.</summary>
    public double VibrationA { get; init; }
    public int Seed { get; init; } = 1;

    /// <summary>The exact diffusion coefficient of the walk, cm²/s.</summary>
    public double TrueDCm2PerS => HopProbability * Math.Pow(LatticeA / 2, 2) / (6 * FrameIntervalFs) * 0.1;

    /// <summary>Hop probability per frame for an Arrhenius rate ν exp(−Ea/kBT).</summary>
    public static double ArrheniusHopProbability(double attemptHz, double eaEV, double temperatureK, double frameIntervalFs) =>
        Math.Min(1, attemptHz * frameIntervalFs * 1e-15 * Math.Exp(-eaEV / (PhysicalConstants.BoltzmannEVPerK * temperatureK)));
}

public static class LatticeWalkGenerator
{
    public static InMemoryTrajectory Generate(LatticeWalkOptions o)
    {
        if (o.Supercell < 1 || o.Frames < 2 || o.HopProbability < 0 || o.HopProbability > 1)
            throw new NitrolyteInputException("lattice walk: supercell ≥ 1, frames ≥ 2 and 0 ≤ hop probability ≤ 1 are required");
        if (o.Supercell > LatticeWalkOptions.MaxSupercell)
            throw new NitrolyteInputException($"lattice walk: --supercell {o.Supercell} is more than the cap of {LatticeWalkOptions.MaxSupercell}");
        if (o.Frames > LatticeWalkOptions.MaxFrames)
            throw new NitrolyteInputException($"lattice walk: --frames {o.Frames} is more than the cap of {LatticeWalkOptions.MaxFrames:N0}");
        long atoms = 12L * o.Supercell * o.Supercell * o.Supercell;
        if (atoms * o.Frames > LatticeWalkOptions.MaxAtomFrames)
            throw new NitrolyteInputException($"lattice walk: {o.Frames:N0} frames × {atoms:N0} atoms is more than the cap of {LatticeWalkOptions.MaxAtomFrames:N0} atom-frames (about {LatticeWalkOptions.MaxAtomFrames * 24 / 1e9:0.#} GB of positions); use fewer frames or a smaller supercell");
        int s = o.Supercell;
        double L = o.LatticeA * s;
        var lattice = Lattice.Cubic(L);
        var rng = new Random(o.Seed);
        // anions: fcc 4a
        var anions = new List<(double, double, double)>();
        double[][] fcc = [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0]];
        for (int i = 0; i < s; i++) for (int j = 0; j < s; j++) for (int k = 0; k < s; k++)
            foreach (var f in fcc) anions.Add(((i + f[0]) / s, (j + f[1]) / s, (k + f[2]) / s));
        // cations: 8c = (1/4,1/4,1/4) + simple cubic a/2 grid; integer site coordinates in units of a/2
        int g = 2 * s;
        var sites = new List<int[]>();
        for (int i = 0; i < g; i++) for (int j = 0; j < g; j++) for (int k = 0; k < g; k++) sites.Add([i, j, k]);
        int nm = sites.Count, na = anions.Count;
        var species = Enumerable.Repeat(o.Mobile, nm).Concat(Enumerable.Repeat(o.Anion, na)).ToArray();
        var pos = sites.Select(x => new long[] { x[0], x[1], x[2] }).ToArray(); // unbounded site indices
        var frames = new List<TrajectoryFrame>(o.Frames);
        for (int t = 0; t < o.Frames; t++)
        {
            if (t > 0)
                foreach (var p in pos)
                    if (rng.NextDouble() < o.HopProbability)
                    {
                        int dir = rng.Next(6);
                        p[dir / 2] += dir % 2 == 0 ? 1 : -1;
                    }
            var frac = new double[3 * (nm + na)];
            for (int i = 0; i < nm; i++)
                for (int d = 0; d < 3; d++)
                {
                    double f = (pos[i][d] + 0.5) / g + Vib(rng, o.VibrationA) / L;
                    frac[3 * i + d] = f - Math.Floor(f);
                }
            for (int i = 0; i < na; i++)
            {
                var (a, b, c) = anions[i];
                frac[3 * (nm + i)] = Wrap(a + Vib(rng, o.VibrationA) / L);
                frac[3 * (nm + i) + 1] = Wrap(b + Vib(rng, o.VibrationA) / L);
                frac[3 * (nm + i) + 2] = Wrap(c + Vib(rng, o.VibrationA) / L);
            }
            frames.Add(new TrajectoryFrame { Index = t, Lattice = lattice, Frac = frac });
        }
        return new InMemoryTrajectory($"lattice-walk(seed={o.Seed})", species, frames);
    }

    private static double Wrap(double f) => f - Math.Floor(f);

    private static double Vib(Random rng, double sd) =>
        sd <= 0 ? 0 : Numerics.GaussianSampler.Scaled(rng, sd);
}
