using Nitrolyte.Formats.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Structures;

/// <summary>QA sweep of bad input through the structure-based commands: one stderr line naming the file or value,
/// exit 1 (bad file) or 2 (bad option), nothing written.</summary>
public class StructureBadInputTests
{
    private const string Li2SCif = """
        data_t
        _cell_length_a 5.7
        _cell_length_b 5.7
        _cell_length_c 5.7
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        S1 S 0 0 0 1
        Li1 Li 0.25 0.25 0.25 1
        Li2 Li 0.75 0.75 0.75 1
        """;

    private static void AssertOneLine(CliHarness.Result r, int exitCode, params string[] mentions)
    {
        Assert.Equal(exitCode, r.ExitCode);
        var lines = r.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error:", lines[0]);
        foreach (var m in mentions) Assert.Contains(m, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Theory]
    [InlineData("structure info")]
    [InlineData("ewald")]
    [InlineData("xrd")]
    [InlineData("pdf")]
    [InlineData("bvse")]
    public void Binary_files_and_folders_are_named_as_such(string command)
    {
        using var dir = new TempDir();
        var png = dir.File("picture.png");
        File.WriteAllBytes(png, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 0x1A, 10, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R']);
        var rnd = dir.File("noise.bin");
        var bytes = new byte[2000];
        new Random(1).NextBytes(bytes);
        bytes[100] = 0;
        File.WriteAllBytes(rnd, bytes);
        var args = command.Split(' ');
        AssertOneLine(CliHarness.Run([.. args, png, "--json"]), 1, "picture.png", "binary file");
        AssertOneLine(CliHarness.Run([.. args, rnd, "--json"]), 1, "noise.bin", "binary file");
        AssertOneLine(CliHarness.Run([.. args, dir.Path, "--json"]), 1, "is a folder");
    }

    [Fact]
    public void A_csv_is_not_mistaken_for_a_broken_poscar()
    {
        using var dir = new TempDir();
        var csv = dir.File("table.csv");
        File.WriteAllText(csv, "a,b,c\n1,2,3\n");
        AssertOneLine(CliHarness.Run("structure", "info", csv), 1, "table.csv", "not a recognised structure file");
    }

    [Fact]
    public void Bad_option_values_are_usage_errors_naming_the_value()
    {
        using var dir = new TempDir();
        var cif = dir.File("li2s.cif");
        File.WriteAllText(cif, Li2SCif);
        AssertOneLine(CliHarness.Run("xrd", cif, "--wavelength", "banana"), 2, "--wavelength", "banana");
        AssertOneLine(CliHarness.Run("xrd", cif, "--wavelength", "0"), 2, "--wavelength", "out of range");
        AssertOneLine(CliHarness.Run("xrd", cif, "--wavelength", "-1"), 2, "--wavelength", "out of range");
        AssertOneLine(CliHarness.Run("xrd", cif, "--two-theta", "80,10"), 2, "--two-theta", "80,10");
        AssertOneLine(CliHarness.Run("pdf", cif, "--rmax", "-1"), 2, "--rmax -1");
        AssertOneLine(CliHarness.Run("pdf", cif, "--rmax", "1e9"), 2, "--rmax");
        AssertOneLine(CliHarness.Run("bvse", cif, "--grid", "1e-5"), 2, "--grid");
        AssertOneLine(CliHarness.Run("bvse", cif, "--grid", "0"), 2, "--grid");
        var outDir = dir.File("ordered");
        AssertOneLine(CliHarness.Run("order", cif, "--supercell", "0,2,2", "--out", outDir), 2, "--supercell 0,2,2", "determinant");
        AssertOneLine(CliHarness.Run("order", cif, "--samples", "-5", "--out", outDir), 2, "--samples");
        AssertOneLine(CliHarness.Run("structure", "convert", cif, dir.File("x.vasp"), "--supercell", "2,0,2"), 2, "--supercell");
        Assert.False(Directory.Exists(outDir));
        Assert.False(File.Exists(dir.File("x.vasp")));
    }

    [Fact]
    public void Unwritable_outputs_name_the_target_not_a_temporary_file()
    {
        using var dir = new TempDir();
        var cif = dir.File("li2s.cif");
        File.WriteAllText(cif, Li2SCif);
        var blocker = dir.File("blocker");
        File.WriteAllText(blocker, "a file where a folder is expected");
        var target = Path.Combine(blocker, "out.cif");
        var r = CliHarness.Run("structure", "convert", cif, target);
        AssertOneLine(r, 1, "cannot write", target);
        Assert.DoesNotContain(".tmp", r.Stderr);
        var cube = Path.Combine(blocker, "l.cube");
        AssertOneLine(CliHarness.Run("bvse", cif, "--grid", "0.5", "--cube", cube, "--json"), 1, "cannot write", cube);
        // order checks --out before sampling and says so plainly
        var o = CliHarness.Run("order", cif, "--samples", "5", "--out", blocker, "--json");
        Assert.Equal(1, o.ExitCode);
        Assert.Contains("--out", o.Stderr);
        Assert.DoesNotContain("sampled", o.Stderr);
    }

    [Fact]
    public void Bvse_accepts_a_prototype_name_like_the_other_structure_commands()
    {
        var r = CliHarness.Run("bvse", "Li2S", "--grid", "0.3", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Li2S", (string)r.Json()["file"]!);
        Assert.NotNull(r.Json()["barriers_ev"]!["3d"]);
    }

    [Fact]
    public void Structure_view_caption_names_the_element_colours()
    {
        var s = Prototypes.Get("Li9N2Cl3");
        Assert.Equal("Colours: Li dark red, N light blue, Cl green.", Nitrolyte.Evaluation.Steps.StructureStep.ColourKey(s));
    }

    [Fact]
    public void Xrd_of_an_absurdly_large_cell_is_refused_not_run_for_hours()
    {
        using var dir = new TempDir();
        var cif = dir.File("huge.cif");
        File.WriteAllText(cif, Li2SCif.Replace("_cell_length_a 5.7", "_cell_length_a 1e6").Replace("_cell_length_b 5.7", "_cell_length_b 1e6").Replace("_cell_length_c 5.7", "_cell_length_c 1e6"));
        var r = CliHarness.Run("xrd", cif, "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("use a smaller cell or 2θ range", r.Stderr);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Fact]
    public void Ewald_of_more_sites_than_the_matrix_limit_is_refused_before_allocating()
    {
        using var dir = new TempDir();
        var cif = dir.File("big.cif");
        int n = 19;   // 19^3 = 6859 sites > 6000, a simple cubic Li/Cl arrangement
        var sb = new System.Text.StringBuilder($"data_big\n_cell_length_a {n * 2.6}\n_cell_length_b {n * 2.6}\n_cell_length_c {n * 2.6}\n" +
                                               "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_type_symbol\n" +
                                               "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n");
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++)
            sb.Append(((i + j + k) % 2 == 0 ? "Li" : "Cl")).Append(' ').Append((i + j + k) % 2 == 0 ? "Li" : "Cl").Append(' ')
              .Append(((double)i / n).ToString(ic)).Append(' ').Append(((double)j / n).ToString(ic)).Append(' ').Append(((double)k / n).ToString(ic)).Append('\n');
        File.WriteAllText(cif, sb.ToString());
        var r = CliHarness.Run("ewald", cif, "--oxidation", "Li=1,Cl=-1", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("6859 sites", r.Stderr);
        Assert.Contains("limit is 6000", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Pdf_that_would_hold_more_than_1_GB_of_pairs_is_refused_with_a_usable_rmax()
    {
        // 12 sites to 200 Å: about 3.2e7 pair distances at once
        var r = CliHarness.Run("pdf", "Li9N2Cl3", "--rmax", "200", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("use rmax ≤", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Order_refused_for_too_many_sites_is_one_line_and_leaves_no_folder()
    {
        using var dir = new TempDir();
        var outDir = dir.File("o9");
        var r = CliHarness.Run("order", "Li9N2Cl3", "--supercell", "9,9,9", "--samples", "10", "--out", outDir);
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("limit is 6000 sites", r.Stderr);
        Assert.False(Directory.Exists(outDir));
    }
}
