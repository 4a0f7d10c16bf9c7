using Nitrolyte.Core;
using Nitrolyte.Formats.Gamry;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats;

/// <summary>Values asserted by bcliang/gamry-parser's tests (MANIFEST.md section 3b) and impedance.py's Gamry files (3a).</summary>
public class GamryReaderTests
{
    private static string G(string name) => SharedData.TestData("other_formats/gamry-parser/" + name);

    [SharedDataFact]
    public void CvHeaderAndCurves()
    {
        var f = GamryReader.Read(G("cv_data.dta"));
        Assert.Equal("CV", f.Tag);
        Assert.Equal("3/6/2019", f.GetString("DATE"));
        Assert.Equal(0.5, f.GetDouble("CHECKPOTEN"));
        Assert.Equal(1.2345, f.GetDouble("CHECKQUANT"));
        Assert.Equal((true, 300.0, 0.5), f.GetTwoParam("CHECK2PARAM"));
        Assert.Equal(5, f.Curves.Count);
        var c1 = f.Curves[0];
        Assert.Equal("CURVE1", c1.Name);
        Assert.Equal(0.1, c1.Find("T")!.Values[0]);
        Assert.Equal(1.0, c1.Find("T")!.Values[^1]);
        Assert.Equal(0.5, c1.Find("Vf")!.Values[^1]);
        Assert.Equal("V vs. Ref.", c1.Find("Vf")!.Unit);
        var c5 = f.Curves[4];
        Assert.Equal(49, c5.Find("Pt")!.Values[^1]);
        Assert.Equal(601.1, c5.Find("T")!.Values[^1]);
        Assert.Equal(0.889001, c5.Find("Vf")!.Values[^1]);
        Assert.Equal(2.622720e-07, c5.Find("Im")!.Values[^1]);
        Assert.Equal(0.890, c5.Find("Sig")!.Values[^1]);
        Assert.Equal(5, c5.Find("IERange")!.Values[^1]);
        Assert.Equal("...........", c5.Find("Over")!.Text![0]);
        Assert.False(c5.Aborted);
    }

    [SharedDataFact]
    public void EispotWithOddWhitespaceAndAbortedCurve()
    {
        var f = GamryReader.Read(G("eispot_data.dta"));
        Assert.Equal("EISPOT", f.Tag);
        var z = Assert.Single(f.Curves);
        Assert.Equal("ZCURVE", z.Name);
        Assert.Equal(10, z.RowCount);
        foreach (var n in new[] { "Freq", "Zreal", "Zimag", "Zmod", "Zphz" }) Assert.NotNull(z.Find(n));
        Assert.Equal(new[] { 10000, 5000, 1000, 500.1, 100, 50, 10, 5, 1, 0.5 }, z.Find("Freq")!.Values);
        Assert.Equal(-7.053867, z.Find("Zimag")!.Values[9]);

        var a = GamryReader.Read(G("eispot_data_curveaborted.dta"));
        var ca = Assert.Single(a.Curves);
        Assert.True(ca.Aborted);
        Assert.True(a.Aborted);
        Assert.Equal(5, ca.RowCount);
        Assert.Equal(10, ca.Columns.Count(c => c.Name != "Pt")); // gamry-parser's (5, 10): Pt becomes the index
    }

    [SharedDataFact]
    public void ChronoaAndOcv()
    {
        var f = GamryReader.Read(G("chronoa_data.dta"));
        Assert.Equal("CHRONOA", f.Tag);
        var t = f.Curves.Single(c => c.Name == "CURVE").Find("T")!.Values;
        Assert.Equal(0, t[0]);
        Assert.Equal(270, t[^1]);
        Assert.Equal(new DateTimeOffset(2019, 3, 10, 12, 0, 0, TimeSpan.Zero), f.StartTime);

        var o = GamryReader.Read(G("ocvcurve_data.dta"));
        var ocv = o.Curve("OCVCURVE")!;
        Assert.Equal(0.258333, ocv.Find("T")!.Values[0]);
        Assert.Equal(10.3333, ocv.Find("T")!.Values[^1]);
        Assert.Equal(0.283437, ocv.Find("Vf")!.Values[^1]);
    }

    [SharedDataFact]
    public void ImpedancePyGamryFilesAndDecimalComma()
    {
        var f = GamryReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataGamry.DTA"));
        var z = f.Curve("ZCURVE")!;
        Assert.Equal(72, z.RowCount);
        var a = GamryReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataGamryABORT.DTA"));
        var za = a.Curve("ZCURVE")!;
        Assert.True(za.Aborted);
        Assert.Equal(z.Find("Freq")!.Values, za.Find("Freq")!.Values);
        Assert.Equal(200015.6, z.Find("Freq")!.Values[0]);

        var c = GamryReader.Read(SharedData.TestData("other_formats/pyimpspec/data.dta"));
        var zc = c.Curve("ZCURVE")!;
        Assert.Equal(29, zc.RowCount);
        Assert.Equal(1e4, zc.Find("Freq")!.Values[0], 6);
        Assert.Equal(10000.0, c.GetDouble("FREQINIT"));
        // "2 spectra" = the uncorrected and the drift-corrected columns of one ZCURVE
        var d = GamryReader.Read(SharedData.TestData("other_formats/pyimpspec/drift-corrected-data.dta")).Curve("ZCURVE")!;
        Assert.Equal(100078.1, d.Find("Freq")!.Values[0]);
        Assert.NotNull(d.Find("ZrealDrCor"));
        Assert.NotEqual(d.Find("Zreal")!.Values, d.Find("ZrealDrCor")!.Values);
    }

    [Fact]
    public void NotAGamryFile()
    {
        using var tmp = new TempDir();
        var p = tmp.File("x.dta");
        File.WriteAllText(p, "hello\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => GamryReader.Read(p));
        Assert.Contains("x.dta", e.Message);
    }
}
