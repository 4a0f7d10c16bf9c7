using Nitrolyte.Core;
using Nitrolyte.Formats.Maccor;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats;

public class MaccorReaderTests
{
    /// <summary>cellpy's golden for maccor_001.txt (MANIFEST.md 3e): 6704 rows, start 2020-12-11T12:22:12.</summary>
    [SharedDataFact]
    public void CellpyMaccorExport()
    {
        var f = MaccorReader.Read(SharedData.TestData("other_formats/cellpy/maccor_001.txt"));
        Assert.Equal(6704, f.RowCount);
        Assert.Equal(new DateTimeOffset(2020, 12, 11, 12, 22, 12, TimeSpan.Zero), f.StartTime);
        Assert.Equal("M50_Validation_0deg_01", f.Header["Filename"]);
        var t = f.Find("TestTime")!.Values;
        Assert.Equal(6704, t.Length);
        Assert.Equal(0, t[0]);
        Assert.Equal(5.0, t[1]); // written as "0d 00:00:5"
        Assert.Equal(3.46250, f.Find("Volts")!.Values[0]);
        Assert.Equal(2 * 86400 + 2 * 3600 + 52 * 60 + 51.5699996948242, t[^1], 6);
        Assert.Contains("D", f.State);
        Assert.Contains("C", f.State);
        Assert.DoesNotContain(f.Columns, c => c.Name == "Units");
        Assert.True(MaccorReader.LooksLikeMaccor(SharedData.TestData("other_formats/cellpy/maccor_001.txt")));
    }

    [Fact]
    public void MissingColumnsAreReported()
    {
        using var tmp = new TempDir();
        var p = tmp.File("m.txt");
        File.WriteAllText(p, "Today's Date:\t1 January 2020\nRec#\tCyc#\tStep\tTestTime\tVolts\n1\t0\t1\t0d 00:00:0\t3.4\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => MaccorReader.Read(p));
        Assert.Contains("Amps", e.Message);
        Assert.Contains("m.txt", e.Message);
    }
}
