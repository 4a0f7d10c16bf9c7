using System.CommandLine;
using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Impedance;

namespace Nitrolyte.Cli.Commands;

/// <summary>The options `eis fit|series|compare` share (circuit, weighting, geometry, point exclusion, start values).</summary>
public static partial class EisCommand
{
    // ------------------------------------------------------------------ shared options

    internal sealed class Common
    {
        public Option<string> Circuit = new("--circuit") { Description = CircuitHelp, Required = true };
        public Option<string> Weighting = new("--weighting") { Description = "Residual weighting: unit (ΔZ in Ohm), proportional (ΔZ'/|Z'|, ΔZ''/|Z''|), modulus (ΔZ/|Z_data|, default) or boukamp (ΔZ/|Z_model|).", DefaultValueFactory = _ => "modulus" };
        public Option<double?> FMin = new("--fmin") { Description = "Ignore points below this frequency (Hz)." };
        public Option<double?> FMax = new("--fmax") { Description = "Ignore points above this frequency (Hz)." };
        public Option<bool> Capacitive = new("--capacitive-only") { Description = "Drop points with Z'' > 0 (inductive tail) before fitting." };
        public Option<double?> ThicknessMm = new("--thickness-mm") { Description = "Pellet thickness L (mm). With --diameter-mm or --area-cm2: σ = L/(R A) for bulk, grain boundary and total (arcs assigned by their capacitance), or the interface ASR with --cell symmetric." };
        public Option<double?> DiameterMm = new("--diameter-mm") { Description = "Electrode diameter (mm), for the area A = π d²/4; or give --area-cm2." };
        public Option<double?> AreaCm2 = new("--area-cm2") { Description = "Electrode area (cm²)." };
        public Option<double?> Density = new("--relative-density") { Description = "Relative density of the pellet (0-1), recorded with the result." };
        public Option<string> Cell = new("--cell") { Description = "blocking (Au|SE|Au, default) or symmetric (Li|SE|Li: ASR = R A / 2).", DefaultValueFactory = _ => "blocking" };
        public Option<string?> Initial = new("--initial") { Description = "Optional starting values, e.g. R1=1e4,CPE1_1=0.9 (names as in the circuit; the others are guessed from the spectrum)." };
        public Option<string?> Fixed = new("--fixed") { Description = "Parameters held constant, e.g. CPE2_1=0.85." };
        public Option<string?> Bounds = new("--bounds") { Description = "Bounds, e.g. R1=0:1e5,CPE1_1=0.6:1 (defaults: > 0, exponents in (0, 1])." };
        public Option<int> MultiStart = new("--multistart") { Description = "Random starts around the automatic guess (default 24; at most 1000).", DefaultValueFactory = _ => 24 };
        public Option<int> Seed = new("--seed") { Description = "Seed of the multi-start (default 1).", DefaultValueFactory = _ => 1 };
        public Option<string?> Columns = ColumnsOption.Create(ColumnsExample);
        public Exclusion Exclude = new();

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Circuit, Weighting, FMin, FMax, Capacitive, ThicknessMm, DiameterMm, AreaCm2, Density, Cell, Initial, Fixed, Bounds, MultiStart, Seed, Columns }) c.Add(o);
            Exclude.AddTo(c);
        }

        public Impedance.Circuit ParseCircuit(ParseResult p) => Impedance.Circuit.Parse(p.GetValue(Circuit)!);

        public CircuitFitOptions FitOptions(ParseResult p) => FitOptions(p, ParseCircuit(p));

        public CircuitFitOptions FitOptions(ParseResult p, Impedance.Circuit circuit)
        {
            var o = new CircuitFitOptions
            {
                Weighting = WeightingNames.Parse(p.GetValue(Weighting)!),
                Initial = ParseAssignments(p.GetValue(Initial), "--initial"),
                Fixed = ParseAssignments(p.GetValue(Fixed), "--fixed"),
                Bounds = ParseBounds(p.GetValue(Bounds)),
                MultiStart = p.GetValue(MultiStart),
                Seed = p.GetValue(Seed),
            };
            try { CircuitFitOptions.CheckRanges(circuit, o); }
            catch (NitrolyteInputException e) { throw new UsageException("--" + e.Message); }
            return o;
        }

        /// <summary>The spectrum as read with the points left out by --exclude, --exclude-points, --fmin/--fmax and --capacitive-only.</summary>
        public SpectrumSelection Select(ImpedanceSpectrum s, ParseResult p)
        {
            var fmin = p.GetValue(FMin); var fmax = p.GetValue(FMax);
            if (fmin is { } lo && fmax is { } hi && lo > hi) throw new UsageException($"--fmin {lo.ToString(Inv)} Hz is above --fmax {hi.ToString(Inv)} Hz");
            if (fmin is < 0 || fmax is <= 0) throw new UsageException("--fmin and --fmax are frequencies in Hz and must be positive");
            bool cap = p.GetValue(Capacitive);
            return Exclude.Select(s, p, i => (fmin is { } a && s.FrequenciesHz[i] < a) || (fmax is { } b && s.FrequenciesHz[i] > b) || (cap && s.Z[i].Imaginary >= 0));
        }

        public PelletGeometry? Geometry(ParseResult p)
        {
            var t = p.GetValue(ThicknessMm);
            var d = p.GetValue(DiameterMm);
            var a = p.GetValue(AreaCm2);
            if (t is null && d is null && a is null) return null;
            if (t is null) throw new UsageException("--thickness-mm is needed with --diameter-mm/--area-cm2");
            if (d is null && a is null) throw new UsageException("give --diameter-mm or --area-cm2 with --thickness-mm");
            return PelletGeometry.FromMm(t.Value, d, a, p.GetValue(Density));
        }

        public CellType CellType(ParseResult p) => p.GetValue(Cell)!.Trim().ToLowerInvariant() switch
        {
            "blocking" => Impedance.CellType.Blocking,
            "symmetric" => Impedance.CellType.Symmetric,
            var x => throw new UsageException($"--cell: '{x}' is not blocking or symmetric"),
        };

        public ImpedanceSpectrum Prepare(ImpedanceSpectrum s, ParseResult p) => Select(s, p).Kept;
    }

    /// <summary>--exclude and --exclude-points (fit, kk, drt, series, compare).</summary>
    internal sealed class Exclusion
    {
        public Option<string?> Ranges = new("--exclude") { Description = "Leave out frequency ranges LOW:HIGH in Hz, comma-separated, either end open: e.g. 0.01:0.1,1e6: (excluded points stay in the outputs, flagged)." };
        public Option<string?> Points = new("--exclude-points") { Description = "Leave out points by number, 1 = first point of the spectrum as read, e.g. 3,17." };

        public void AddTo(Command c) { c.Add(Ranges); c.Add(Points); }

        public PointExclusion Parse(ParseResult p)
        {
            try { return PointExclusion.Parse(p.GetValue(Ranges), p.GetValue(Points)); }
            catch (NitrolyteInputException e) { throw new UsageException(e.Message); }
        }

        public SpectrumSelection Select(ImpedanceSpectrum s, ParseResult p, Func<int, bool>? alsoExclude = null) =>
            SpectrumSelection.Make(s, Parse(p), alsoExclude);
    }

    internal static Dictionary<string, double>? ParseAssignments(string? text, string option) =>
        string.IsNullOrWhiteSpace(text) ? null : ParameterAssignments.Values(text, part => new UsageException($"{option}: '{part}' is not name=value"));

    private static Dictionary<string, (double, double)>? ParseBounds(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : ParameterAssignments.Bounds(text, part => new UsageException($"--bounds: '{part}' is not name=low:high"))
            .ToDictionary(kv => kv.Key, kv => (kv.Value.Lower, kv.Value.Upper), StringComparer.OrdinalIgnoreCase);

    private const string ColumnsExample = "f=Freq/kHz, re=Zre/kOhm, im=-Zim/kOhm";
}
