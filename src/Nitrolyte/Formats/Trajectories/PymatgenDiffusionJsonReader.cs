using System.Text.Json;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// A serialized pymatgen <c>DiffusionAnalyzer</c> (JSON with "structure", "displacements" [atoms][frames][3] in
/// Cartesian Å relative to the structure, "time_step", "step_skip", "temperature", "specie"). Frame i is
/// structure + displacements[:, i] (already unwrapped). This reader loads the whole JSON (the format is not
/// streamable); the recorded time step, step skip and temperature are exposed as defaults for the analysis.
/// </summary>
public sealed class PymatgenDiffusionJsonReader : ITrajectorySource
{
    private readonly Lattice _lattice;
    private readonly double[] _cart0;
    private readonly double[][][] _disp; // [atom][frame][3]
    private readonly string[] _species;

    public string Path { get; }
    public string Format => "pymatgen-json";
    public IReadOnlyList<string> Species => _species;
    public double? TimeStepFs { get; }
    public int? StepSkip { get; }
    public double? TemperatureK { get; }
    public string? MobileSpecies { get; }
    public string? Smoothed { get; }
    public Lattice Lattice => _lattice;

    public PymatgenDiffusionJsonReader(string path)
    {
        Path = path;
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        try
        {
            using var fs = File.OpenRead(path);
            using var doc = JsonDocument.Parse(fs);
            var root = doc.RootElement;
            var st = root.GetProperty("structure");
            var m = st.GetProperty("lattice").GetProperty("matrix");
            var mat = new double[3, 3];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) mat[i, j] = m[i][j].GetDouble();
            _lattice = new Lattice(mat);
            var sites = st.GetProperty("sites");
            int n = sites.GetArrayLength();
            _species = new string[n];
            _cart0 = new double[3 * n];
            int k = 0;
            foreach (var s in sites.EnumerateArray())
            {
                _species[k] = s.GetProperty("species")[0].GetProperty("element").GetString() ?? throw new NitrolyteFormatException(path, $"site {k + 1} has no element");
                var abc = s.GetProperty("abc");
                var (x, y, z) = _lattice.ToCartesian(abc[0].GetDouble(), abc[1].GetDouble(), abc[2].GetDouble());
                _cart0[3 * k] = x; _cart0[3 * k + 1] = y; _cart0[3 * k + 2] = z;
                k++;
            }
            var disp = root.GetProperty("displacements");
            if (disp.GetArrayLength() != n) throw new NitrolyteFormatException(path, $"displacements hold {disp.GetArrayLength()} atoms, the structure {n}");
            _disp = disp.EnumerateArray().Select(a => a.EnumerateArray().Select(f => new[] { f[0].GetDouble(), f[1].GetDouble(), f[2].GetDouble() }).ToArray()).ToArray();
            if (n == 0) throw new NitrolyteFormatException(path, "the structure has no sites");
            if (_disp.Select(a => a.Length).Distinct().Count() != 1) throw new NitrolyteFormatException(path, "atoms have different numbers of frames");
            TimeStepFs = root.TryGetProperty("time_step", out var ts) ? ts.GetDouble() : null;
            StepSkip = root.TryGetProperty("step_skip", out var sk) ? sk.GetInt32() : null;
            TemperatureK = root.TryGetProperty("temperature", out var tk) ? tk.GetDouble() : null;
            MobileSpecies = root.TryGetProperty("specie", out var sp) ? sp.GetString() : null;
            Smoothed = root.TryGetProperty("smoothed", out var sm) ? sm.ToString() : null;
        }
        catch (JsonException e) { throw new NitrolyteFormatException(path, $"invalid JSON: {e.Message}", e.LineNumber + 1); }
        // .NET's messages ("The given key was not present in the dictionary.") do not say what is missing: say what is needed
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new NitrolyteFormatException(path, "not a pymatgen DiffusionAnalyzer JSON: it needs structure.lattice.matrix (3×3 numbers), " +
                "structure.sites[].species[0].element and .abc, and displacements (atoms × frames × 3 numbers)");
        }
    }

    public int FrameCount => _disp[0].Length;

    public IEnumerable<TrajectoryFrame> Frames()
    {
        int n = _species.Length;
        for (int t = 0; t < FrameCount; t++)
        {
            var frac = new double[3 * n];
            for (int i = 0; i < n; i++)
            {
                var d = _disp[i][t];
                var (a, b, c) = _lattice.ToFractional(_cart0[3 * i] + d[0], _cart0[3 * i + 1] + d[1], _cart0[3 * i + 2] + d[2]);
                frac[3 * i] = a; frac[3 * i + 1] = b; frac[3 * i + 2] = c;
            }
            yield return new TrajectoryFrame { Index = t, Lattice = _lattice, Frac = frac, IsUnwrapped = true };
        }
    }

    public void Dispose() { }
}
