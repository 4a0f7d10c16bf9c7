using Nitrolyte.Diffraction;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Diffraction;

public class DiffractionReferenceTests
{
    // pymatgen tests/analysis/diffraction/test_xrd.py, quoted in MANIFEST 5a (Cu Ka 1.54184, 0-90 deg)
    [SharedDataFact]
    public void CsCl_reference_peaks()
    {
        var p = PowderPattern.Compute(StructureReader.Read(SharedData.TestData("cif/pymatgen_structures/CsCl.json")), new DiffractionOptions());
        Assert.Equal(21.107738329639844, p.Peaks[0].TwoThetaDeg, 6);
        Assert.Equal(36.483184003748946, p.Peaks[0].Intensity, 0.5);
        Assert.Equal([1, 0, 0], p.Peaks[0].Hkl);
        Assert.Equal(6, p.Peaks[0].Multiplicity);
        Assert.Equal(4.209, p.Peaks[0].DA, 9);
        Assert.Equal(30.024695921112777, p.Peaks[1].TwoThetaDeg, 6);
        Assert.Equal(100, p.Peaks[1].Intensity, 9);
        Assert.Equal([1, 1, 0], p.Peaks[1].Hkl);
        Assert.Equal(12, p.Peaks[1].Multiplicity);
        Assert.Equal(2.976212442014178, p.Peaks[1].DA, 9);
    }

    [SharedDataFact]
    public void Lgps_reference_peak()
    {
        var p = PowderPattern.Compute(StructureReader.Read(SharedData.TestData("cif/pymatgen_structures/Li10GeP2S12.json")), new DiffractionOptions());
        Assert.Equal(14.058274883353876, p.Peaks[1].TwoThetaDeg, 6);
        Assert.Equal(4.4111123641667671, p.Peaks[1].Intensity, 0.5);
    }

    [Fact]
    public void W_unscaled_and_with_debye_waller()
    {
        var w = new Structure(Lattice.Cubic(3.1653), [Site.Ordered("W", 0, 0, 0), Site.Ordered("W", 0.5, 0.5, 0.5)]);
        var p = PowderPattern.Compute(w, new DiffractionOptions { Scaled = false });
        Assert.Equal(40.294828554672264, p.Peaks[0].TwoThetaDeg, 6);
        Assert.Equal(2.2382050944897789, p.Peaks[0].DA, 9);
        // pymatgen's 2414237.5633 uses Doyle-Turner electron factors through Mott-Bethe; ours are ITC Table 6.1.1.4,
        // whose f(W) at s = 0.223 is 2.2 % larger: |F|^2 is 4.4 % larger (docs/validation.md)
        Assert.Equal(1.0442, p.Peaks[0].Intensity / 2414237.5633093244, 0.001);
        var pb = PowderPattern.Compute(w, new DiffractionOptions { Scaled = false, DebyeWallerB = new Dictionary<string, double> { ["W"] = 0.1526 } });
        // the Debye-Waller ratio does not depend on the form factors: exp(-2 B s^2) per |F|^2
        Assert.Equal(2377745.2296686019 / 2414237.5633093244, pb.Peaks[0].Intensity / p.Peaks[0].Intensity, 9);
    }

    [Fact]
    public void Li9N2Cl3_first_li_anion_pdf_peak_at_a_sqrt3_over_4()
    {
        var s = Prototypes.Get("Li9N2Cl3");
        var x = PairDistribution.Compute(s, new PdfOptions { RMaxA = 8 });
        double expected = 5.3506 * Math.Sqrt(3) / 4;
        Assert.Equal(expected, PairDistribution.FirstPeakA(x.RA, x.Partials["Li-Cl"]), 2);
        Assert.Equal(expected, PairDistribution.FirstPeakA(x.RA, x.Partials["Li-N"]), 2);
        Assert.Equal(expected, PairDistribution.FirstPeakA(x.RA, x.G), 2);
        Assert.Equal(1, x.Weights.Values.Sum(), 9);
        // neutrons: Li scatters negatively, so the Li-anion peak is a trough of the total G(r)
        var n = PairDistribution.Compute(s, new PdfOptions { RMaxA = 8, Neutron = true });
        Assert.True(n.Weights["Li-Cl"] < 0);
        Assert.Equal(expected, PairDistribution.FirstPeakA(n.RA, n.G, negative: true), 2);
        // far out, g -> 1 so that G oscillates around zero; at r -> 0, G -> -4 pi r rho0
        int k = 20;
        Assert.Equal(-4 * Math.PI * x.RA[k] * x.NumberDensityPerA3, x.G[k], 6);
    }

    [Fact]
    public void Pdf_coordination_number_of_li2s()
    {
        // integral of the S-Li RDF over the first shell = 8 Li around each S
        var s = Prototypes.Get("Li2S");
        var x = PairDistribution.Compute(s, new PdfOptions { RMaxA = 3.5, StepA = 0.002, SigmaA = 0.03 });
        var gr = x.Partials["Li-S"];
        double rhoLi = 8 / s.VolumeA3, cn = 0;
        for (int k = 0; k < x.RA.Length; k++)
            if (x.RA[k] < 3.0)
            {
                double g = gr[k] / (4 * Math.PI * x.RA[k] * x.NumberDensityPerA3) + 1;
                cn += 4 * Math.PI * x.RA[k] * x.RA[k] * rhoLi * g * 0.002;
            }
        Assert.Equal(8, cn, 1);
    }

    [Fact]
    public void Xrd_and_pdf_cli_follow_the_contract()
    {
        var j = CliHarness.Run("xrd", "Li2S", "--wavelength", "MoKa1", "--two-theta", "10,40", "--json").Json();
        Assert.Equal(0.70930, (double)j["wavelength_a"]!, 9);
        var peaks = j["peaks"]!.AsArray();
        Assert.Equal(100, peaks.Max(x => (double)x!["intensity"]!), 9);
        Assert.All(peaks, x => Assert.InRange((double)x!["two_theta_deg"]!, 10, 40));
        Assert.Equal(3, peaks[0]!["hkl"]!.AsArray().Count);
        Assert.True((int)peaks[0]!["multiplicity"]! > 0);
        Assert.True((double)peaks[0]!["d_a"]! > 0);
        var n = CliHarness.Run("xrd", "Li2S", "--neutron", "--json");
        Assert.Equal(0, n.ExitCode);
        var pdf = CliHarness.Run("pdf", "Li9N2Cl3", "--rmax", "10", "--json").Json();
        Assert.Equal(pdf["r_a"]!.AsArray().Count, pdf["g"]!.AsArray().Count);
        Assert.NotNull(pdf["partials"]!["Li-N"]);
        var bad = CliHarness.Run("xrd", "Li2S", "--wavelength", "CuKz");
        Assert.Equal(2, bad.ExitCode);   // a bad option value is a usage error
        Assert.Equal(2, CliHarness.Run("xrd", "Li2S", "--two-theta", "80,10").ExitCode);
    }
}
