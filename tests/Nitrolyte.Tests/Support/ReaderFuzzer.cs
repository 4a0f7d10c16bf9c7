using System.IO.Compression;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Formats;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Library;

namespace Nitrolyte.Tests.Support;

/// <summary>
/// A mutation fuzzer over every reader (issue 14). Seeds are the bundled example files and ../shared/testdata; each
/// case mutates one seed (byte flips, truncation, duplicated / deleted lines, huge numbers, NaN/Inf text, deleted
/// separators, mutations inside gzip members) and runs every reader that reads the unmutated seed. Contract: each
/// case ends in a result or a <see cref="NitrolyteFormatException"/> / <see cref="NitrolyteInputException"/>, never
/// another exception type and never a hang.
/// </summary>
public static class ReaderFuzzer
{
    public sealed record Reader(string Name, Func<string, object?> Run);

    public static readonly Reader[] Readers =
    [
        new("timeseries", p => TimeSeriesReader.Read(p)),
        new("impedance", p => ImpedanceReader.ReadAll(p)),
        new("conductivity", p => ConductivityTableReader.Read(p)),
        new("structure", p => StructureReader.Read(p)),
        new("trajectory", p =>
        {
            using var src = TrajectoryReader.Open(p);
            var frames = new List<Nitrolyte.Dynamics.TrajectoryFrame>();
            foreach (var f in src.Frames()) { frames.Add(f); if (frames.Count >= 2000) break; }
            return frames;
        }),
        new("entries", p => EntryReader.Read(p)),
        new("manifest", p => Manifest.Load(p)),
        new("literature", p => LiteratureDataFile.Load(p)),
    ];

    /// <summary>A description of the first non-finite number in a reader's result (a silent NaN/∞), or null.</summary>
    public static string? NonFinite(object? result)
    {
        static bool Bad(double v) => !double.IsFinite(v);
        switch (result)
        {
            case IReadOnlyList<Nitrolyte.Impedance.ImpedanceSpectrum> spectra:
                foreach (var sp in spectra)
                    for (int i = 0; i < sp.FrequenciesHz.Length; i++)
                        if (Bad(sp.FrequenciesHz[i]) || Bad(sp.Z[i].Real) || Bad(sp.Z[i].Imaginary)) return $"impedance point {i + 1} not finite";
                return null;
            case Nitrolyte.Electrochemistry.TimeSeries ts:
                for (int i = 0; i < ts.TimeS.Length; i++)
                    if (Bad(ts.TimeS[i]) || Bad(ts.VoltageV[i]) || (ts.HasCurrent && Bad(ts.CurrentA[i]))) return $"time-series row {i + 1} not finite";
                return null;
            case ConductivityTable ct:
                foreach (var pt in ct.Points) if (Bad(pt.TemperatureK) || Bad(pt.Value)) return "σ(T) point not finite";
                return null;
            case Nitrolyte.Structures.Structure st:
                foreach (var v in st.Lattice.Matrix) if (Bad(v)) return "lattice not finite";
                foreach (var site in st.Sites) if (Bad(site.FracA) || Bad(site.FracB) || Bad(site.FracC) || site.Species.Any(x => Bad(x.Occupancy))) return $"site {site.Label} not finite";
                return null;
            case List<Nitrolyte.Dynamics.TrajectoryFrame> frames:
                foreach (var f in frames)
                {
                    foreach (var v in f.Lattice.Matrix) if (Bad(v)) return $"frame {f.Index} lattice not finite";
                    if (f.Frac.Any(Bad)) return $"frame {f.Index} position not finite";
                }
                return null;
            case Nitrolyte.Thermodynamics.EntrySet es:
                foreach (var e in es.Entries) if (Bad(e.EnergyEV)) return $"entry {e.Name} energy not finite";
                return null;
            default:
                return null;
        }
    }

    public sealed record Seed(string Path, byte[] Bytes, IReadOnlyList<Reader> Readers);

    public sealed record Failure(string Seed, string Reader, string Mutation, string Kind, string Message);

    public sealed class Summary
    {
        public int Seeds { get; set; }
        public int Cases { get; set; }
        public int Runs { get; set; }
        public int Accepted { get; set; }
        public int Refused { get; set; }
        public List<Failure> Breaks { get; } = [];
        public List<Failure> Hangs { get; } = [];
        public Dictionary<string, int> RunsPerReader { get; } = [];
    }

    /// <summary>The seed files: examples/ and ../shared/testdata (when present), up to <paramref name="maxBytes"/> each.</summary>
    public static IEnumerable<string> SeedFiles(long maxBytes)
    {
        var roots = new List<string>();
        if (RepositoryPaths.RepositoryRoot is { } root) roots.Add(Path.Combine(root, "examples"));
        if (SharedData.Directory is { } shared) roots.Add(Path.Combine(shared, "testdata"));
        foreach (var r in roots.Where(Directory.Exists))
            foreach (var f in Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories).OrderBy(x => x, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(f).ToLowerInvariant();
                if (name.StartsWith("license") || name.StartsWith("readme") || name.EndsWith(".md") || name.EndsWith(".py") || name.EndsWith(".ipynb")
                    || name.EndsWith(".tsv") || name.EndsWith(".png") || name.EndsWith(".pdf") || f.Contains("reference_outputs")) continue;
                if (new FileInfo(f).Length is > 0 and var len && len <= maxBytes) yield return f;
            }
        if (RepositoryPaths.RepositoryRoot is { } rr && File.Exists(Path.Combine(rr, "src", "Nitrolyte", "Data", "literature.csv")))
            yield return Path.Combine(rr, "src", "Nitrolyte", "Data", "literature.csv");
    }

    /// <summary>Each seed with the readers that read it unmutated (a seed no reader reads is dropped).</summary>
    public static List<Seed> LoadSeeds(long maxBytes, string workDir)
    {
        var seeds = new List<Seed>();
        foreach (var f in SeedFiles(maxBytes))
        {
            var bytes = File.ReadAllBytes(f);
            var copy = Path.Combine(workDir, "seed", Path.GetFileName(f));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.WriteAllBytes(copy, bytes);
            var ok = new List<Reader>();
            foreach (var r in Readers)
            {
                if (r.Name == "manifest" && !copy.EndsWith(".yaml")) continue;
                if (r.Name == "literature" && Path.GetFileName(copy) != "literature.csv") continue;
                if (RunWithTimeout(() => r.Run(copy), TimeSpan.FromSeconds(30), out _) is null) ok.Add(r);
            }
            if (ok.Count > 0) seeds.Add(new Seed(f, bytes, ok));
        }
        return seeds;
    }

    /// <summary>Runs <paramref name="cases"/> seeded mutation cases over the seeds.</summary>
    public static Summary Run(IReadOnlyList<Seed> seeds, int cases, int seed, string workDir, TimeSpan timeout)
    {
        var s = new Summary { Seeds = seeds.Count };
        var rng = new Random(seed);
        var dir = Path.Combine(workDir, "case");
        Directory.CreateDirectory(dir);
        for (int c = 0; c < cases; c++)
        {
            var sd = seeds[c % seeds.Count];
            var (bytes, what) = Mutate(sd.Bytes, sd.Path, rng);
            var path = Path.Combine(dir, Path.GetFileName(sd.Path));
            File.WriteAllBytes(path, bytes);
            s.Cases++;
            foreach (var r in sd.Readers)
            {
                s.Runs++;
                s.RunsPerReader[r.Name] = s.RunsPerReader.GetValueOrDefault(r.Name) + 1;
                var outcome = RunWithTimeout(() => r.Run(path), timeout, out var result);
                var label = $"case {c}: {what}";
                switch (outcome)
                {
                    case null when NonFinite(result) is { } nf: s.Breaks.Add(new Failure(sd.Path, r.Name, label, "silent non-finite", nf)); break;
                    case null: s.Accepted++; break;
                    case TimeoutException: s.Hangs.Add(new Failure(sd.Path, r.Name, label, "hang", $"no answer within {timeout.TotalSeconds:0} s")); break;
                    case NitrolyteFormatException or NitrolyteInputException: s.Refused++; break;
                    default: s.Breaks.Add(new Failure(sd.Path, r.Name, label, outcome.GetType().Name, outcome.Message.Split('\n')[0] + " @ " + Frame(outcome))); break;
                }
            }
        }
        return s;
    }

    private static string Frame(Exception e) =>
        (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Nitrolyte.", StringComparison.Ordinal) && !l.Contains("Tests.")) ?? "?";

    private static Exception? RunWithTimeout(Func<object?> a, TimeSpan timeout, out object? result)
    {
        Exception? error = null;
        object? r = null;
        var t = new Thread(() =>
        {
            try { r = a(); }
            catch (Exception e) { error = e; }
        }, 16 << 20) { IsBackground = true };
        t.Start();
        result = null;
        if (!t.Join(timeout)) return new TimeoutException();
        result = r;
        return error;
    }

    private static readonly string[] Hostile = ["1e308", "-1e308", "1e999", "NaN", "nan", "Inf", "-Infinity", "∞", "1e-400", "0", "-0", "99999999999999999999", "1,5", "--1", ""];

    /// <summary>One mutation of the seed; gzip members are mutated inside (and re-compressed) half of the time.</summary>
    public static (byte[] Bytes, string What) Mutate(byte[] seed, string path, Random rng)
    {
        bool gz = seed.Length > 2 && seed[0] == 0x1f && seed[1] == 0x8b;
        if (gz && rng.Next(2) == 0)
        {
            using var inner = new MemoryStream();
            using (var g = new GZipStream(new MemoryStream(seed), CompressionMode.Decompress)) g.CopyTo(inner);
            var (m, what) = Mutate(inner.ToArray(), path, rng);
            using var o = new MemoryStream();
            using (var g = new GZipStream(o, CompressionLevel.Fastest, leaveOpen: true)) g.Write(m);
            return (o.ToArray(), "inside gzip: " + what);
        }
        bool text = LooksText(seed);
        int kind = rng.Next(text ? 10 : 3);
        var b = (byte[])seed.Clone();
        switch (kind)
        {
            case 0:
            {
                int n = 1 + rng.Next(8);
                for (int i = 0; i < n; i++) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                return (b, $"{n} bit flip(s)");
            }
            case 1:
            {
                int len = rng.Next(b.Length);
                return (b[..len], $"truncated to {len} bytes");
            }
            case 2:
            {
                int n = 1 + rng.Next(16);
                for (int i = 0; i < n; i++) b[rng.Next(b.Length)] = (byte)rng.Next(256);
                return (b, $"{n} random byte(s)");
            }
        }
        var lines = Encoding.UTF8.GetString(seed).Split('\n').ToList();
        int li = rng.Next(lines.Count);
        switch (kind)
        {
            case 3:
                lines.Insert(li, lines[li]);
                return (Join(lines), $"line {li + 1} duplicated");
            case 4:
                lines.RemoveAt(li);
                return (Join(lines), $"line {li + 1} deleted");
            case 5:
            {
                var h = Hostile[rng.Next(Hostile.Length)];
                int replaced = 0;
                for (int k = 0; k < 1 + rng.Next(4); k++)
                {
                    int l = rng.Next(lines.Count);
                    var replacedLine = ReplaceNumber(lines[l], h, rng);
                    if (replacedLine != lines[l]) { lines[l] = replacedLine; replaced++; }
                }
                return (Join(lines), $"{replaced} number(s) replaced by '{h}'");
            }
            case 6:
            {
                var h = Hostile[rng.Next(Hostile.Length)];
                var all = string.Join('\n', lines.Select(l => ReplaceNumber(l, h, rng, all: true)));
                return (Encoding.UTF8.GetBytes(all), $"every number of many lines replaced by '{h}'");
            }
            case 7:
            {
                char sep = new[] { ',', '\t', ';', ' ', ':' }[rng.Next(5)];
                bool whole = rng.Next(3) == 0;
                if (whole) return (Encoding.UTF8.GetBytes(string.Join('\n', lines).Replace(sep.ToString(), "")), $"every '{Escape(sep)}' deleted");
                lines[li] = lines[li].Replace(sep.ToString(), "");
                return (Join(lines), $"'{Escape(sep)}' deleted on line {li + 1}");
            }
            case 8:
            {
                // a header cell duplicated: the line among the first 60 with the most alphabetic cells
                int h = Enumerable.Range(0, Math.Min(60, lines.Count)).OrderByDescending(k => lines[k].Split(',', '\t', ';').Count(c => c.Any(char.IsLetter))).First();
                var sepChar = lines[h].Contains('\t') ? '\t' : lines[h].Contains(',') ? ',' : ';';
                var cells = lines[h].Split(sepChar);
                if (cells.Length < 2) return (Join(lines), "no header to duplicate a cell in");
                int from = rng.Next(cells.Length), to = rng.Next(cells.Length);
                cells[to] = cells[from];
                lines[h] = string.Join(sepChar, cells);
                return (Join(lines), $"header cell '{cells[from].Trim()}' duplicated on line {h + 1}");
            }
            default:
            {
                // a line of another line's cells, shuffled, or an extra separator
                var other = lines[rng.Next(lines.Count)];
                var cells = other.Split(',', '\t');
                rng.Shuffle(cells);
                lines.Insert(li, string.Join(rng.Next(2) == 0 ? "," : "\t", cells) + (rng.Next(2) == 0 ? ",," : ""));
                return (Join(lines), $"shuffled line inserted at {li + 1}");
            }
        }
    }

    private static string Escape(char c) => c == '\t' ? "\\t" : c.ToString();

    private static byte[] Join(List<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines));

    private static bool LooksText(byte[] b)
    {
        int n = Math.Min(b.Length, 4096), bad = 0;
        for (int i = 0; i < n; i++) if (b[i] == 0 || (b[i] < 9)) bad++;
        return bad == 0;
    }

    private static string ReplaceNumber(string line, string with, Random rng, bool all = false)
    {
        var m = System.Text.RegularExpressions.Regex.Matches(line, @"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?");
        if (m.Count == 0) return line;
        if (all) return System.Text.RegularExpressions.Regex.Replace(line, @"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", with);
        var pick = m[rng.Next(m.Count)];
        return line[..pick.Index] + with + line[(pick.Index + pick.Length)..];
    }

    public static string Report(Summary s)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{s.Seeds} seeds, {s.Cases} cases, {s.Runs} reader runs: {s.Accepted} accepted, {s.Refused} refused, {s.Breaks.Count} contract breaks, {s.Hangs.Count} hangs");
        sb.AppendLine("runs per reader: " + string.Join(", ", s.RunsPerReader.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        foreach (var g in s.Breaks.Concat(s.Hangs).GroupBy(f => (f.Reader, f.Kind, Where: f.Message.Length > 90 ? f.Message[..90] : f.Message)))
            sb.AppendLine($"  {g.Count(),4} × {g.Key.Reader} {g.Key.Kind}: {g.Key.Where}  (e.g. {Path.GetFileName(g.First().Seed)}, {g.First().Mutation})");
        return sb.ToString();
    }
}
