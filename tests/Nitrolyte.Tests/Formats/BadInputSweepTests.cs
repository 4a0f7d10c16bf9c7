using System.Text;
using Nitrolyte.Formats;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats;

/// <summary>
/// QA sweep of bad inputs for the foundation, stability and cell commands: every case must give ONE stderr line that
/// names the file or value and the problem, the right exit code (1 bad data, 2 usage), no stack trace, no stdout.
/// "{f}" in the arguments is replaced by the path of a file holding <c>content</c> ("{dir}" by a directory).
/// </summary>
public class BadInputSweepTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] Elf = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, (byte)',', (byte)'1', (byte)'\n'];

    public static TheoryData<string, string, string, int, string> Cases() => new()
    {
        // name, file content ("" = empty; "PNG"/"ELF" = binary), args, exit code, expected text in the error line
        { "arrhenius empty", "", "arrhenius {f}", 1, "empty" },
        { "arrhenius header only", "T_C,sigma\n", "arrhenius {f}", 1, "no data rows" },
        { "arrhenius non-numeric", "T_C,sigma\n25,1e-4\n50,abc\n", "arrhenius {f}", 1, ":3: column 'sigma' holds 'abc'" },
        { "arrhenius png", "PNG", "arrhenius {f}", 1, "binary content" },
        { "arrhenius elf", "ELF", "arrhenius {f} --json", 1, "binary content" },
        { "arrhenius one temperature", "T_C,sigma\n25,1e-4\n25,2e-4\n25,3e-4\n", "arrhenius {f}", 1, "same temperature" },
        { "arrhenius directory", "", "arrhenius {dir}", 1, "is a directory" },
        { "arrhenius missing", "", "arrhenius {dir}/nothere.csv", 1, "file not found" },
        { "arrhenius bad form", "T_C,sigma\n25,1e-4\n50,2e-4\n", "arrhenius {f} --form foo", 1, "unknown Arrhenius form 'foo'" },
        { "simulate below absolute zero", "", "arrhenius simulate --ea-ev 0.3 --sigma-25c-s-per-cm 1e-4 --temperatures-c -300,50 --out {dir}/s.csv", 2, "-300 °C is below absolute zero" },
        { "simulate negative Ea", "", "arrhenius simulate --ea-ev -0.3 --sigma-25c-s-per-cm 1e-4 --temperatures-c 25,50 --out {dir}/s.csv", 2, "--ea-ev must be zero or positive" },
        { "simulate negative noise", "", "arrhenius simulate --ea-ev 0.3 --sigma-25c-s-per-cm 1e-4 --temperatures-c 25,50 --noise-pct -3 --out {dir}/s.csv", 2, "--noise-pct" },
        { "synthesis mass not a number", "", "synthesis --target Li2NH --precursors LiNH2,Li3N --mass-g abc", 2, "'--mass-g' as a number" },
        { "synthesis zero mass", "", "synthesis --target Li2NH --precursors LiNH2,Li3N --mass-g 0", 2, "--mass-g" },
        { "composition unknown element", "", "composition Xx3N", 1, "unknown element 'Xx'" },
        { "synthesis negative tolerance", "", "synthesis --target Li2NH --precursors LiNH2,Li3N --tolerance -1", 2, "--tolerance" },
        { "synthesis duplicate precursor", "", "synthesis --target Li2NH --precursors Li3N,Li3N,LiNH2", 2, "'Li3N' is listed twice" },
        { "composition all zero", "", "composition Li0N0", 1, "every amount is zero" },
        { "evaluate binary manifest", "PNG", "evaluate {f} --out {dir}/out", 1, "binary content" },
        { "evaluate item without file", "material: X\ndata:\n  - technique: conductivity_table\n", "evaluate {f} --out {dir}/out", 1, "data item 1 (conductivity_table) has no 'file:'" },
        { "evaluate negative thickness", "material: X\nsample:\n  thickness_mm: -1\ndata: []\n", "evaluate {f} --out {dir}/out", 1, "sample: thickness_mm must be a positive number" },
        { "evaluate relative density in percent", "material: X\nsample: { relative_density: 85 }\ndata: []\n", "evaluate {f} --out {dir}/out", 1, "relative_density must be at most 1" },
        { "evaluate bad formula", "material: X\nformula: Qq3N\ndata: []\n", "evaluate {f} --out {dir}/out", 1, "formula 'Qq3N': unknown element" },
        { "evaluate out under a file", "T_C,sigma\n", "evaluate {dir} --out {f}/sub", 2, "cannot create this folder" },
        { "evaluate out is a file", "T_C,sigma\n", "evaluate {dir} --out {f}", 2, "is a file" },
        { "library add binary", "PNG", "library add {f}", 1, "binary content" },
        { "library add empty", "", "library add {f}", 1, "the file is empty" },
        { "library min-sigma not a number", "", "library list --min-sigma abc", 2, "'--min-sigma' as a number" },
        { "stability hull binary", "PNG", "stability hull {f}", 1, "binary content" },
        { "stability hull empty", "", "stability hull {f}", 1, "the file is empty" },
        { "stability hull directory", "", "stability hull {dir}", 1, "is a folder" },
        { "cell energy negative thickness", "", "cell energy --layer Li3N:-5", 2, "thickness '-5'" },
        { "cell energy zero capacity", "", "cell energy --areal-capacity-mah-cm2 0 --layer Li3N:50", 2, "areal capacity must be positive" },
        { "cell polarisation zero area", "", "cell polarisation --layer 1e-4:50 --area-cm2 0 --current-density-ma-cm2 1", 2, "--area-cm2 must be positive" },
        { "stability vacancy no numbers", "", "stability vacancy --host-ev abc --reference-ev -1.9 --defect-ev -10", 2, "'--host-ev' as a number" },
        { "stability window binary", "ELF", "stability window {f} --formula Li3N", 1, "binary content" },
        { "cell energy np and li-um", "", "cell energy --layer Li3N:50 --li-um 20 --np 2", 2, "either --np or --li-um" },
        { "cell without a command", "", "cell", 2, "'cell' needs a command: energy, critical" },
        { "unknown command", "", "frobnicate", 2, "Unrecognized command or argument 'frobnicate'" },
        { "cell polarisation negative sigma", "", "cell polarisation --layer -1e-4:50 --current-density-ma-cm2 1", 2, "conductivity '-1e-4'" },
    };

    [Fact]
    public void Stability_names_a_bad_formula_once()
    {
        var r = CliHarness.Run("stability", "vacancy", "--host-ev", "-100", "--reference-ev", "-1.9", "--defect-ev", "-96");
        Assert.Equal(0, r.ExitCode);
        var ex = Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => Nitrolyte.Thermodynamics.StabilityAnalysis.ParseFormula("Xx2"));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Matches(ex.Message, "formula 'Xx2'").Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gives_one_error_line_and_the_right_exit_code(string name, string content, string args, int exitCode, string expected)
    {
        using var tmp = new TempDir();
        var file = tmp.File("input.csv");
        if (content == "PNG") File.WriteAllBytes(file, Png);
        else if (content == "ELF") File.WriteAllBytes(file, Elf);
        else File.WriteAllText(file, content);
        var dir = Directory.CreateDirectory(tmp.File("adir")).FullName;
        var argv = args.Split(' ').Select(a => a.Replace("{f}", file).Replace("{dir}", dir)).ToArray();

        var r = CliHarness.Run(argv);

        Assert.True(exitCode == r.ExitCode, $"{name}: exit {r.ExitCode}, stderr: {r.Stderr}");
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("error:")).ToArray();
        Assert.True(lines.Length == 1, $"{name}: expected one error line, got: {r.Stderr}");
        Assert.DoesNotContain("internal error", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Contains(expected, lines[0]);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Fact]
    public void Evaluate_names_the_manifest_and_item_of_a_bad_option()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("s.csv"), "T_C,sigma_s_per_cm\n25,1e-4\n50,3e-4\n75,8e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: X\ndata:\n  - technique: conductivity_table\n    file: s.csv\n    options: { form: foo }\n");
        // issue 14: the item is listed under not_analysed (label, technique, file, reason) and the run goes on
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var item = Assert.Single(r.Json()["not_analysed"]!.AsArray())!;
        Assert.Equal("conductivity_table", item["technique"]!.ToString());
        Assert.EndsWith("s.csv", item["file"]!.ToString());
        Assert.Contains("unknown Arrhenius form 'foo'", item["reason"]!.ToString());
        Assert.Contains("s.csv (conductivity_table", r.Stderr);
    }

    [Fact]
    public void Utf16_tables_with_a_byte_order_mark_are_text_not_binary()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("u16.csv"), "T_C,sigma_s_per_cm\n25,1e-4\n50,3e-4\n", new UnicodeEncoding(false, true));
        var t = DelimitedTable.Read(tmp.File("u16.csv"));
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(3e-4, t.Rows[1][1]);
    }

    [Fact]
    public void Headerless_rows_keep_their_line_numbers()
    {
        var t = DelimitedTable.Parse("x.csv", new[] { "# comment", "", "300 1e-4", "310 2e-4" }.AsEnumerable());
        Assert.Equal(["column1", "column2"], t.Header);
        Assert.Equal([3, 4], t.RowLineNumbers);
        Assert.Equal(310, t.Rows[1][0]);
        var ex = Assert.Throws<Nitrolyte.Core.NitrolyteFormatException>(() => DelimitedTable.Parse("x.csv", new[] { "T_K,sigma", "300,1e-4", "310,\u0001" + new string('x', 100) }.AsEnumerable()));
        Assert.Contains("x.csv:3", ex.Message);
        Assert.True(ex.Message.Length < 150, ex.Message); // a binary or very long cell is clipped in the message
    }

    [Fact]
    public void Scorecard_numbers_have_four_significant_figures()
    {
        Assert.Equal("399.4", Nitrolyte.Reports.HtmlReportWriter.FormatNumber(399.4409));
        Assert.Equal("267.1", Nitrolyte.Reports.HtmlReportWriter.FormatNumber(267.0886));
        Assert.Equal("0.5", Nitrolyte.Reports.HtmlReportWriter.FormatNumber(0.5));
        Assert.Equal("0.001235", Nitrolyte.Reports.HtmlReportWriter.FormatNumber(0.00123456));
        Assert.Equal("4.493e-5", Nitrolyte.Reports.HtmlReportWriter.FormatNumber(4.4934e-5));
        Assert.Equal("12346", Nitrolyte.Reports.HtmlReportWriter.FormatNumber(12345.6));
    }
}
