using System.Globalization;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Formats.Trajectories;

namespace Nitrolyte.Tests.Dynamics;

/// <summary>
/// The span-based trajectory parsers (issue 20) on generated files: random number precision and exponent forms,
/// Windows line endings, tabs and trailing blanks, blank lines between frames and a variable-cell XDATCAR: every
/// coordinate comes back as the value written, and a bad number still names its line.
/// </summary>
public class TrajectoryParserRoundTripTests
{
    private const int Atoms = 6, Frames = 7;
    private static readonly string[] Species = ["Li", "Li", "Li", "Li", "S", "S"];

    private static double[,,] Coordinates(int seed)
    {
        var rng = new Random(seed);
        var c = new double[Frames, Atoms, 3];
        for (int f = 0; f < Frames; f++) for (int a = 0; a < Atoms; a++) for (int k = 0; k < 3; k++) c[f, a, k] = rng.NextDouble() * 0.98 + 0.01;
        return c;
    }

    /// <summary>A number written in a random but exact form; returns the value the text denotes.</summary>
    private static string Write(double v, Random rng, out double written)
    {
        string s = rng.Next(4) switch
        {
            0 => v.ToString("F" + rng.Next(3, 9), CultureInfo.InvariantCulture),
            1 => v.ToString("E" + rng.Next(2, 12), CultureInfo.InvariantCulture),
            2 => v.ToString("R", CultureInfo.InvariantCulture),
            _ => (v * 1000).ToString("F4", CultureInfo.InvariantCulture) + "e-3",
        };
        written = double.Parse(s, CultureInfo.InvariantCulture);
        return s;
    }

    private static string Sep(Random rng) => rng.Next(3) switch { 0 => " ", 1 => "\t", _ => "   " };

    [Theory]
    [InlineData(1, "\n")]
    [InlineData(2, "\r\n")]
    [InlineData(3, "\n")]
    public void XdatcarVariableCellRoundTrip(int seed, string eol)
    {
        var rng = new Random(seed);
        var c = Coordinates(seed);
        var expected = new double[Frames, Atoms, 3];
        var sb = new StringBuilder();
        for (int f = 0; f < Frames; f++)
        {
            double a = 5.0 + 0.01 * f; // NPT: a header before every configuration
            sb.Append("generated").Append(eol).Append("1.0").Append(eol);
            sb.Append($"  {a.ToString(CultureInfo.InvariantCulture)} 0 0{eol}  0 {a.ToString(CultureInfo.InvariantCulture)} 0{eol}  0 0 {a.ToString(CultureInfo.InvariantCulture)}{eol}");
            sb.Append("Li S").Append(eol).Append("4 2").Append(eol);
            sb.Append($"Direct configuration= {f + 1}{eol}");
            for (int i = 0; i < Atoms; i++)
            {
                sb.Append(Sep(rng));
                for (int k = 0; k < 3; k++) { sb.Append(Write(c[f, i, k], rng, out expected[f, i, k])).Append(Sep(rng)); }
                sb.Append(eol);
            }
        }
        var path = Path.Combine(Path.GetTempPath(), $"rt_{Guid.NewGuid():N}.XDATCAR");
        File.WriteAllText(path, sb.ToString());
        try
        {
            using var r = new XdatcarReader(path);
            var frames = r.Frames().ToList();
            Assert.Equal(Frames, frames.Count);
            for (int f = 0; f < Frames; f++)
            {
                Assert.Equal(5.0 + 0.01 * f, frames[f].Lattice.A, 12);
                for (int i = 0; i < Atoms; i++) for (int k = 0; k < 3; k++) Assert.Equal(expected[f, i, k], frames[f].Frac[3 * i + k]);
            }
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(4, "\n")]
    [InlineData(5, "\r\n")]
    public void ExtendedXyzAndLammpsRoundTrip(int seed, string eol)
    {
        var rng = new Random(seed);
        var c = Coordinates(seed);
        const double a = 6.0;
        var expXyz = new double[Frames, Atoms, 3];
        var expLmp = new double[Frames, Atoms, 3];
        var xyz = new StringBuilder();
        var lmp = new StringBuilder();
        for (int f = 0; f < Frames; f++)
        {
            xyz.Append($"{Atoms}{eol}Lattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3 step={f}{eol}");
            lmp.Append($"ITEM: TIMESTEP{eol}{f * 10}{eol}ITEM: NUMBER OF ATOMS{eol}{Atoms}{eol}ITEM: BOX BOUNDS pp pp pp{eol}0 6{eol}0 6{eol}0 6{eol}ITEM: ATOMS id element xs ys zs{eol}");
            // LAMMPS writes atoms in any order: reverse them in odd frames (the reader sorts by id)
            var order = f % 2 == 0 ? Enumerable.Range(0, Atoms) : Enumerable.Range(0, Atoms).Reverse();
            for (int i = 0; i < Atoms; i++)
            {
                xyz.Append(Species[i]);
                for (int k = 0; k < 3; k++) { xyz.Append(Sep(rng)).Append(Write(c[f, i, k] * a, rng, out expXyz[f, i, k])); expXyz[f, i, k] /= a; }
                xyz.Append(rng.Next(2) == 0 ? "  " : "").Append(eol);
            }
            foreach (int i in order)
            {
                lmp.Append(i + 1).Append(Sep(rng)).Append(Species[i]);
                for (int k = 0; k < 3; k++) lmp.Append(Sep(rng)).Append(Write(c[f, i, k], rng, out expLmp[f, i, k]));
                lmp.Append(eol);
            }
            if (f == 3) { xyz.Append(eol); lmp.Append(eol); } // a blank line between frames
        }
        var dir = Directory.CreateTempSubdirectory("rt").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "t.extxyz"), xyz.ToString());
            File.WriteAllText(Path.Combine(dir, "t.dump"), lmp.ToString());
            using (var r = new ExtendedXyzReader(Path.Combine(dir, "t.extxyz")))
            {
                var frames = r.Frames().ToList();
                Assert.Equal(Frames, frames.Count);
                Assert.Equal(Species, r.Species);
                for (int f = 0; f < Frames; f++) for (int i = 0; i < Atoms; i++) for (int k = 0; k < 3; k++)
                    Assert.Equal(expXyz[f, i, k], frames[f].Frac[3 * i + k], 14);
            }
            using (var r = TrajectoryReader.Open(Path.Combine(dir, "t.dump"), "lammps-dump"))
            {
                var frames = r.Frames().ToList();
                Assert.Equal(Frames, frames.Count);
                Assert.Equal(Species, r.Species);
                for (int f = 0; f < Frames; f++) for (int i = 0; i < Atoms; i++) for (int k = 0; k < 3; k++)
                    Assert.Equal(expLmp[f, i, k], frames[f].Frac[3 * i + k]);
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("0.1 0.2 0,3", "'0,3' is not a number")]
    [InlineData("0.1 0.2 NaN", "'NaN' is not a number")]
    [InlineData("0.1 0.2 1e999", "'1e999' is not a number")]
    [InlineData("0.1 0.2", "expected 3 numbers")]
    public void BadCoordinateNamesTheLine(string badLine, string expected)
    {
        var text = "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi\n2\nDirect configuration= 1\n0.1 0.1 0.1\n" + badLine + "\n";
        var path = Path.Combine(Path.GetTempPath(), $"bad_{Guid.NewGuid():N}.XDATCAR");
        File.WriteAllText(path, text);
        try
        {
            using var r = new XdatcarReader(path);
            var ex = Assert.Throws<NitrolyteFormatException>(() => r.Frames().ToList());
            Assert.Contains(expected, ex.Message);
            Assert.Equal(10, ex.Line);
        }
        finally { File.Delete(path); }
    }
}
