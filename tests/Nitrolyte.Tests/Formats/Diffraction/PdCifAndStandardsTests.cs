using System.Globalization;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats.Diffraction;

/// <summary>
/// Powder CIF profiles written here (known 2θ, counts, su, weights, wavelengths), and the real NIST SRM 660c LaB6
/// certification data set (NIST data record mds2-2315, read from the sample folder when present): the Le Bail cell
/// with zero and displacement refined against NIST's own cell for that data set.
/// </summary>
public class PdCifAndStandardsTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Profile(string block, string xTag, string yTag, Func<int, string> row, int n, string extra = "") =>
        $"data_{block}\n{extra}loop_\n {xTag}\n {yTag}\n" + string.Concat(Enumerable.Range(0, n).Select(i => "  " + row(i) + "\n"));

    [Fact]
    public void PdCif_counts_with_su_weights_and_wavelength_loop()
    {
        using var t = new TempDir();
        const int n = 100;
        double X(int i) => 10 + 0.02 * i;
        double Y(int i) => 200 + i * i;
        var text = new StringBuilder("data_global\n_diffrn_radiation_probe x-ray\nloop_\n _diffrn_radiation_wavelength\n _diffrn_radiation_wavelength_wt\n 1.540593 1.0\n 1.544427 0.52\n");
        text.Append(Profile("meas", "_pd_meas_2theta_scan", "_pd_meas_counts_total", i => $"{X(i).ToString("R", Inv)} {Y(i).ToString(Inv)}({(int)Math.Round(Math.Sqrt(Y(i)))})", n));
        File.WriteAllText(t.File("a.cif"), text.ToString());
        var p = PowderPatternReader.Read(t.File("a.cif"));
        Assert.Equal(n, p.Count);
        Assert.Equal(X(57), p.X[57], 12);
        Assert.Equal(Y(57), p.Intensity[57], 12);
        Assert.Equal(Math.Round(Math.Sqrt(Y(57))), p.Esd[57], 12);
        Assert.False(p.EsdAssumed);
        Assert.Equal(1.540593, p.Wavelength1A!.Value, 12);
        Assert.Equal(1.544427, p.Wavelength2A!.Value, 12);
        Assert.Equal(0.52, p.Ka2RatioFromFile!.Value, 12);
        Assert.Equal("xray", p.Radiation);

        // processed intensities with least-squares weights (esd = 1/√w; weight 0 dropped), a second (calc) block as scan 2,
        // and a radiation named without a number: no wavelength, said
        var w = new StringBuilder("data_rad\n_diffrn_radiation_type 'Cu K\\a'\n");
        w.Append("data_p_meas\nloop_\n _pd_proc_2theta_corrected\n _pd_proc_intensity_total\n _pd_proc_ls_weight\n");
        for (int i = 0; i < n; i++) w.Append($" {X(i).ToString("R", Inv)} {Y(i).ToString(Inv)} {(i == 3 ? "0" : (1 / Y(i)).ToString("R", Inv))}\n");
        w.Append(Profile("p_calc", "_pd_proc_2theta_corrected", "_pd_proc_intensity_total", i => $"{X(i).ToString("R", Inv)} 5", n));
        File.WriteAllText(t.File("b.cif"), w.ToString());
        var b = PowderPatternReader.Read(t.File("b.cif"));
        Assert.Equal(n - 1, b.Count);
        Assert.Equal(Math.Sqrt(Y(57)), b.Esd[56], 9);
        Assert.Null(b.Wavelength1A);
        Assert.Contains(b.Provenance, s => s.Contains("without a numeric wavelength", StringComparison.Ordinal));
        Assert.Contains(b.Provenance, s => s.Contains("1 points without intensity or with weight 0 dropped", StringComparison.Ordinal));
        var c = PowderPatternReader.Read(t.File("b.cif"), new PatternReadOptions { Scan = 2 });
        Assert.Equal(5, c.Intensity[10]);
        Assert.Contains(c.Provenance, s => s.Contains("'calc'", StringComparison.Ordinal));
        // equal steps from the range items; a structure CIF is refused pointing at --structure
        File.WriteAllText(t.File("r.cif"), "data_r\n_pd_meas_2theta_range_min 5\n_pd_meas_2theta_range_max 6.98\n_pd_meas_2theta_range_inc 0.02\nloop_\n _pd_meas_counts_total\n" + string.Concat(Enumerable.Range(0, n).Select(i => $" {Y(i)}\n")));
        var r = PowderPatternReader.Read(t.File("r.cif"));
        Assert.Equal(5 + 0.02 * 99, r.X[^1], 9);
        Assert.True(r.EsdAssumed);
        File.WriteAllText(t.File("s.cif"), "data_s\n_cell_length_a 4\nloop_\n_atom_site_label\n_atom_site_fract_x\nA 0\n");
        Assert.Contains("--structure", Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("s.cif"))).Message);
    }

    private const string LaB6Cif = """
        data_LaB6
        _cell_length_a 4.1568
        _cell_length_b 4.1568
        _cell_length_c 4.1568
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        _symmetry_space_group_name_H-M 'P m -3 m'
        _symmetry_Int_Tables_number 221
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        La1 La 0 0 0 1
        B1 B 0.1975 0.5 0.5 1
        """;

    /// <summary>
    /// NIST SRM 660c LaB6, certification data set 100a (NIST DBD, Cu Kα, graphite post-monochromator, R = 217.5 mm,
    /// 5332 points in 24 regions; nist_srm660c_100a.cif from NIST data record mds2-2315). The file gives the radiation as
    /// 'Cu K\a' only, so the wavelengths are the certificate's scale (Hölzer et al. 1997: Kα1 1.5405929 Å, Kα2
    /// 1.5444274 Å). Le Bail with zero and sample displacement refined gives a within the certificate's expanded
    /// uncertainty (U = 0.000008 Å, k = 2) of NIST's recomputed cell for exactly this data set, a = 4.156780 Å at
    /// 20.85 °C (the certificate's 4.156826 Å is at 22.5 °C). Without the displacement the cell is biased by more than
    /// 10 U: the refinement of zero and displacement is what puts it there.
    /// </summary>
    [RawSampleFact("nist_srm660c_100a.cif")]
    public void Nist_srm660c_lab_pattern_refines_to_the_certified_cell_once_zero_and_displacement_are_refined()
    {
        var pattern = PowderPatternReader.Read(Path.Combine(BrukerRawReaderTests.SampleDir!, "nist_srm660c_100a.cif"));
        Assert.Equal(5332, pattern.Count);
        Assert.Null(pattern.Wavelength1A);
        var phase = new RefinementPhase("LaB6", CifReader.Parse(LaB6Cif, "LaB6"));
        var opt = new RefinementOptions
        {
            Mode = RefinementMode.LeBail, Wavelength1A = 1.5405929, Wavelength2A = 1.5444274, Ka2Ratio = 0.5, RefineDisplacement = true,
        };
        var r = PowderRefinement.Refine(pattern, [phase], opt);
        double a = r.Phases[0].Cell[0], se = r.Phases[0].CellStdErr[0];
        const double nist = 4.156780, u = 0.000008;
        Assert.True(Math.Abs(a - nist) <= u, $"a = {a:0.000000}({se:0.000000}) Å vs NIST 4.156780 Å for this data set (U = {u})");
        Assert.True(Math.Abs(a - nist) <= 2 * se, $"a = {a:0.000000} Å is {Math.Abs(a - nist) / se:0.0} s.u. from NIST's value");
        Assert.True(r.DisplacementRefined);
        // zero only (no displacement): the cell is off by far more than the certificate's uncertainty
        var zeroOnly = PowderRefinement.Refine(pattern, [phase], opt with { RefineDisplacement = false });
        Assert.True(Math.Abs(zeroOnly.Phases[0].Cell[0] - nist) > 10 * u, $"zero-only a = {zeroOnly.Phases[0].Cell[0]:0.000000}");
    }
}
