using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Dynamics;

public class TrajectoryReaderTests
{
    [SharedDataFact]
    public void KinisiExampleXdatcarGz_Li6PS5Cl_140Frames()
    {
        using var r = new XdatcarReader(SharedData.TestData("aimd/kinisi/example_XDATCAR.gz"));
        Assert.Equal(416, r.Species.Count);
        Assert.Equal([("Li", 192), ("Cl", 32), ("S", 160), ("P", 32)], r.SpeciesCounts);
        Assert.Equal(20.312311, r.FirstLattice.Matrix[0, 0], 6);
        int n = 0; TrajectoryFrame? last = null;
        foreach (var f in r.Frames()) { n++; last = f; }
        Assert.Equal(140, n);
        Assert.Equal(139, last!.Index);
    }

    [SharedDataFact]
    public void KinisiCentre_GeometryAndMass()
    {
        using var r = new XdatcarReader(SharedData.TestData("aimd/kinisi/example_center.XDATCAR"));
        var f = r.Frames().First();
        var cog = Centre.Fractional(f, [0, 1, 2]);
        Assert.Equal(0.2733333, cog.A, 6); Assert.Equal(0.2666667, cog.B, 6); Assert.Equal(0.2, cog.C, 6);
        var com = Centre.Fractional(f, [0, 1, 2], [1, 16, 1]);
        Assert.Equal(0.3788889, com.A, 6); Assert.Equal(0.2111111, com.B, 6); Assert.Equal(0.2, com.C, 6);
    }

    [SharedDataFact]
    public void KinisiDrift_FrameworkDriftRemoved()
    {
        using var r = new XdatcarReader(SharedData.TestData("aimd/kinisi/example_drift.XDATCAR"));
        var d = DisplacementCollector.Collect(r, ["H"]);
        double[][] expected = [[0, 0, 0], [0.2, 0.2, 0.2], [0.4, 0.4, 0.4], [1, 1, 1]];
        for (int t = 0; t < 4; t++)
            for (int k = 0; k < 3; k++) Assert.Equal(expected[t][k], d.Series[k][t], 9);
    }

    private static string VariableCellXdatcar() =>
        "Li O test\n1.0\n4 0 0\n0 4 0\n0 0 4\nLi O\n1 1\nDirect configuration= 1\n0.95 0.5 0.5\n0 0 0\n" +
        "Li O test\n1.0\n4.4 0 0\n0 4 0\n0 0 4\nLi O\n1 1\nDirect configuration= 2\n0.05 0.5 0.5\n0 0 0\n" +
        "Li O test\n-70.4\n4.4 0 0\n0 4 0\n0 0 4\nLi O\n1 1\nDirect configuration= 3\n0.10 0.5 0.5\n0 0 0\n";

    [Fact]
    public void Xdatcar_VariableCellBlocks_UnwrapAcrossBoundary()
    {
        using var tmp = new TempDir();
        var p = tmp.File("XDATCAR");
        File.WriteAllText(p, VariableCellXdatcar());
        using var r = TrajectoryReader.Open(p);
        var frames = r.Frames().ToList();
        Assert.Equal(3, frames.Count);
        Assert.Equal(4.4, frames[1].Lattice.A, 9);
        Assert.Equal(4.4, frames[2].Lattice.A, 9); // negative scale = volume 70.4 Å³ → unchanged 4.4×4×4
        using var r2 = TrajectoryReader.Open(p);
        var d = DisplacementCollector.Collect(r2, ["Li"]);
        Assert.True(d.VariableCell);
        Assert.Equal(0.1 * 4.4, d.Series[0][1], 9);     // 0.95 → 1.05 in the new cell: +0.1 fractional x 4.4 Å
        Assert.Equal(0.1 * 4.4 + 0.05 * 4.4, d.Series[0][2], 9);
    }

    [Fact]
    public void Xdatcar_Gzip_Cartesian_AndTruncated()
    {
        using var tmp = new TempDir();
        var p = tmp.File("XDATCAR.gz");
        var text = "x\n2.0\n2 0 0\n0 2 0\n0 0 2\nLi\n1\nCartesian configuration= 1\n1 1 1\nCartesian configuration= 2\n1.2 1 1\n";
        using (var fs = File.Create(p))
        using (var gz = new System.IO.Compression.GZipStream(fs, System.IO.Compression.CompressionLevel.Fastest))
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text));
        using (var r = TrajectoryReader.Open(p))
        {
            var fr = r.Frames().ToList();
            Assert.Equal(2, fr.Count);
            Assert.Equal(0.5, fr[0].Frac[0], 12); // 1 x scale 2 = 2 Å in a 4 Å cell
            Assert.Equal(0.6, fr[1].Frac[0], 12);
        }
        var bad = tmp.File("XDATCAR");
        File.WriteAllText(bad, "x\n1.0\n2 0 0\n0 2 0\n0 0 2\nLi O\n1 1\nDirect configuration= 1\n0 0 0\n0.5 abc 0\n");
        using var rb = TrajectoryReader.Open(bad);
        var e = Assert.Throws<NitrolyteFormatException>(() => rb.Frames().ToList());
        Assert.Equal(10, e.Line);
        Assert.Contains("abc", e.Message);
        File.WriteAllText(bad, "x\n1.0\n2 0 0\n0 2 0\n0 0 2\nLi O\n1 1\nDirect configuration= 1\n0 0 0\n");
        using var rt = TrajectoryReader.Open(bad);
        var e2 = Assert.Throws<NitrolyteFormatException>(() => rt.Frames().ToList());
        Assert.Contains("truncated", e2.Message);
        File.WriteAllText(bad, "x\n1.0\n2 0 0\n0 2 0\n");
        var e3 = Assert.Throws<NitrolyteFormatException>(() => TrajectoryReader.Open(bad, "xdatcar"));
        Assert.Contains("end of file", e3.Message);
    }

    [Fact]
    public void ExtendedXyz_TwoFrames()
    {
        using var tmp = new TempDir();
        var p = tmp.File("traj.xyz");
        File.WriteAllText(p,
            "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3 pbc=\"T T T\"\nLi 4.9 1 1 0 0 0\nS 0 0 0 0 0 0\n" +
            "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3\nLi 0.1 1 1 0 0 0\nS 0 0 0 0 0 0\n");
        using var r = TrajectoryReader.Open(p);
        Assert.Equal(["Li", "S"], r.Species);
        using var r2 = TrajectoryReader.Open(p);
        var d = DisplacementCollector.Collect(r2, ["Li"], DriftCorrection.None);
        Assert.Equal(0.2, d.Series[0][1], 9);
        File.WriteAllText(p, "2\nno lattice here\nLi 0 0 0\nS 1 1 1\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => TrajectoryReader.Open(p));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void LammpsDump_ScaledUnscaledUnwrapped_Triclinic()
    {
        using var tmp = new TempDir();
        string Head(int step, string cols) =>
            $"ITEM: TIMESTEP\n{step}\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS {cols}\n";
        var p = tmp.File("a.dump");
        // atoms listed out of id order in frame 2; unwrapped xu crosses the box
        File.WriteAllText(p, Head(0, "id type xu yu zu") + "1 1 9.5 5 5\n2 2 1 1 1\n" + Head(100, "id type xu yu zu") + "2 2 1 1 1\n1 1 10.5 5 5\n");
        using (var r = TrajectoryReader.Open(p, null, ["Li", "S"]))
        {
            var d = DisplacementCollector.Collect(r, ["Li"], DriftCorrection.None);
            Assert.Equal(1.0, d.Series[0][1], 9);
        }
        File.WriteAllText(p, Head(0, "id element xs ys zs") + "1 Li 0.95 0.5 0.5\n2 S 0.1 0.1 0.1\n" + Head(1, "id element xs ys zs") + "1 Li 0.05 0.5 0.5\n2 S 0.1 0.1 0.1\n");
        using (var r = TrajectoryReader.Open(p))
        {
            var d = DisplacementCollector.Collect(r, ["Li"]);
            Assert.Equal(1.0, d.Series[0][1], 9); // minimum image: +0.1 x 10 Å
        }
        var tri = tmp.File("tri.lammpstrj");
        File.WriteAllText(tri, "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS xy xz yz pp pp pp\n0 12 2\n0 10 0\n0 10 0\nITEM: ATOMS id element x y z\n1 Li 2 5 5\n");
        using (var r = TrajectoryReader.Open(tri))
        {
            var f = r.Frames().Single();
            Assert.Equal(10, f.Lattice.A, 9);
            Assert.Equal(0.5, f.Frac[1], 9);
            Assert.Equal(0.1, f.Frac[0], 9); // x = 2 = 0.1*10 + 0.5*2
        }
        File.WriteAllText(p, Head(0, "id type x y z") + "1 1 1 1 1\n2 2 1 1 1\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => TrajectoryReader.Open(p));
        Assert.Contains("--lammps-types", e.Message);
        // wrapped coordinates + image flags are unwrapped
        File.WriteAllText(p, Head(0, "id element x y z ix iy iz") + "1 Li 9.5 5 5 0 0 0\n2 S 1 1 1 0 0 0\n" + Head(1, "id element x y z ix iy iz") + "1 Li 0.5 5 5 1 0 0\n2 S 1 1 1 0 0 0\n");
        using (var r = TrajectoryReader.Open(p))
        {
            var fr = r.Frames().ToList();
            Assert.True(fr[1].IsUnwrapped);
            Assert.Equal(1.05, fr[1].Frac[0], 9);
        }
        File.WriteAllText(p, Head(0, "id element x y z ix iy iz") + "1 Li 9.5 5 5 0 x 0\n2 S 1 1 1 0 0 0\n");
        var e2 = Assert.Throws<NitrolyteFormatException>(() => TrajectoryReader.Open(p));
        Assert.Equal(10, e2.Line);
    }
}
