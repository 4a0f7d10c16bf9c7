using System.Globalization;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Formats.BioLogic;

namespace Nitrolyte.Tests.Formats;

/// <summary>EC-Lab text exports in the layouts labs send: voltage spellings, headers wider than the rows,
/// ';'-separated CSV exports with date-times in time/s, decimal commas, old (no ASCII banner) and new header layouts.</summary>
public class EcLabExportLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nl-eclab-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    /// <summary>Rows of a known galvanostatic sequence: t = 10 i s, E = 3 + 0.001 i V, I = +/-0.5 mA alternating every 5 rows.</summary>
    private static (double T, double E, double I, int Ns)[] Rows(int n = 20) =>
        Enumerable.Range(0, n).Select(i => (10.0 * i, 3 + 0.001 * i, (i / 5) % 2 == 0 ? 0.5 : -0.5, i / 5)).ToArray();

    private string Write(string name, string text)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, text, Encoding.Latin1);
        return p;
    }

    private static string Banner(string technique, int extraHeaderLines, string columnHeader)
    {
        var head = new List<string> { "EC-Lab ASCII FILE", "", "", technique, "", "Acquisition started on : 03/15/2021 10:00:00.000" };
        for (int k = 0; k < extraHeaderLines; k++) head.Add($"setting{k} : {k}");
        head.Add("");
        int nHeader = head.Count + 1;
        head[1] = $"Nb header lines : {nHeader}";
        return string.Join("\n", head) + "\n" + columnHeader + "\n";
    }

    private static string Num(double x, bool comma) => comma ? x.ToString("0.000000", CultureInfo.InvariantCulture).Replace('.', ',') : x.ToString("0.000000", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Ewe/V", "I/mA")]
    [InlineData("<Ewe>/V", "<I>/mA")]
    [InlineData("<Ewe/V>", "<I/mA>")] // EC-Lab 11.50, Constant Current
    [InlineData("Ecell/V", "I/mA")]
    [InlineData("Ewe-Ece/V", "I/mA")]
    public void VoltageSpellingsAreRead(string volt, string cur)
    {
        var sb = new StringBuilder(Banner("Constant Current", 3, $"mode\tox/red\tNs\ttime/s\t{volt}\t{cur}\tcycle number\t"));
        foreach (var r in Rows()) sb.Append($"1\t1\t{r.Ns}\t{Num(r.T, false)}\t{Num(r.E, false)}\t{Num(r.I, false)}\t0\t\n");
        var ts = TimeSeriesReader.Read(Write("v.mpt", sb.ToString()));
        var rows = Rows();
        Assert.Equal(rows.Length, ts.TimeS.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i].E, ts.VoltageV[i], 12);
            Assert.Equal(rows[i].I * 1e-3, ts.CurrentA[i], 12);
        }
        Assert.Equal("V", BioLogicColumn.UnitOf(volt));
    }

    [Fact]
    public void HeaderWithEmptyNameAndTrailingColumnMissingFromRowsIsReadWithWarning()
    {
        // header: an empty name (doubled tab) and a trailing Ewe-Ece/V that no row holds
        var sb = new StringBuilder(Banner("Galvanostatic Cycling with Potential Limitation", 2, "mode\tox/red\t\tNs\ttime/s\tEwe/V\tI/mA\tEwe-Ece/V"));
        foreach (var r in Rows()) sb.Append($"1\t1\t{r.Ns}\t{Num(r.T, false)}\t{Num(r.E, false)}\t{Num(r.I, false)}\n");
        var p = Write("wide.mpt", sb.ToString());
        var f = BioLogicReader.ReadMpt(p);
        Assert.Equal(["mode", "ox/red", "Ns", "time/s", "Ewe/V", "I/mA"], f.Columns.Select(c => c.Name).ToArray());
        var w = Assert.Single(f.Warnings);
        Assert.Contains("Ewe-Ece/V", w);
        Assert.Contains("(empty name)", w);
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal(3.019, ts.VoltageV[^1], 12);
        Assert.Contains(ts.Warnings, x => x.Contains("Ewe-Ece/V"));
    }

    [Fact]
    public void EmptyNameWithValuesInRowsIsKeptUnderAPlaceholder()
    {
        var sb = new StringBuilder(Banner("Galvanostatic Cycling with Potential Limitation", 1, "mode\t\ttime/s\tEwe/V\tI/mA"));
        foreach (var r in Rows()) sb.Append($"1\t7\t{Num(r.T, false)}\t{Num(r.E, false)}\t{Num(r.I, false)}\n");
        var f = BioLogicReader.ReadMpt(Write("named.mpt", sb.ToString()));
        Assert.Equal(7, f.Find("column_2")!.Values[0]);
        Assert.Equal(3.0, f.Find("Ewe/V")!.Values[0], 12);
        Assert.Contains(f.Warnings, x => x.Contains("column_2"));
    }

    [Theory]
    [InlineData("MM/dd/yyyy HH:mm:ss.ffff")]
    [InlineData("yyyy-MM-dd HH:mm:ss.fff")]
    public void SemicolonCsvExportWithDateTimesInTimeColumnAndDecimalCommas(string dateFormat)
    {
        var t0 = new DateTime(2021, 3, 15, 10, 0, 0);
        var sb = new StringBuilder("mode;Ns;time/s;Ewe/V;<I>/mA;cycle number\n");
        foreach (var r in Rows())
            sb.Append($"1;{r.Ns};{t0.AddSeconds(r.T + 5).ToString(dateFormat, CultureInfo.InvariantCulture)};{Num(r.E, true)};{Num(r.I, true)};1\n");
        var p = Write("export.csv", sb.ToString());
        var f = BioLogicReader.ReadMpt(p);
        Assert.Equal(';', new MptRowReader(p).Separator);
        Assert.Equal(new DateTimeOffset(t0.AddSeconds(5), TimeSpan.Zero), f.StartTime);
        var t = f.Find("time/s")!.Values;
        var rows = Rows();
        for (int i = 0; i < rows.Length; i++) Assert.Equal(rows[i].T, t[i], 6);
        Assert.Equal(-0.5, f.Find("<I>/mA")!.Values[5], 12);
        Assert.Contains(f.Warnings, x => x.Contains("date-times"));
        Assert.Equal(InstrumentFormat.BioLogicMpt, TimeSeriesReader.Detect(p));
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal(190.0, ts.TimeS[^1], 6); // relative to the first row
        Assert.Equal(-0.5e-3, ts.CurrentA[5], 12);
    }

    [Fact]
    public void BannerLayoutWithDateTimesCountsFromAcquisitionStart()
    {
        var sb = new StringBuilder(Banner("Galvanostatic Cycling with Potential Limitation", 0, "mode\tNs\ttime/s\tEwe/V\tI/mA"));
        var t0 = new DateTime(2021, 3, 15, 10, 0, 0);
        foreach (var r in Rows()) sb.Append($"1\t{r.Ns}\t{t0.AddSeconds(r.T + 2).ToString("MM/dd/yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture)}\t{Num(r.E, true)}\t{Num(r.I, true)}\n");
        var f = BioLogicReader.ReadMpt(Write("dt.mpt", sb.ToString()));
        Assert.Equal(2.0, f.Find("time/s")!.Values[0], 6); // header start 10:00:00, first row 10:00:02
        Assert.Equal(192.0, f.Find("time/s")!.Values[^1], 6);
    }

    [Fact]
    public void OldLayoutWithoutBannerAndDecimalCommasReadsTheSameAsNewLayout()
    {
        var cols = "mode\tox/red\terror\tcontrol changes\tNs changes\tcounter inc.\ttime/s\tcontrol/V/mA\tEwe/V\tI/mA\tcycle number\t";
        var oldSb = new StringBuilder(cols + "\n");
        var newSb = new StringBuilder(Banner("Galvanostatic Cycling with Potential Limitation", 5, cols));
        foreach (var r in Rows())
        {
            oldSb.Append($"1\t1\t0\t0\t0\t0\t{Num(r.T, true)}\t{Num(r.I, true)}\t{Num(r.E, true)}\t{Num(r.I, true)}\t0\n");
            newSb.Append($"1\t1\t0\t0\t0\t0\t{Num(r.T, false)}\t{Num(r.I, false)}\t{Num(r.E, false)}\t{Num(r.I, false)}\t0\n");
        }
        var a = TimeSeriesReader.Read(Write("old.mpt", oldSb.ToString()));
        var b = TimeSeriesReader.Read(Write("new.mpt", newSb.ToString()));
        Assert.Equal(b.TimeS, a.TimeS);
        Assert.Equal(b.VoltageV, a.VoltageV);
        Assert.Equal(b.CurrentA, a.CurrentA);
    }

    [Fact]
    public void ParallelChunkPathHandlesSemicolonsAndDates()
    {
        var old = BioLogicReader.ParallelThresholdBytes;
        try
        {
            BioLogicReader.ParallelThresholdBytes = 1;
            var t0 = new DateTime(2021, 3, 15, 10, 0, 0);
            var sb = new StringBuilder("mode;Ns;time/s;Ewe/V;I/mA\n");
            foreach (var r in Rows(400)) sb.Append($"1;{r.Ns};{t0.AddSeconds(r.T).ToString("MM/dd/yyyy HH:mm:ss.ffff", CultureInfo.InvariantCulture)};{Num(r.E, true)};{Num(r.I, true)}\n");
            var f = BioLogicReader.ReadMpt(Write("big.csv", sb.ToString()));
            Assert.Equal(400, f.RowCount);
            Assert.Equal(3990.0, f.Find("time/s")!.Values[^1], 6);
            Assert.Equal(3.399, f.Find("Ewe/V")!.Values[^1], 12);
        }
        finally { BioLogicReader.ParallelThresholdBytes = old; }
    }
}

/// <summary>No reader may crash on a date: out-of-range, NaN and implausible Neware timestamps read as missing.</summary>
public class NewareDateGuardTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    [InlineData(-1e12)]
    [InlineData(0.0)]          // 1970: a zero timestamp, not a measurement date
    [InlineData(3e11)]         // year ~11 500, beyond DateTime or plausibility
    public void UnrepresentableUnixSecondsAreMissing(double s) =>
        Assert.Equal(DateTime.MinValue, Nitrolyte.Formats.Neware.NewareReader.SafeUnixSeconds(s));

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    public void UnrepresentableTicksAreMissing(long ticks) =>
        Assert.Equal(DateTime.MinValue, Nitrolyte.Formats.Neware.NewareReader.SafeUnixTicks(ticks));

    [Fact]
    public void APlausibleTimestampIsKept() =>
        Assert.Equal(new DateTime(2021, 3, 15, 10, 0, 0, DateTimeKind.Utc), Nitrolyte.Formats.Neware.NewareReader.SafeUnixSeconds(1615802400));
}
