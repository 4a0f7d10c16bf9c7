using Nitrolyte.Formats.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Diffraction.Refinement;

/// <summary>`xrd refine --refine-xyz`: JSON coordinates, the refined CIF with coordinate s.u., refusals.</summary>
public class XrdRefineXyzCliTests
{
    [Fact]
    public void Refine_xyz_json_cif_and_refusal()
    {
        using var t = new TempDir();
        // beta-Li3N with the 4f z moved from 0.59096 to 0.58300, simulated as a neutron pattern; refined from the prototype
        var moved = Prototypes.Find("beta-Li3N")!.CifText.Replace("0.59096000", "0.58300000");
        File.WriteAllText(t.File("moved.cif"), moved);
        var pat = t.File("n.xye");
        var s = CliHarness.Run("xrd", "simulate", t.File("moved.cif"), "--output", pat, "--neutron", "--wavelength", "1.622", "--two-theta", "15,150,0.05",
            "--scale", "0.05", "--background", "200,-20", "--profile", "0.05,-0.04,0.03,0.02,0", "--seed", "5");
        Assert.True(s.ExitCode == 0, s.Stderr);
        var r = CliHarness.Run("xrd", "refine", pat, "--structure", "beta-Li3N", "--radiation", "neutron", "--wavelength", "1.622", "--background-terms", "3",
            "--profile", "0.05,-0.04,0.03,0.02,0", "--refine-profile", "UVW", "--refine-xyz", "Li1", "--cif", t.File("out.cif"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var c = r.Json()["phases"]![0]!["coordinates"]!.AsArray().Single()!;
        Assert.Equal("Li1", c["site"]!.GetValue<string>());
        Assert.Equal("z", c["free"]!.GetValue<string>());
        double z = c["z"]!.GetValue<double>(), se = c["z_stderr"]!.GetValue<double>();
        Assert.InRange(Math.Abs(z - 0.583), 0, 4 * se);
        Assert.Null(c["x_stderr"]);
        Assert.Equal(1.0 / 3, c["x"]!.GetValue<double>(), 6);
        Assert.Equal(4, c["multiplicity"]!.GetValue<int>());
        // the refined CIF: 4f positions with a coordinate s.u., reads back with the refined z
        var cif = File.ReadAllText(t.File("out.cif"));
        Assert.Matches(@"Li1\s+Li\s+0\.33333\d\s+0\.66666\d\s+0\.58\d+\(\d+\)", cif);
        Assert.Contains("free: z", cif);
        var back = CifReader.Read(t.File("out.cif"));
        Assert.Contains(back.Sites, q => q.Label == "Li1" && Math.Abs(q.FracC - z) < se);  // written to the digits of its s.u.
        // a special position named: exit 1, one line naming the site
        var e = CliHarness.Run("xrd", "refine", pat, "--structure", "beta-Li3N", "--radiation", "neutron", "--wavelength", "1.622", "--refine-xyz", "N1");
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("site N1", e.Stderr);
        Assert.Contains("no free coordinate", e.Stderr);
        Assert.Equal(2, CliHarness.Run("xrd", "refine", pat, "--structure", "beta-Li3N", "--radiation", "neutron", "--wavelength", "1.622", "--mode", "lebail", "--refine-xyz", "Li1").ExitCode);
    }
}
