using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Dynamics;

/// <summary>How the drift of the whole simulation cell is removed from the mobile ions' displacements.</summary>
public enum DriftCorrection
{
    /// <summary>No correction.</summary>
    None,
    /// <summary>Subtract the mass-weighted centre of mass displacement of the immobile (framework) atoms (default).</summary>
    FrameworkCentreOfMass,
    /// <summary>Subtract the plain average displacement of the framework atoms (what pymatgen's DiffusionAnalyzer does).</summary>
    FrameworkCentroid,
    /// <summary>Subtract the plain average displacement of all atoms, mobile ones included (a whole-cell centroid).</summary>
    CellCentroid,
}

/// <summary>
/// Unwrapped, drift-corrected Cartesian displacements (Å) of the selected atoms relative to the first kept
/// frame, stored as one series per atom and direction (x, y, z): <c>Series[3 * ion + dim][frame]</c>.
/// Peak memory: 8 bytes x 3 x ions x frames (plus doubling slack while streaming); framework atoms are not stored.
/// </summary>
public sealed class DisplacementSet
{
    public required string[] Species { get; init; }
    /// <summary>Indices (in file order) of the stored atoms.</summary>
    public required int[] AtomIndices { get; init; }
    /// <summary>Element of every stored atom.</summary>
    public required string[] AtomSpecies { get; init; }
    public required double[][] Series { get; init; }
    public required int FrameCount { get; init; }
    /// <summary>Cartesian positions (Å) of the stored atoms in the first kept frame (x, y, z per atom).</summary>
    public required double[] InitialCartesian { get; init; }
    /// <summary>Framework drift per frame, Å (x, y, z series), already subtracted from <see cref="Series"/>.</summary>
    public required double[][] Drift { get; init; }
    /// <summary>The cell averaged over all kept frames (for NVT equal to the cell).</summary>
    public required Lattice AverageLattice { get; init; }
    public required bool VariableCell { get; init; }
    public required int TotalAtomCount { get; init; }
    public required DriftCorrection DriftCorrection { get; init; }
    /// <summary>Largest single-frame move of any atom, Å (checks the minimum-image unwrapping assumption).</summary>
    public required double MaxFrameStepA { get; init; }
    /// <summary>Time-averaged, drift-corrected Cartesian positions of every atom (file order), Å: the averaged structure.</summary>
    public required double[] MeanCartesianAll { get; init; }

    public int IonCount => AtomIndices.Length;

    /// <summary>Stored atoms of one element, as indices into the stored set.</summary>
    public int[] IonsOf(string element) => Enumerable.Range(0, IonCount).Where(i => AtomSpecies[i] == element).ToArray();

    /// <summary>Unwrapped, drift-corrected Cartesian position of stored atom <paramref name="ion"/> at frame t, Å.</summary>
    public (double X, double Y, double Z) Position(int ion, int t) => (
        InitialCartesian[3 * ion] + Series[3 * ion][t],
        InitialCartesian[3 * ion + 1] + Series[3 * ion + 1][t],
        InitialCartesian[3 * ion + 2] + Series[3 * ion + 2][t]);
}

/// <summary>
/// Builds a <see cref="DisplacementSet"/> from a stream of frames: unwraps every atom by the minimum image
/// between consecutive frames (exact for any cell shape as long as no atom moves more than half the
/// smallest perpendicular cell width between two frames; the fractional step is rounded to the nearest
/// lattice vector, the Cartesian step uses the current cell), removes the framework drift, and keeps only the
/// selected species. Frames must be consecutive in time; <paramref name="skipFrames"/> drops an equilibration start.
/// </summary>
public sealed class DisplacementCollector
{
    private readonly IReadOnlyList<string> _species;
    private readonly int[] _selected;
    private readonly int[] _framework;
    private readonly double[] _fwMass;
    private readonly DriftCorrection _drift;
    private readonly int _skip;
    private double[]? _prevFrac;
    private double[]? _cum; // cumulative Cartesian displacement of every atom since the first kept frame
    // the series are stored in blocks of BlockFrames frames and copied once into exact-length arrays by Finish (a
    // doubling array copied each series ~2.6 times and held up to 2.6x its final size)
    private const int BlockFrames = 4096;
    private readonly List<double[][]> _blocks = [];
    private readonly int _seriesCount;
    private readonly double[][] _driftSeries = [new double[64], new double[64], new double[64]];
    private double[]? _initialCart;
    private int _count, _seen;
    private readonly double[,] _latSum = new double[3, 3];
    private Lattice? _firstLattice;
    private bool _variable;
    private double _maxStep;
    private double[]? _cart0All, _sumAll;

    /// <param name="species">element of every atom</param>
    /// <param name="selectedSpecies">elements whose displacements are stored (the mobile ions; add a reference species for van Hove)</param>
    /// <param name="mobileSpecies">elements that are not framework (excluded from the drift reference); defaults to the selected ones</param>
    public DisplacementCollector(IReadOnlyList<string> species, IReadOnlyCollection<string> selectedSpecies,
        DriftCorrection drift = DriftCorrection.FrameworkCentreOfMass, int skipFrames = 0, IReadOnlyCollection<string>? mobileSpecies = null)
    {
        _species = species;
        mobileSpecies ??= selectedSpecies;
        _selected = Enumerable.Range(0, species.Count).Where(i => selectedSpecies.Contains(species[i])).ToArray();
        // every requested species must be present (a van Hove reference species that was absent gave all-NaN G_d and exit 0)
        var absent = selectedSpecies.Where(x => !species.Contains(x)).ToArray();
        if (absent.Length > 0)
            throw new NitrolyteInputException($"no atoms of {string.Join(", ", absent)} in the trajectory (it holds {string.Join(", ", species.Distinct())})");
        _framework = drift == DriftCorrection.CellCentroid
            ? Enumerable.Range(0, species.Count).ToArray()
            : Enumerable.Range(0, species.Count).Where(i => !mobileSpecies.Contains(species[i])).ToArray();
        if (drift != DriftCorrection.None && _framework.Length == 0)
            throw new NitrolyteInputException("drift correction needs framework atoms, but every atom is mobile; use drift correction 'none'");
        _fwMass = _framework.Select(i => drift is DriftCorrection.FrameworkCentroid or DriftCorrection.CellCentroid ? 1.0 : Element.FromSymbol(species[i]).AtomicWeightGPerMol).ToArray();
        _drift = drift;
        _skip = Math.Max(0, skipFrames);
        _seriesCount = 3 * _selected.Length;
    }

    public int FrameCount => _count;

    public void Add(TrajectoryFrame f)
    {
        if (f.AtomCount != _species.Count)
            throw new NitrolyteInputException($"frame {f.Index + 1} has {f.AtomCount} atoms, expected {_species.Count}");
        _seen++;
        if (_seen <= _skip) return;
        var lat = f.Lattice;
        var m = lat.Matrix;
        int n = _species.Count;
        if (_prevFrac is null)
        {
            _prevFrac = (double[])f.Frac.Clone();
            _cum = new double[3 * n];
            _initialCart = new double[3 * _selected.Length];
            for (int k = 0; k < _selected.Length; k++)
            {
                var (x, y, z) = f.Cartesian(_selected[k]);
                _initialCart[3 * k] = x; _initialCart[3 * k + 1] = y; _initialCart[3 * k + 2] = z;
            }
            _firstLattice = lat;
            _cart0All = new double[3 * n];
            _sumAll = new double[3 * n];
            for (int i = 0; i < n; i++)
            {
                var (x, y, z) = f.Cartesian(i);
                _cart0All[3 * i] = x; _cart0All[3 * i + 1] = y; _cart0All[3 * i + 2] = z;
            }
        }
        else
        {
            // the cell in locals and the arrays as equal-length spans: no 2D-array indexing or bounds checks per atom
            double m00 = m[0, 0], m01 = m[0, 1], m02 = m[0, 2], m10 = m[1, 0], m11 = m[1, 1], m12 = m[1, 2], m20 = m[2, 0], m21 = m[2, 1], m22 = m[2, 2];
            var prev = _prevFrac.AsSpan(0, 3 * n); var cum = _cum.AsSpan(0, 3 * n); var cur = f.Frac.AsSpan(0, 3 * n);
            bool unwrapped = f.IsUnwrapped;
            double maxStep2 = 0;
            for (int o = 0; o + 2 < cur.Length; o += 3)
            {
                double a0 = cur[o], a1 = cur[o + 1], a2 = cur[o + 2];
                double da = a0 - prev[o], db = a1 - prev[o + 1], dc = a2 - prev[o + 2];
                if (!unwrapped) { da -= Math.Round(da); db -= Math.Round(db); dc -= Math.Round(dc); }
                double dx = da * m00 + db * m10 + dc * m20;
                double dy = da * m01 + db * m11 + dc * m21;
                double dz = da * m02 + db * m12 + dc * m22;
                cum[o] += dx; cum[o + 1] += dy; cum[o + 2] += dz;
                double s2 = dx * dx + dy * dy + dz * dz;
                if (s2 > maxStep2) maxStep2 = s2;
                prev[o] = a0; prev[o + 1] = a1; prev[o + 2] = a2;
            }
            _maxStep = Math.Max(_maxStep, Math.Sqrt(maxStep2));
            if (!_variable && !SameLattice(lat, _firstLattice!)) _variable = true;
        }
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) _latSum[r, c] += m[r, c];
        double gx = 0, gy = 0, gz = 0;
        if (_drift != DriftCorrection.None)
        {
            double wsum = 0;
            for (int j = 0; j < _framework.Length; j++)
            {
                int o = 3 * _framework[j]; double w = _fwMass[j];
                gx += w * _cum![o]; gy += w * _cum[o + 1]; gz += w * _cum[o + 2]; wsum += w;
            }
            gx /= wsum; gy /= wsum; gz /= wsum;
        }
        var sumAll = _sumAll.AsSpan(0, 3 * n); var cumAll = _cum.AsSpan(0, 3 * n);
        for (int o = 0; o + 2 < sumAll.Length; o += 3)
        {
            sumAll[o] += cumAll[o] - gx; sumAll[o + 1] += cumAll[o + 1] - gy; sumAll[o + 2] += cumAll[o + 2] - gz;
        }
        EnsureCapacity(_count + 1);
        _driftSeries[0][_count] = gx; _driftSeries[1][_count] = gy; _driftSeries[2][_count] = gz;
        int t = _count % BlockFrames;
        if (t == 0)
        {
            var block = new double[_seriesCount][];
            for (int i = 0; i < block.Length; i++) block[i] = new double[BlockFrames];
            _blocks.Add(block);
        }
        var series = _blocks[^1];
        for (int k = 0; k < _selected.Length; k++)
        {
            int o = 3 * _selected[k];
            series[3 * k][t] = cumAll[o] - gx;
            series[3 * k + 1][t] = cumAll[o + 1] - gy;
            series[3 * k + 2][t] = cumAll[o + 2] - gz;
        }
        _count++;
    }

    private static bool SameLattice(Lattice a, Lattice b)
    {
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) if (Math.Abs(a.At(r, c) - b.At(r, c)) > 1e-6) return false;
        return true;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _driftSeries[0].Length) return;
        int cap = Math.Max(needed, _driftSeries[0].Length * 2);
        for (int i = 0; i < 3; i++) Array.Resize(ref _driftSeries[i], cap);
    }

    public DisplacementSet Finish()
    {
        if (_count < 2) throw new NitrolyteInputException($"the trajectory has {_count} usable frame(s); at least 2 are needed");
        if (_blocks.Count == 0) throw new InvalidOperationException("Finish was called already");
        var seriesOut = new double[_seriesCount][];
        for (int i = 0; i < seriesOut.Length; i++)
        {
            var x = seriesOut[i] = new double[_count];
            for (int b = 0; b < _blocks.Count; b++)
            {
                int from = b * BlockFrames;
                Array.Copy(_blocks[b][i], 0, x, from, Math.Min(BlockFrames, _count - from));
                _blocks[b][i] = null!; // released as copied: the peak is about one set of series, not two
            }
        }
        _blocks.Clear();
        for (int i = 0; i < 3; i++) Array.Resize(ref _driftSeries[i], _count);
        var avg = new double[3, 3];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) avg[r, c] = _latSum[r, c] / _count;
        return new DisplacementSet
        {
            Species = _species.ToArray(),
            AtomIndices = _selected,
            AtomSpecies = _selected.Select(i => _species[i]).ToArray(),
            Series = seriesOut,
            FrameCount = _count,
            InitialCartesian = _initialCart!,
            Drift = _driftSeries,
            AverageLattice = _variable ? new Lattice(avg) : _firstLattice!,
            VariableCell = _variable,
            TotalAtomCount = _species.Count,
            DriftCorrection = _drift,
            MaxFrameStepA = _maxStep,
            MeanCartesianAll = _cart0All!.Select((c, k) => c + _sumAll![k] / _count).ToArray(),
        };
    }

    /// <summary>Streams a whole source through a collector.</summary>
    public static DisplacementSet Collect(ITrajectorySource source, IReadOnlyCollection<string> selectedSpecies,
        DriftCorrection drift = DriftCorrection.FrameworkCentreOfMass, int skipFrames = 0, IReadOnlyCollection<string>? mobileSpecies = null,
        IProgress<int>? progress = null)
    {
        var c = new DisplacementCollector(source.Species, selectedSpecies, drift, skipFrames, mobileSpecies);
        int read = 0;
        foreach (var f in source.Frames())
        {
            c.Add(f);
            // count frames read (skipped ones too), so skipping does not report "0" once per skipped frame
            if (progress is not null && ++read % 1000 == 0) progress.Report(read);
        }
        return c.Finish();
    }
}
