using BenchmarkDotNet.Attributes;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Electrostatics;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// The ordering hot path (seed 002): Ewald energies of random Li54N12Cl18 decorations of the 2x2x2 Li9N2Cl3
/// supercell through the precomputed matrix, the matrix itself, a swap move, and an XRD pattern of LGPS (j8q.cif).
/// pymatgen comparison: bench/scripts/structure_pymatgen_timing.py.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class StructureBenchmarks
{
    private const int Batch = 1000;
    private DecorationModel _model = null!;
    private double[] _q = [];
    private int[] _anion = [], _li = [];
    private int[][] _pools = [];
    private Random _rng = new(1);
    private Structure _lgps = null!;
    private Structure _supercell = null!;
    private double[] _phi = [];

    [GlobalSetup]
    public void Setup()
    {
        var s = OxidationStates.Assign(Prototypes.Get("Li9N2Cl3"));
        _supercell = s.Supercell(2, 2, 2);
        var pos = _supercell.Sites.Select(x => (x.FracA, x.FracB, x.FracC)).ToArray();
        _model = new DecorationModel(pos.Length, Ewald.BuildMatrix(_supercell.Lattice, pos).TotalMatrixEV());
        _anion = Enumerable.Range(0, pos.Length).Where(i => _supercell.Sites[i].Species.Any(sp => sp.Element == "N")).ToArray();
        _li = Enumerable.Range(0, pos.Length).Where(i => _supercell.Sites[i].Species[0].Element == "Li").ToArray();
        // Li54N12Cl18: 32 anion sites (12 N, 18 Cl, 2 vacant), 64 Li sites (54 Li, 10 vacant)
        _pools = [Enumerable.Repeat(-3.0, 12).Concat(Enumerable.Repeat(-1.0, 18)).Concat(Enumerable.Repeat(0.0, 2)).Select(x => (int)x).ToArray(),
                  Enumerable.Repeat(1, 54).Concat(Enumerable.Repeat(0, 10)).ToArray()];
        _q = new double[pos.Length];
        Decorate();
        _phi = _model.Potentials(_q);
        var shared = RepositoryPaths.SharedDirectory ?? throw new InvalidOperationException("../shared not found (set NITROLYTE_SHARED)");
        _lgps = CifReader.Read(Path.Combine(shared, "testdata/cif/OBELiX/j8q.cif"));
    }

    private void Decorate()
    {
        Shuffle(_pools[0]);
        Shuffle(_pools[1]);
        for (int k = 0; k < _anion.Length; k++) _q[_anion[k]] = _pools[0][k];
        for (int k = 0; k < _li.Length; k++) _q[_li[k]] = _pools[1][k];
    }

    private void Shuffle(int[] a)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = _rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    /// <summary>A new random decoration and its Ewald energy (what `nitrolyte order` does per sample).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public double RandomDecorationEnergy()
    {
        double sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            Decorate();
            sum += _model.Energy(_q);
        }
        return sum;
    }

    /// <summary>Energy change of one Li/vacancy swap (O(1)) plus the O(N) potential update when accepted.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public double SwapMove()
    {
        double sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            int a = _li[_rng.Next(_li.Length)], b = _li[_rng.Next(_li.Length)];
            double qa = _q[a], qb = _q[b];
            if (qa == qb) continue;
            double d = _model.SwapDelta(_phi, a, b, qa, qb);
            _q[a] = qb; _q[b] = qa;
            _model.UpdatePotentials(_phi, a, qb - qa, b, qa - qb);
            sum += d;
        }
        return sum;
    }

    /// <summary>The 96 x 96 Ewald matrix of the supercell (once per ordering run).</summary>
    [Benchmark]
    public EwaldMatrix EwaldMatrix96()
    {
        var pos = _supercell.Sites.Select(x => (x.FracA, x.FracB, x.FracC)).ToArray();
        return Ewald.BuildMatrix(_supercell.Lattice, pos);
    }

    /// <summary>Cu Kα pattern of LGPS (j8q.cif, 62 sites, 0-90°), as pymatgen's XRDCalculator().get_pattern.</summary>
    [Benchmark]
    public DiffractionPattern XrdLgps() => PowderPattern.Compute(_lgps, new DiffractionOptions());
}
