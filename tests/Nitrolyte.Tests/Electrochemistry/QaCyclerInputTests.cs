using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Electrochemistry;

/// <summary>
/// QA of the cycler/potentiostat readers and the dcpol/cv/cycle/convert commands: the documented sign convention
/// on every reader (charge = positive current), and bad input that used to pass silently or gave a vague message.
/// </summary>
public class QaCyclerInputTests
{
    private const string Generated = "examples/li9n2cl3/";

    private static string Example(string relative) => Path.Combine(RepositoryPaths.RepositoryRoot!, relative);

    /// <summary>Every reader: charge steps have I &gt; 0, discharge steps I &lt; 0 (docs/file-formats.md).</summary>
    [SharedDataTheory]
    [InlineData("biologic/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr")]
    [InlineData("biologic/yadg/gcpl.issue_149.mpr")]
    [InlineData("biologic/yadg/gcpl.issue_149.mpt")]
    [InlineData("other_formats/NewareNDA/TestFile.nda")]
    [InlineData("other_formats/NewareNDA/new_nda_file.nda")]
    [InlineData("other_formats/cellpy/maccor_001.txt")]
    public void Charge_steps_have_positive_current(string relative)
    {
        var ts = TimeSeriesReader.Read(SharedData.TestData(relative), keepExtras: false);
        int charge = 0, discharge = 0;
        for (int i = 0; i < ts.Count; i++)
        {
            var kind = TimeSeriesCsv.KindName(ts.Kind![i]);
            double I = ts.CurrentA[i];
            // Neware writes one zero-current point at the start of some steps; NewareNDA's reference has it too.
            if (I == 0) continue;
            if (kind == "charge") { Assert.True(I > 0, $"{relative} row {i}: charge with I = {I}"); charge++; }
            if (kind == "discharge") { Assert.True(I < 0, $"{relative} row {i}: discharge with I = {I}"); discharge++; }
        }
        Assert.True(charge > 0 && discharge > 0, $"{relative}: {charge} charge and {discharge} discharge rows");
    }

    /// <summary>Gamry curves keep their other numeric columns (gamry-parser: curve 5 ends with Sig 0.890, IERange 5).</summary>
    [SharedDataFact]
    public void Gamry_time_series_keep_the_recorded_extra_columns()
    {
        var ts = TimeSeriesReader.Read(SharedData.TestData("other_formats/gamry-parser/cv_data.dta"));
        Assert.Equal(0.889001, ts.VoltageV[^1], 9);
        Assert.Equal(2.622720e-07, ts.CurrentA[^1], 15);
        Assert.Equal(0.890, ts.Extra["Sig"][^1], 9);
        Assert.Equal(5, ts.Extra["IERange"][^1]);
        Assert.False(ts.Extra.ContainsKey("Over")); // text (overload bits)
        Assert.Equal(ts.Count, ts.Extra["Vu"].Length);
    }

    private static CliHarness.Result OneError(int exitCode, string expected, params string[] args)
    {
        var r = CliHarness.Run(args);
        Assert.True(exitCode == r.ExitCode, $"exit {r.ExitCode}, stderr: {r.Stderr}");
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("error:")).ToArray();
        Assert.True(lines.Length == 1, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Contains(expected, lines[0]);
        return r;
    }

    [Fact]
    public void Negative_or_zero_physical_options_are_refused()
    {
        var ccd = Example(Generated + "ccd_staircase_generated.csv");
        var full = Example(Generated + "full_cell_ncm83_generated.csv");
        var cv = Example("examples/li2nh/cv_li_li2nh_steel_generated.csv");
        var dc = Example("examples/li2nh/dcpol_au_li2nh_au_0.5V_generated.csv");
        // these four used to run and print numbers (a negative net_li_pct, a negative bulk resistance, mAh/cm2 = inf)
        OneError(1, "the thickness must be positive", "cycle", "symmetric", ccd, "--area-cm2", "0.785", "--thickness-mm", "-1", "--sigma-s-per-cm", "1e-4");
        OneError(1, "sigma must be positive", "cycle", "symmetric", ccd, "--area-cm2", "0.785", "--thickness-mm", "1", "--sigma-s-per-cm", "0");
        OneError(1, "the electrode area must be positive", "cycle", "full", full, "--active-mass-mg", "10", "--area-cm2", "0");
        OneError(1, "the pellet mass must be positive", "cv", cv, "--pellet-mass-mg", "-5", "--formula", "Li2NH");
        OneError(2, "not both", "dcpol", dc, "--thickness-mm", "1", "--area-cm2", "1", "--diameter-mm", "3");
        OneError(2, "give --area-cm2 or --diameter-mm", "cycle", "symmetric", ccd);
        var byDiameter = CliHarness.Run("cycle", "symmetric", ccd, "--diameter-mm", "10", "--json");
        Assert.True(byDiameter.ExitCode == 0, byDiameter.Stderr);
        Assert.Equal(0.7853981633974483, byDiameter.Json()["area_cm2"]!.GetValue<double>(), 12);
        OneError(1, "the active mass must be positive", "cycle", "full", full, "--active-mass-mg", "0");
        OneError(1, "the thickness must be positive", "dcpol", dc, "--thickness-mm", "-1", "--diameter-mm", "10");
    }

    [Fact]
    public void Directories_and_binary_csv_are_named_as_such()
    {
        using var tmp = new TempDir();
        var dir = Directory.CreateDirectory(tmp.File("run.mpr")).FullName;
        OneError(1, "is a directory", "convert", dir, "--to", "csv", "--out", tmp.File("o.csv"));
        var bin = tmp.File("trace.csv");
        File.WriteAllBytes(bin, [0x50, 0x4B, 3, 4, 0, 0, 0x41, 0x42, 0, 1, 2]);
        OneError(1, "binary content", "cycle", "symmetric", bin, "--area-cm2", "1");
        Assert.False(File.Exists(tmp.File("o.csv")));
        var one = tmp.File("one.csv");
        File.WriteAllText(one, "time_s,voltage_v,current_a\n0,3.0,1e-3\n");
        OneError(1, "too few points", "cycle", "symmetric", one, "--area-cm2", "1"); // used to report a 0 s half cycle
    }

    [SharedDataFact]
    public void Mpt_with_a_wrong_header_line_count_says_so()
    {
        using var tmp = new TempDir();
        var src = File.ReadAllText(SharedData.TestData("biologic/yadg/cp.mpt"), System.Text.Encoding.Latin1);
        foreach (var (n, seen) in new[] { (40, "Time format"), (80, "1 0 0") })
        {
            var f = tmp.File($"hdr{n}.mpt");
            File.WriteAllText(f, src.Replace("Nb header lines : 59", $"Nb header lines : {n}"), System.Text.Encoding.Latin1);
            var r = OneError(1, $"line {n} should be the tab-separated column header", "convert", f, "--to", "csv", "--out", tmp.File("o.csv"));
            Assert.Contains(seen, r.Stderr);
            Assert.Contains($"hdr{n}.mpt:{n}", r.Stderr);
        }
        Assert.False(File.Exists(tmp.File("o.csv")));
    }

    [SharedDataFact]
    public void Mpr_cut_inside_its_magic_is_called_truncated()
    {
        using var tmp = new TempDir();
        var f = tmp.File("cut.mpr");
        File.WriteAllBytes(f, File.ReadAllBytes(SharedData.TestData("biologic/yadg/cp.mpr"))[..10]);
        OneError(1, "truncated file", "convert", f, "--to", "csv", "--out", tmp.File("o.csv"));
    }

    [SharedDataFact]
    public void Truncated_nda_keeps_complete_records_and_warns()
    {
        using var tmp = new TempDir();
        foreach (var (name, cut, rows) in new[] { ("TestFile.nda", 196880, 3497), ("new_nda_file.nda", 123650, 438) })
        {
            var bytes = File.ReadAllBytes(SharedData.TestData("other_formats/NewareNDA/" + name));
            var f = tmp.File("cut_" + name);
            File.WriteAllBytes(f, bytes[..cut]);
            var r = CliHarness.Run("convert", f, "--to", "csv", "--out", tmp.File("o.csv"), "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(rows, r.Json()["rows"]!.GetValue<long>());
            Assert.Contains("ends inside a record", r.Stderr);
            Assert.Contains("truncated file?", r.Json()["warnings"]![0]!.GetValue<string>());
            // the complete file has no such warning
            var full = CliHarness.Run("convert", SharedData.TestData("other_formats/NewareNDA/" + name), "--to", "csv", "--out", tmp.File("o.csv"), "--json");
            Assert.DoesNotContain("ends inside a record", full.Stderr);
        }
    }

    [SharedDataFact]
    public void Convert_reports_reader_warnings_and_prints_the_path_on_one_line()
    {
        using var tmp = new TempDir();
        var outFile = tmp.File("a-rather-long-output-file-name-that-used-to-wrap-the-console-line.csv");
        var r = CliHarness.Run("convert", SharedData.TestData("biologic/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"), "--to", "csv", "--out", outFile);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("I = dq/dt", r.Stderr);
        Assert.Contains($"Wrote 46102 rows x 18 columns (BioLogicMpr) to {outFile}", r.Stdout);
    }
}
