using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Formats;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats;

/// <summary>Files the tool writes open in other tools with no options: the header is the first line, metadata in the
/// <c>.metadata.json</c> sidecar; <c>--to bdf</c> writes Battery Data Format columns.</summary>
public class ConvertOutputsTests
{
    private static string Mpt(TempDir tmp, bool withCurrent = true)
    {
        var sb = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 6\n\nGalvanostatic Cycling with Potential Limitation\nAcquisition started on : 03/15/2021 10:00:00.000\n");
        sb.Append(withCurrent ? "mode\tNs\ttime/s\tEwe/V\tI/mA\tcycle number\tEce/V\n" : "mode\tNs\ttime/s\tEwe/V\tcycle number\tEce/V\n");
        for (int i = 0; i < 20; i++)
        {
            double t = 10 * i + 5, e = 3 + 0.001 * i, cur = i < 10 ? 0.5 : -0.5;
            string T(double x) => x.ToString("R", CultureInfo.InvariantCulture);
            sb.Append(withCurrent ? $"1\t{i / 10}\t{T(t)}\t{T(e)}\t{T(cur)}\t0\t0.1\n" : $"1\t{i / 10}\t{T(t)}\t{T(e)}\t0\t0.1\n");
        }
        var p = tmp.File("run.mpt");
        File.WriteAllText(p, sb.ToString(), Encoding.Latin1);
        return p;
    }

    [Fact]
    public void CsvStartsWithTheHeaderAndTheSidecarHoldsTheMetadata()
    {
        using var tmp = new TempDir();
        var src = Mpt(tmp);
        var o = tmp.File("run.csv");
        var r = CliHarness.Run("convert", src, "--to", "csv", "--out", o, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(o);
        Assert.StartsWith("time_s,voltage_v,current_a,cycle,step,step_kind", lines[0]);
        Assert.DoesNotContain(lines, l => l.StartsWith('#'));
        Assert.Equal(21, lines.Length);
        var meta = JsonNode.Parse(File.ReadAllText(tmp.File("run.metadata.json")))!;
        Assert.Equal(CsvMetadata.Schema, meta["schema"]!.GetValue<string>());
        Assert.Equal("run.mpt", meta["source"]!.GetValue<string>());
        Assert.Equal("BioLogic mpt", meta["format"]!.GetValue<string>());
        Assert.Equal("Galvanostatic Cycling with Potential Limitation", meta["technique"]!.GetValue<string>());
        Assert.Equal("2021-03-15T10:00:00.000", meta["start_time"]!.GetValue<string>());
        Assert.Equal("current_a", meta["columns"]![2]!["name"]!.GetValue<string>());
        Assert.Equal("A", meta["columns"]![2]!["unit"]!.GetValue<string>());
        Assert.Equal("Ece/V", meta["columns"]![6]!["name"]!.GetValue<string>());
        Assert.Equal(r.Json()["metadata"]!.GetValue<string>(), Path.GetFullPath(tmp.File("run.metadata.json")));
        // read back: the sidecar restores technique and start time
        var back = TimeSeriesCsv.Read(o);
        Assert.Equal("Nitrolyte CSV", back.Format);
        Assert.Equal(new DateTimeOffset(2021, 3, 15, 10, 0, 0, TimeSpan.Zero), back.StartTime);
        Assert.Equal(-0.5e-3, back.CurrentA[^1], 15);
    }

    [Fact]
    public void NoCurrentSurvivesWithoutAMagicLine()
    {
        using var tmp = new TempDir();
        var o = tmp.File("nc.csv");
        Assert.Equal(0, CliHarness.Run("convert", Mpt(tmp, withCurrent: false), "--to", "csv", "--out", o).ExitCode);
        Assert.False(TimeSeriesCsv.Read(o).HasCurrent);
        File.Delete(tmp.File("nc.metadata.json"));
        Assert.False(TimeSeriesCsv.Read(o).HasCurrent); // an all-empty current column is no current
    }

    [Fact]
    public void OldFilesWithTheMagicLineAreStillRead()
    {
        using var tmp = new TempDir();
        var p = tmp.File("old.csv");
        File.WriteAllText(p, "# nitrolyte time series v1; source=x.mpr; format=BioLogic mpr; technique=GCPL; start=2020-01-02T03:04:05.000\ntime_s,voltage_v,current_a,cycle,step,step_kind\n0,3.1,0.001,1,1,charge\n1,3.2,0.001,1,1,charge\n");
        var ts = TimeSeriesCsv.Read(p);
        Assert.Equal("GCPL", ts.Technique);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), ts.StartTime);
        Assert.Equal([3.1, 3.2], ts.VoltageV);
    }

    [Fact]
    public void BdfHasTheRequiredColumnsInSiUnitsAndUnixTime()
    {
        using var tmp = new TempDir();
        var o = tmp.File("run.bdf.csv");
        var r = CliHarness.Run("convert", Mpt(tmp), "--to", "bdf", "--out", o);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(o);
        Assert.Equal("Test Time / s,Voltage / V,Current / A,Unix Time / s,Cycle Count / 1,Step Count / 1", lines[0]);
        var first = lines[1].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var last = lines[^1].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(0, first[0]);
        Assert.Equal(190, last[0], 9);
        Assert.Equal(3.019, last[1], 12);
        Assert.Equal(-0.5e-3, last[2], 15);
        double unixStart = (new DateTime(2021, 3, 15, 10, 0, 5) - DateTime.UnixEpoch).TotalSeconds; // first row at 5 s
        Assert.Equal(unixStart, first[3], 6); // the first row's wall-clock time (acquisition start + its time/s)
        Assert.Equal(unixStart + 190, last[3], 6);
        Assert.Equal(1, last[5]);
        var meta = JsonNode.Parse(File.ReadAllText(tmp.File("run.bdf.metadata.json")))!;
        Assert.Equal("Unix Time / s", meta["columns"]![3]!["name"]!.GetValue<string>());
        Assert.Equal("s", meta["columns"]![3]!["unit"]!.GetValue<string>());
    }

    [Fact]
    public void BdfParquetHoldsTheSameColumnsAndValues()
    {
        using var tmp = new TempDir();
        var src = Mpt(tmp);
        var csv = tmp.File("run.bdf.csv");
        var pq = tmp.File("run.bdf.parquet");
        Assert.Equal(0, CliHarness.Run("convert", src, "--to", "bdf", "--out", csv).ExitCode);
        var r = CliHarness.Run("convert", src, "--to", "bdf", "--out", pq);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(tmp.File("run.bdf.metadata.json")));
        var lines = File.ReadAllLines(csv);
        var names = lines[0].Split(',');
        var expected = lines.Skip(1).Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Task.Run(async () =>
        {
            using var fs = File.OpenRead(pq);
            await using var reader = await Parquet.ParquetReader.CreateAsync(fs);
            var fields = reader.Schema.GetDataFields();
            Assert.Equal(names, fields.Select(f => f.Name).ToArray());
            Assert.Equal(1, reader.RowGroupCount);
            using var g = reader.OpenRowGroupReader(0);
            Assert.Equal(expected.Length, (int)g.RowCount);
            for (int c = 0; c < fields.Length; c++)
            {
                var col = new double[g.RowCount];
                await g.ReadAsync<double>(fields[c], col.AsMemory());
                for (int i = 0; i < col.Length; i++) Assert.Equal(expected[i][c], col[i]);
            }
        }).GetAwaiter().GetResult();
    }

    [Fact]
    public void OutputEqualToInputIsRefused()
    {
        using var tmp = new TempDir();
        var src = Mpt(tmp);
        var before = File.ReadAllText(src);
        var r = CliHarness.Run("convert", src, "--to", "csv", "--out", src);
        Assert.Equal(1, r.ExitCode); // the shared OutputGuard refusal (bad input, exit 1)
        Assert.Contains("this is the input file", r.Stderr);
        Assert.Equal(before, File.ReadAllText(src));
    }

    [Fact]
    public void SimulatorsWriteThePlainHeaderAndASidecar()
    {
        using var tmp = new TempDir();
        var c = tmp.File("cyc.csv");
        var r = CliHarness.Run("cycle", "simulate", "--preset", "seed000-symmetric", "--out", c);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("time_s,", File.ReadLines(c).First());
        Assert.Contains("cycle simulate", JsonNode.Parse(File.ReadAllText(tmp.File("cyc.metadata.json")))!["generated_by"]!.GetValue<string>());
        var e = tmp.File("z.csv");
        r = CliHarness.Run("eis", "simulate", "--circuit", "R0-p(R1,C1)", "--params", "R0=100,R1=1000,C1=1e-9", "--out", e);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("f/Hz,Z'/Ohm,Z''/Ohm", File.ReadLines(e).First());
        Assert.Contains("eis simulate", JsonNode.Parse(File.ReadAllText(tmp.File("z.metadata.json")))!["generated_by"]!.GetValue<string>());
    }
}

/// <summary>Cycler CSV exports read by the shared column layer: Arbin (with and without units), Neware BTS
/// (hh:mm:ss and d-hh:mm:ss times, step time beside test time), absolute date-times kept.</summary>
public class CyclerCsvExportTests
{
    [Theory]
    [InlineData("Data_Point,Test_Time(s),Step_Time(s),Date_Time,Step_Index,Cycle_Index,Current(A),Voltage(V),Charge_Capacity(Ah),Discharge_Capacity(Ah)", 1.0, 1.0)]
    [InlineData("Data_Point,Test_Time,Step_Time,Date_Time,Step_Index,Cycle_Index,Current,Voltage,Charge_Capacity,Discharge_Capacity", 1.0, 1.0)]
    [InlineData("Data_Point,Test_Time(h),Step_Time(h),Date_Time,Step_Index,Cycle_Index,Current(mA),Voltage(mV),Charge_Capacity(mAh),Discharge_Capacity(mAh)", 3600.0, 1e-3)]
    public void ArbinExports(string header, double timeFactor, double siFactor)
    {
        using var tmp = new TempDir();
        var p = tmp.File("arbin.csv");
        var sb = new StringBuilder(header + "\n");
        var t0 = new DateTime(2021, 3, 15, 10, 0, 0);
        for (int i = 0; i < 10; i++)
        {
            double t = 10.0 * i, cur = i < 5 ? 1e-3 : -1e-3, v = 3 + 0.01 * i;
            sb.Append(string.Join(',', i + 1, (t / timeFactor).ToString("R", CultureInfo.InvariantCulture), ((t % 50) / timeFactor).ToString("R", CultureInfo.InvariantCulture),
                t0.AddSeconds(t + 100).ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture), i < 5 ? 1 : 2, 1,
                (cur / siFactor).ToString("R", CultureInfo.InvariantCulture), (v / siFactor).ToString("R", CultureInfo.InvariantCulture), 0, 0) + "\n");
        }
        File.WriteAllText(p, sb.ToString());
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal(90, ts.TimeS[^1], 9);
        Assert.Equal(3.09, ts.VoltageV[^1], 9);
        Assert.Equal(-1e-3, ts.CurrentA[^1], 12);
        Assert.Equal([1, 1, 1, 1, 1, 2, 2, 2, 2, 2], ts.Step);
        Assert.Equal(1, ts.Cycle![0]);
        var unix = ts.Extra["Unix Time / s"];
        Assert.Equal((t0.AddSeconds(190) - DateTime.UnixEpoch).TotalSeconds, unix[^1], 6);
        Assert.Equal(new DateTimeOffset(t0.AddSeconds(100), TimeSpan.Zero), ts.StartTime);
    }

    [Fact]
    public void NewareBtsCsvWithClockTimes()
    {
        using var tmp = new TempDir();
        var p = tmp.File("neware.csv");
        File.WriteAllText(p,
            "DataPoint,Cycle Index,Step Index,Step Type,Time,Total Time,Current(mA),Voltage(V),Capacity(mAh),Date\n" +
            "1,1,1,CC Chg,00:00:00,00:00:00,1.0,3.1,0,2021-03-15 10:00:00\n" +
            "2,1,1,CC Chg,00:00:10.5,00:00:10.5,1.0,3.2,0.0027,2021-03-15 10:00:10\n" +
            "3,1,2,CC DChg,00:00:00,25:00:00,-1.0,3.0,0.001,2021-03-16 11:00:00\n" +
            "4,1,2,CC DChg,00:00:10,1-01:00:10,-1.0,2.9,0.004,2021-03-16 11:00:10\n");
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal([0, 10.5, 90000, 90010], ts.TimeS);
        Assert.Equal(-1e-3, ts.CurrentA[^1], 12);
        Assert.Contains(ts.Warnings, w => w.Contains("hh:mm:ss"));
        Assert.True(ts.Extra.ContainsKey("Unix Time / s"));
    }

    [Theory]
    [InlineData("00:00:00", 0)]
    [InlineData("01:02:03.25", 3723.25)]
    [InlineData("1-00:00:01", 86401)]
    [InlineData("2.01:00:00", 176400)]
    [InlineData("100:00:00", 360000)]
    public void Durations(string text, double seconds)
    {
        Assert.True(TimeSeriesCsv.TryParseDuration(text, out var s));
        Assert.Equal(seconds, s, 9);
    }

    [Theory]
    [InlineData("12:61:00")]
    [InlineData("abc")]
    [InlineData("3.5")]
    public void NotDurations(string text) => Assert.False(TimeSeriesCsv.TryParseDuration(text, out _));
}

/// <summary>Maccor layouts besides the classic export: the MIMS export (key/value block, "Rec, Cycle P, Cycle C, Step,
/// Test (Sec), Current [A], Voltage [V]", MD letters), raw text exports with "Test (Sec)"/"Step (Sec)", ".0xx" files.</summary>
public class MaccorLayoutTests
{
    private const string Mims =
        "Today's Date\t03/16/2021\nDate of Test:\t03/15/2021\nFilename:\tC:\\Data\\cell1.001\nProcedure:\tformation.000\nComment/Barcode:\tLLZO cell\n\n" +
        "Rec\tCycle P\tCycle C\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tCurrent [A]\tVoltage [V]\tMD\tES\tDPT Time\n" +
        "1\t0\t0\t1\t0\t0\t0\t0\t0.001\t3.1\tC\t0\t03/15/2021 10:00:00 AM\n" +
        "2\t0\t0\t1\t10\t10\t0.0000027\t0\t0.001\t3.2\tC\t0\t03/15/2021 10:00:10 AM\n" +
        "3\t1\t1\t2\t20\t0\t0.0000027\t0\t0.001\t3.0\tD\t0\t03/15/2021 10:00:20 AM\n" +
        "4\t1\t1\t3\t30\t0\t0\t0\t0\t3.05\tR\t0\t03/15/2021 10:00:30 AM\n";

    [Theory]
    [InlineData("cell1.txt")]
    [InlineData("cell1.001")]
    [InlineData("cell1.012")]
    public void MimsExport(string name)
    {
        using var tmp = new TempDir();
        var p = tmp.File(name);
        File.WriteAllText(p, Mims, Encoding.Latin1);
        Assert.Equal(InstrumentFormat.Csv, TimeSeriesReader.Detect(p));
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal([0.0, 10, 20, 30], ts.TimeS);
        Assert.Equal([1e-3, 1e-3, -1e-3, 0], ts.CurrentA);
        Assert.Equal([0, 0, 1, 1], ts.Cycle);
        Assert.Equal([1, 1, 2, 3], ts.Step);
        Assert.Equal(Nitrolyte.Electrochemistry.StepKind.Rest, ts.Kind![3]);
        Assert.Contains(ts.Warnings, w => w.Contains("'MD'"));
        Assert.Contains(ts.Warnings, w => w.Contains("key/value lines"));
        Assert.Equal([0.0, 10, 0, 0], ts.Extra["Step (Sec)"]);
        Assert.Equal(new DateTimeOffset(2021, 3, 15, 10, 0, 0, TimeSpan.Zero), ts.StartTime);
    }

    [Fact]
    public void RawTextExportWithTestSecColumns()
    {
        using var tmp = new TempDir();
        var p = tmp.File("raw.txt");
        File.WriteAllText(p, "Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\n" +
            "1\t1\t1\t0\t0\t0\t0\t0.002\t3.1\tC\t0\n2\t1\t1\t60\t60\t0.0000333\t0\t0.002\t3.3\tC\t0\n3\t1\t2\t120\t0\t0\t0\t0.002\t3.2\tD\t0\n");
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal([0.0, 60, 120], ts.TimeS);
        Assert.Equal([2e-3, 2e-3, -2e-3], ts.CurrentA);
        Assert.Equal([1, 1, 1], ts.Cycle);
    }
}
