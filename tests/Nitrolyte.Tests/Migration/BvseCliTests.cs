using System.Globalization;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Formats.Volumetric;
using Nitrolyte.Migration;
using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Migration;

public class BvseCliTests(ITestOutputHelper output)
{
    [Fact]
    public void JsonFollowsTheContractOnAWrittenCif()
    {
        using var dir = new TempDir();
        var cif = dir.File("li2s.cif");
        CifWriter.Write(cif, ReferenceStructures.Li2S());
        var cube = dir.File("out.cube");
        var r = CliHarness.Run("bvse", cif, "--grid", "0.2", "--cube", cube, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal("Li", (string)j["ion"]!);
        Assert.Equal(0.2, (double)j["grid_a"]!);
        foreach (var d in new[] { "1d", "2d", "3d" }) Assert.InRange((double)j["barriers_ev"]![d]!, 0.2, 0.3);
        Assert.True((double)j["minimum_ev"]! < 0);
        var site = j["sites"]!.AsArray()[0]!;
        Assert.Equal(3, site["frac"]!.AsArray().Count);
        Assert.Equal((double)j["minimum_ev"]!, (double)site["energy_ev"]!, 6);
        var path = j["paths"]!.AsArray()[0]!;
        Assert.Equal(1, (int)path["dimension"]!);
        Assert.Equal((double)j["barriers_ev"]!["1d"]!, (double)path["barrier_ev"]!, 6);
        Assert.True(File.Exists(cube));
        var lines = File.ReadLines(cube).Take(7).ToArray();
        Assert.Contains("above the global minimum", lines[1]);
        Assert.StartsWith("   12", lines[2]); // 12 sites in the conventional cell
    }

    [Fact]
    public void MorseHalfFalseDoublesAPureMorseBarrier()
    {
        using var dir = new TempDir();
        var cif = dir.File("li2s.cif");
        CifWriter.Write(cif, ReferenceStructures.Li2S());
        var a = CliHarness.Run("bvse", cif, "--grid", "0.25", "--json").Json();
        var b = CliHarness.Run("bvse", cif, "--grid", "0.25", "--morse-half", "false", "--json").Json();
        Assert.Equal(2 * (double)a["barriers_ev"]!["3d"]!, (double)b["barriers_ev"]!["3d"]!, 5);
        Assert.False((bool)b["morse_half"]!);
    }

    [Fact]
    public void BadInputGivesOneLineErrors()
    {
        using var dir = new TempDir();
        var missing = CliHarness.Run("bvse", dir.File("nope.cif"), "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Single(missing.Stderr.Trim().Split('\n'));
        var cif = dir.File("li2s.cif");
        CifWriter.Write(cif, ReferenceStructures.Li2S());
        var na = CliHarness.Run("bvse", cif, "--ion", "Na");
        Assert.Equal(1, na.ExitCode);
        Assert.Contains("no BVSE parameters for the mobile ion Na", na.Stderr);
        var grid = CliHarness.Run("bvse", cif, "--grid", "0");
        Assert.Equal(2, grid.ExitCode);
        // an element without a radius in the table: plain error, no number
        var y = dir.File("liycl.cif");
        File.WriteAllText(y, "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n" +
                             "loop_\n_atom_site_type_symbol\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nY Y1 0 0 0\nCl Cl1 0.5 0.5 0.5\n");
        var ry = CliHarness.Run("bvse", y, "--json");
        Assert.Equal(1, ry.ExitCode);
        Assert.Contains("Y", ry.Stderr);
        Assert.Equal("", ry.Stdout);
    }

    [Fact]
    public void GrdAndCubeHaveTheRightShapeAndValues()
    {
        var model = BvseModel.Build(ReferenceStructures.AlphaLi3N(), new BvseOptions { GridSpacingA = 0.5 });
        var g = BvseLandscape.Compute(model);
        var grd = GrdWriter.ToText(g.AsScalarGrid(), "t", -g.Min).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{g.Na} {g.Nb} {g.Nc}", grd[2]);
        var vals = grd.Skip(3).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(g.Count, vals.Length);
        // c index fastest
        Assert.Equal(g.Values[g.Index(0, 0, 1)] - g.Min, vals[1], Math.Abs(vals[1]) * 1e-5);
        Assert.Equal(g.Values[g.Index(0, 1, 0)] - g.Min, vals[g.Nc], Math.Abs(vals[g.Nc]) * 1e-5);
        var cube = CubeWriter.ToText(g.AsScalarGrid(), model.Structure, "c").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int natoms = int.Parse(cube[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.Equal(4, natoms);
        var cv = cube.Skip(6 + natoms).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(g.Count, cv.Length);
        Assert.Equal(g.Values[1], cv[1], Math.Abs(cv[1]) * 1e-5); // c index fastest
        var vx = double.Parse(cube[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Assert.Equal(3.648 / g.Na / CubeWriter.BohrA, vx, 5);
    }

    [SharedDataFact]
    public void AlphaLi3NFromTheObelixCif()
    {
        var r = CliHarness.Run("bvse", SharedData.TestData("cif/OBELiX/gvd.cif"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        double inPlane = (double)j["axis_barriers_ev"]!["a"]!, alongC = (double)j["axis_barriers_ev"]!["c"]!;
        output.WriteLine($"gvd.cif alpha-Li3N: in-plane {inPlane:0.0000} eV, along c {alongC:0.0000} eV (measured 0.29 / 0.49 eV)");
        Assert.True(inPlane < alongC);
        // same as the structure built in code (the OBELiX alpha-Li3N has only special positions, so it is exact)
        var built = BvseAnalysis.Run(ReferenceStructures.AlphaLi3N());
        Assert.Equal(built.Barrier2DEV!.Value, (double)j["barriers_ev"]!["2d"]!, 5);
        Assert.Equal(built.Barrier3DEV!.Value, (double)j["barriers_ev"]!["3d"]!, 5);
    }

    [SharedDataFact]
    public void LgpsFromTheObelixCifPercolatesAlongCFirst()
    {
        var s = StructureReader.Read(SharedData.TestData("cif/OBELiX/j8q.cif"));
        var r = BvseAnalysis.Run(s, new BvseOptions { GridSpacingA = 0.2 });
        var ax = r.Percolation.AxisBarriersEV;
        output.WriteLine($"j8q.cif LGPS (0.2 Å): 1D {r.Barrier1DEV:0.000} 2D {r.Barrier2DEV:0.000} 3D {r.Barrier3DEV:0.000}; a {ax[0]:0.000} b {ax[1]:0.000} c {ax[2]:0.000}; cations {string.Join(",", r.Model.Cations.Keys)}");
        Assert.Contains("Ge4+", r.Model.Cations.Keys);
        Assert.Contains("P5+", r.Model.Cations.Keys);
        Assert.Equal(r.Barrier1DEV, ax[2]);      // the 1D channel runs along c
        Assert.True(r.Barrier3DEV >= r.Barrier1DEV);
    }
}
