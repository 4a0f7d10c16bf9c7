using System.Globalization;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;

namespace Nitrolyte.Tests.Dynamics;

/// <summary>
/// Parallel chunked parsing (issue 20) gives exactly the serial parse: generated XDATCAR (constant and variable cell,
/// Direct and Cartesian), extended XYZ and LAMMPS files with random number precision, Windows line endings, tabs and
/// blank lines are cut into tiny ranges (tens to hundreds of bytes, so many cuts fall inside frames or on lines that
/// only look like frame starts) and read on several threads; every frame, cell, step and title must be the same bit
/// for bit, and a bad line must give the same message, line and frame as the serial read.
/// </summary>
public class ChunkedTrajectoryParsingTests
{
    private static readonly string[] Species = ["Li", "Li", "Li", "Li", "Li", "S", "S"];

    private static string Num(double v, Random rng) => rng.Next(4) switch
    {
        0 => v.ToString("F" + rng.Next(3, 9), CultureInfo.InvariantCulture),
        1 => v.ToString("E" + rng.Next(2, 12), CultureInfo.InvariantCulture),
        2 => v.ToString("R", CultureInfo.InvariantCulture),
        _ => (v * 1000).ToString("F4", CultureInfo.InvariantCulture) + "e-3",
    };

    private static string Sep(Random rng) => rng.Next(3) switch { 0 => " ", 1 => "\t", _ => "   " };

    /// <summary>An XDATCAR of <paramref name="frames"/> frames; variable = a header before every configuration.</summary>
    internal static string Xdatcar(int seed, int frames, string eol, bool variable, bool cartesian)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        void Header(double a)
        {
            string s = a.ToString("R", CultureInfo.InvariantCulture);
            sb.Append("generated Li S").Append(eol).Append("1.0").Append(eol);
            sb.Append($"  {s} 0 0{eol}  0.1 {s} 0{eol}  0 0.2 {s}{eol}Li S{eol}5 2{eol}");
        }
        Header(6.0);
        for (int f = 0; f < frames; f++)
        {
            if (variable && f > 0) Header(6.0 + 0.01 * rng.Next(-5, 6));
            if (rng.Next(5) == 0) sb.Append(eol); // a blank line
            sb.Append(cartesian ? "Cartesian" : "Direct").Append(" configuration=").Append(rng.Next(2) == 0 ? " " : "    ").Append(f + 1).Append(eol);
            for (int i = 0; i < Species.Length; i++)
            {
                sb.Append(Sep(rng));
                for (int k = 0; k < 3; k++) sb.Append(Num(cartesian ? rng.NextDouble() * 6 : rng.NextDouble(), rng)).Append(Sep(rng));
                sb.Append(eol);
            }
        }
        return sb.ToString();
    }

    internal static string ExtXyz(int seed, int frames, string eol)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int f = 0; f < frames; f++)
        {
            if (rng.Next(5) == 0) sb.Append(eol);
            sb.Append(rng.Next(2) == 0 ? $"{Species.Length}" : $"  {Species.Length} ").Append(eol);
            sb.Append($"Lattice=\"6 0 0 0 6.5 0 0.3 0 7\" Properties=species:S:1:pos:R:3:forces:R:3 step={f} energy=-1.5{eol}");
            for (int i = 0; i < Species.Length; i++)
            {
                sb.Append(Species[i]);
                for (int k = 0; k < 6; k++) sb.Append(Sep(rng)).Append(Num(rng.NextDouble() * 6, rng));
                sb.Append(eol);
            }
        }
        return sb.ToString();
    }

    internal static string Lammps(int seed, int frames, string eol)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int f = 0; f < frames; f++)
        {
            if (rng.Next(5) == 0) sb.Append(eol);
            sb.Append($"ITEM: TIMESTEP{eol}{f * 10}{eol}ITEM: NUMBER OF ATOMS{eol}{Species.Length}{eol}ITEM: BOX BOUNDS pp pp pp{eol}0 6{eol}-0.5 6{eol}0 7.25{eol}ITEM: ATOMS id element xs ys zs vx{eol}");
            var order = rng.Next(3) == 0 ? Enumerable.Range(0, Species.Length).Reverse() : Enumerable.Range(0, Species.Length);
            foreach (int i in order)
            {
                sb.Append(i + 1).Append(Sep(rng)).Append(Species[i]);
                for (int k = 0; k < 4; k++) sb.Append(Sep(rng)).Append(Num(rng.NextDouble(), rng));
                sb.Append(eol);
            }
        }
        return sb.ToString();
    }

    private static ITrajectorySource Open(string path, string format, int jobs, int chunkBytes) => format switch
    {
        "xdatcar" => new XdatcarReader(path) { Jobs = jobs, ChunkBytes = chunkBytes, MinParallelBytes = 0 },
        "extxyz" => new ExtendedXyzReader(path) { Jobs = jobs, ChunkBytes = chunkBytes, MinParallelBytes = 0 },
        _ => new LammpsDumpReader(path) { Jobs = jobs, ChunkBytes = chunkBytes, MinParallelBytes = 0 },
    };

    private static void AssertSame(IReadOnlyList<TrajectoryFrame> serial, IReadOnlyList<TrajectoryFrame> chunked)
    {
        Assert.Equal(serial.Count, chunked.Count);
        for (int f = 0; f < serial.Count; f++)
        {
            Assert.Equal(serial[f].Index, chunked[f].Index);
            Assert.Equal(serial[f].IsUnwrapped, chunked[f].IsUnwrapped);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(serial[f].Lattice.At(r, c)), BitConverter.DoubleToInt64Bits(chunked[f].Lattice.At(r, c)));
            Assert.Equal(serial[f].Frac.Select(BitConverter.DoubleToInt64Bits), chunked[f].Frac.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Theory]
    [InlineData("xdatcar", 1, "\n", false, false)]
    [InlineData("xdatcar", 2, "\r\n", false, false)]
    [InlineData("xdatcar", 3, "\n", true, false)]
    [InlineData("xdatcar", 4, "\r\n", true, true)]
    [InlineData("xdatcar", 5, "\n", false, true)]
    [InlineData("extxyz", 6, "\n", false, false)]
    [InlineData("extxyz", 7, "\r\n", false, false)]
    [InlineData("lammps", 8, "\n", false, false)]
    [InlineData("lammps", 9, "\r\n", false, false)]
    public void ChunkedParseIsTheSerialParse(string format, int seed, string eol, bool variable, bool cartesian)
    {
        const int frames = 60;
        string text = format switch
        {
            "xdatcar" => Xdatcar(seed, frames, eol, variable, cartesian),
            "extxyz" => ExtXyz(seed, frames, eol),
            _ => Lammps(seed, frames, eol),
        };
        var path = Path.Combine(Path.GetTempPath(), $"chunk_{Guid.NewGuid():N}.{format}");
        File.WriteAllText(path, text);
        try
        {
            List<TrajectoryFrame> serial;
            List<long>? serialSteps = null;
            string? serialTitle = null;
            using (var r = Open(path, format, 1, 64))
            {
                serial = r.Frames().ToList();
                serialSteps = (r as LammpsDumpReader)?.Steps.ToList();
                serialTitle = (r as XdatcarReader)?.Title;
            }
            Assert.Equal(frames, serial.Count);
            var rng = new Random(seed);
            // range sizes from below one line to several frames; 2–4 threads
            foreach (int chunk in new[] { 1, 37, 150, 400, 1000, 5000 }.Append(rng.Next(20, 3000)))
                foreach (int jobs in new[] { 2, 4 })
                {
                    using var r = Open(path, format, jobs, chunk);
                    var chunked = r.Frames().ToList();
                    AssertSame(serial, chunked);
                    if (serialSteps is not null) Assert.Equal(serialSteps, ((LammpsDumpReader)r).Steps);
                    if (serialTitle is not null) Assert.Equal(serialTitle, ((XdatcarReader)r).Title);
                }
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("xdatcar", "0.5 0.5 x1")]
    [InlineData("xdatcar", "0.5 0.5")]
    [InlineData("extxyz", "Li 1.0 2.0 z 0 0 0")]
    [InlineData("extxyz", "Xx 1.0 2.0 3.0 0 0 0")]
    [InlineData("lammps", "3 Li 0.1 0.2 bad 0")]
    [InlineData("lammps", "3 Li 0.1")]
    public void ABadLineGivesTheSerialErrorWhenParsedInChunks(string format, string badLine)
    {
        const int frames = 40;
        string text = format switch
        {
            "xdatcar" => Xdatcar(11, frames, "\n", false, false),
            "extxyz" => ExtXyz(12, frames, "\n"),
            _ => Lammps(13, frames, "\n"),
        };
        // replace the third atom line of frame 27 by the bad line
        var lines = text.Split('\n').ToList();
        int frameStart = format switch
        {
            "xdatcar" => lines.FindIndex(l => l.StartsWith("Direct configuration=") && l.EndsWith(" 27")),
            "extxyz" => lines.FindIndex(l => l.StartsWith("Lattice=") && l.Contains("step=26 ")),
            _ => IndexOfNth(lines, "ITEM: ATOMS", 27),
        };
        Assert.True(frameStart > 0);
        lines[frameStart + 3] = badLine;
        var path = Path.Combine(Path.GetTempPath(), $"chunkbad_{Guid.NewGuid():N}.{format}");
        File.WriteAllText(path, string.Join('\n', lines));
        try
        {
            NitrolyteFormatException Fail(int jobs, int chunk)
            {
                using var r = Open(path, format, jobs, chunk);
                return Assert.Throws<NitrolyteFormatException>(() => r.Frames().ToList());
            }
            var serial = Fail(1, 64);
            Assert.Equal(frameStart + 4, serial.Line);
            foreach (int chunk in new[] { 1, 90, 333, 2000 })
            {
                var chunked = Fail(3, chunk);
                Assert.Equal(serial.Message, chunked.Message);
                Assert.Equal(serial.Line, chunked.Line);
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ATruncatedLastFrameGivesTheSerialError()
    {
        var text = Lammps(21, 30, "\r\n");
        var kept = text.Split("\r\n");
        text = string.Join("\r\n", kept[..^3]) + "\r\n"; // the last two atom lines are missing
        var path = Path.Combine(Path.GetTempPath(), $"chunktrunc_{Guid.NewGuid():N}.dump");
        File.WriteAllText(path, text);
        try
        {
            (string, long?) Error(int jobs)
            {
                using var r = Open(path, "lammps", jobs, 100);
                var e = Assert.Throws<NitrolyteFormatException>(() => r.Frames().ToList());
                return (e.Message, e.Line);
            }
            var serial = Error(1);
            Assert.Contains("frame 30", serial.Item1);
            Assert.Equal(serial, Error(2));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MsdAnalysisIsTheSameForAnyJobCount()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chunkmsd_{Guid.NewGuid():N}.XDATCAR");
        File.WriteAllText(path, Xdatcar(31, 300, "\n", false, false));
        try
        {
            string Run(int jobs)
            {
                using var r = Open(path, "xdatcar", jobs, 500);
                var res = MdAnalysis.Run(r, new MdOptions { TimestepFs = 2 });
                return string.Join(",", new[] { res.Tracer.DCm2PerS, res.Tracer.DStdErrCm2PerS, res.Collective.DCm2PerS, res.Msd.Total[^1] }
                    .Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            }
            Assert.Equal(Run(1), Run(2));
        }
        finally { File.Delete(path); }
    }

    private static int IndexOfNth(List<string> lines, string prefix, int nth)
    {
        int seen = 0;
        for (int i = 0; i < lines.Count; i++) if (lines[i].StartsWith(prefix) && ++seen == nth) return i;
        return -1;
    }
}
