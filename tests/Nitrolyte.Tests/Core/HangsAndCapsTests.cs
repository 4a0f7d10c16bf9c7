using System.Numerics;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Core;

/// <summary>Hangs and caps (issue 14): huge values, overflowing entries, many symmetry operations, work-multiplying options.</summary>
public class HangsAndCapsTests
{
    private static ImpedanceSpectrum Rc(double scale)
    {
        var c = Circuit.Parse("R0-p(R1,C1)");
        var f = Enumerable.Range(0, 41).Select(k => Math.Pow(10, 6 - 0.2 * k)).ToArray();
        var z = c.Simulate(f, [100, 1000, 1e-9]).Select(v => v * scale).ToArray();
        return new ImpedanceSpectrum(f, z, "rc.csv");
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    public void LinKKScalesHugeAndTinyImpedances(double scale)
    {
        var reference = KramersKronig.LinKK(Rc(1));
        var scaled = KramersKronig.LinKK(Rc(scale));
        Assert.Equal(reference.M, scaled.M);
        Assert.Equal(reference.Mu, scaled.Mu, 9);
        Assert.Equal(reference.MaxResidualPct, scaled.MaxResidualPct, 6);
        Assert.Equal(reference.ROhmicOhm * scale, scaled.ROhmicOhm, Math.Abs(reference.ROhmicOhm * scale) * 1e-6);
        Assert.True(double.IsFinite(scaled.MeanAbsResidualPct));
        Assert.All(scaled.ZFit.Zip(Rc(scale).Z), p => Assert.True(Complex.Abs(p.First - p.Second) <= 0.05 * Complex.Abs(p.Second)));
    }

    [Fact]
    public void EisKkOn1e308IsFiniteAndQuick()
    {
        using var tmp = new TempDir();
        var sb = new StringBuilder("f/Hz,Z'/Ohm,Z''/Ohm\n");
        var s = Rc(1e305);
        for (int i = 0; i < s.Count; i++) sb.Append(FormattableString.Invariant($"{s.FrequenciesHz[i]:R},{s.Z[i].Real:R},{s.Z[i].Imaginary:R}\n"));
        File.WriteAllText(tmp.File("big.csv"), sb.ToString());
        var r = CliHarness.Run("eis", "kk", tmp.File("big.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("Infinity", r.Stdout);
        Assert.DoesNotContain("NaN", r.Stdout);
    }

    [Fact]
    public void CircuitFitAndDrtRefuseImpedancesNearTheDoubleRange()
    {
        var e = Assert.Throws<NitrolyteInputException>(() => CnlsFitter.Fit(Rc(1e300), Circuit.Parse("R0-p(R1,C1)")));
        Assert.Contains("outside the range 1e-100 to 1e100", e.Message);
        Assert.Throws<NitrolyteInputException>(() => Drt.Compute(Rc(1e-300)));
        Assert.Equal(1000, CnlsFitter.Fit(Rc(1), Circuit.Parse("R0-p(R1,C1)")).Values[1], 1e-3);
    }

    [Fact]
    public void JsonEntriesWhoseEnergyPlusCorrectionOverflowsAreRefused()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("e.json"), """
            [{"composition": {"Li": 1}, "energy": -1.9},
             {"composition": {"N": 2}, "energy": -16.6},
             {"composition": {"Li": 3, "N": 1}, "energy": 1.7e308, "correction": 1.7e308}]
            """);
        var r = CliHarness.Run("stability", "window", tmp.File("e.json"), "--formula", "Li3N");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("overflows", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void EntriesWithAbsurdEnergiesPerAtomAreRefused()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("e.json"), """
            [{"composition": {"Li": 1}, "energy": -1.9},
             {"composition": {"N": 2}, "energy": -16.6},
             {"composition": {"Li": 3, "N": 1}, "energy": -1e300}]
            """);
        var r = CliHarness.Run("stability", "hull", tmp.File("e.json"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("eV per atom is not a total energy", r.Stderr);
    }

    private static string CifWithTranslations(int na, int nb, int nc, bool dropOne = false, bool noIdentity = false)
    {
        var sb = new StringBuilder("data_t\n_cell_length_a 10\n_cell_length_b 10\n_cell_length_c 10\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_symmetry_equiv_pos_as_xyz\n");
        int n = 0;
        for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
        for (int k = 0; k < nc; k++)
        {
            if (n++ == 1 && dropOne) continue;
            if (i + j + k == 0 && noIdentity) continue;
            sb.Append(FormattableString.Invariant($"'x+{i}/{na},y+{j}/{nb},z+{k}/{nc}'\n"));
        }
        sb.Append("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 Li 0.01 0.02 0.03\n");
        return sb.ToString();
    }

    [Fact]
    public void ManySymmetryOperationsAreExpandedAndTooManyRefused()
    {
        // 8 × 8 × 24 = 1536 lattice translations (the cap): one site becomes 1536 (linear work, not cubic)
        var s = CifReader.Parse(CifWithTranslations(8, 8, 24), "t.cif");
        Assert.Equal(CifReader.MaxSymmetryOperations, s.Sites.Count);
        var e = Assert.Throws<NitrolyteFormatException>(() => CifReader.Parse(CifWithTranslations(10, 10, 20), "t.cif"));
        Assert.Contains($"more than {CifReader.MaxSymmetryOperations} distinct symmetry operations", e.Message);
        // the closure check still names a missing product, and a list without the identity
        var open = Assert.Throws<NitrolyteFormatException>(() => CifReader.Parse(CifWithTranslations(4, 1, 1, dropOne: true), "t.cif"));
        Assert.Contains("inconsistent symmetry operations", open.Message);
        Assert.Contains("not in the list", open.Message);
        var noId = Assert.Throws<NitrolyteFormatException>(() => CifReader.Parse(CifWithTranslations(2, 1, 1, noIdentity: true), "t.cif"));
        Assert.Contains("identity", noId.Message);
    }

    [Fact]
    public void SymmetryOperationSetFindsEquivalentsModuloLatticeTranslations()
    {
        var set = new Nitrolyte.Structures.SymmetryOperationSet();
        var a = Nitrolyte.Structures.SymmetryOperation.TryParse("-x,-y,z+1/2", out _)!;
        Assert.True(set.Add(a));
        Assert.False(set.Add(Nitrolyte.Structures.SymmetryOperation.TryParse("-x,-y,z-1/2", out _)!));
        Assert.False(set.Add(Nitrolyte.Structures.SymmetryOperation.TryParse("-x,-y,z+0.50004", out _)!));
        Assert.True(set.Add(Nitrolyte.Structures.SymmetryOperation.TryParse("-x,-y,z+0.4995", out _)!));
        Assert.True(set.Add(Nitrolyte.Structures.SymmetryOperation.TryParse("x,y,z+1/2", out _)!));
        Assert.Equal(3, set.Count);
    }

    [Theory]
    [InlineData("--multistart", "5000", "cap of 1000")]
    public void EisFitMultistartIsCapped(string option, string value, string message)
    {
        using var tmp = new TempDir();
        var s = Rc(1);
        var sb = new StringBuilder("f/Hz,Z'/Ohm,Z''/Ohm\n");
        for (int i = 0; i < s.Count; i++) sb.Append(FormattableString.Invariant($"{s.FrequenciesHz[i]:R},{s.Z[i].Real:R},{s.Z[i].Imaginary:R}\n"));
        File.WriteAllText(tmp.File("rc.csv"), sb.ToString());
        var r = CliHarness.Run("eis", "fit", tmp.File("rc.csv"), "--circuit", "R0-p(R1,C1)", option, value);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void WorkMultiplyingOptionsAreCappedWithClearMessages()
    {
        using var tmp = new TempDir();
        var md = CliHarness.Run("md", "simulate", "--temperature-k", "600", "--frames", "2000000", "--out", tmp.File("X"));
        Assert.NotEqual(0, md.ExitCode);
        Assert.Contains("cap of 1,000,000", md.Stderr);
        var md2 = CliHarness.Run("md", "simulate", "--temperature-k", "600", "--frames", "100000", "--supercell", "10", "--out", tmp.File("X"));
        Assert.NotEqual(0, md2.ExitCode);
        Assert.Contains("atom-frames", md2.Stderr);
        var sim = CliHarness.Run("eis", "simulate", "--circuit", "R0", "--params", "R0=1", "--points-per-decade", "5000", "--out", tmp.File("s.csv"));
        Assert.Equal(2, sim.ExitCode);
        Assert.Contains("at most 1000", sim.Stderr);
        var sim2 = CliHarness.Run("eis", "simulate", "--circuit", "R0", "--params", "R0=1", "--fmin", "1e-300", "--fmax", "1e300", "--points-per-decade", "1000", "--out", tmp.File("s.csv"));
        Assert.Equal(2, sim2.ExitCode);
        Assert.Contains("100,000", sim2.Stderr);
        var order = CliHarness.Run("order", "alpha-Li3N", "--samples", "2000000", "--out", tmp.File("o"), "--oxidation", "Li=1,N=-3");
        Assert.NotEqual(0, order.ExitCode);
        Assert.Contains("cap of 1,000,000", order.Stderr);
        var sc = CliHarness.Run("structure", "convert", "alpha-Li3N", tmp.File("big.vasp"), "--supercell", "1e10,1,1");
        Assert.Equal(2, sc.ExitCode);
        Assert.False(File.Exists(tmp.File("big.vasp")));
    }

    [Theory]
    [InlineData(new[] { "eis", "fit" }, "at most 1000")]
    [InlineData(new[] { "eis", "simulate" }, "at most 1000")]
    [InlineData(new[] { "md", "simulate" }, "at most 1,000,000")]
    [InlineData(new[] { "order" }, "at most 1,000,000")]
    [InlineData(new[] { "structure", "convert" }, "at most 1000 cells")]
    [InlineData(new[] { "structure", "info" }, "at most 1536")]
    public void CapsAreStatedInHelp(string[] command, string text)
    {
        var r = CliHarness.Run([.. command, "--help"]);
        Assert.Contains(text, r.Stdout.Replace("\n", " ").Replace("  ", " "));
    }
}
