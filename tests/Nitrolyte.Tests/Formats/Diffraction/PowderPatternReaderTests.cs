using System.Globalization;
using System.IO.Compression;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats.Diffraction;

/// <summary>Readers on files written here in each layout, from one known pattern (2θ 10-29.8°, 0.2° steps, I = 100 + i², esd = √I).</summary>
public class PowderPatternReaderTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int N = 100;
    private static double X(int i) => 10 + 0.2 * i;
    private static double Y(int i) => 100 + i * i;

    private static string Columns(string sep, bool esd, Func<int, double>? x = null) =>
        string.Concat(Enumerable.Range(0, N).Select(i => string.Join(sep, new[] { (x ?? X)(i), Y(i) }.Concat(esd ? [Math.Sqrt(Y(i))] : []).Select(v => v.ToString("R", Inv))) + "\n"));

    private static void AssertPattern(MeasuredPattern p, bool esdFromFile)
    {
        Assert.Equal(PatternAxis.TwoThetaDeg, p.Axis);
        Assert.Equal(N, p.Count);
        Assert.Equal(10, p.X[0], 12);
        Assert.Equal(X(57), p.X[57], 12);
        Assert.Equal(Y(57), p.Intensity[57], 12);
        Assert.Equal(Math.Sqrt(Y(57)), p.Esd[57], 9);
        Assert.Equal(!esdFromFile, p.EsdAssumed);
    }

    [Fact]
    public void Xy_without_header_is_2theta_and_says_so()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("a.xy"), Columns(" ", false));
        var p = PowderPatternReader.Read(t.File("a.xy"));
        AssertPattern(p, false);
        Assert.Contains(p.Provenance, s => s.Contains("no header: first column read as 2θ", StringComparison.Ordinal));
        Assert.Null(p.Wavelength1A);
    }

    [Fact]
    public void Xye_with_comment_header_and_wavelength()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("a.xye"), "# sample A, synchrotron\n# wavelength = 0.824042 A\n# 2theta intensity esd\n" + Columns("\t", true));
        var p = PowderPatternReader.Read(t.File("a.xye"));
        AssertPattern(p, true);
        Assert.Equal(0.824042, p.Wavelength1A!.Value, 9);
        Assert.Equal("xray", p.Radiation);
    }

    [Fact]
    public void Csv_with_header_in_q_and_d_converted_to_2theta()
    {
        using var t = new TempDir();
        double lam = 1.54056;
        double Q(int i) => 4 * Math.PI * Math.Sin(X(i) * Math.PI / 360) / lam;
        File.WriteAllText(t.File("q.csv"), "Q (1/A),I,sigma\n" + Columns(",", true, Q));
        var q = PowderPatternReader.Read(t.File("q.csv"));
        Assert.Equal(PatternAxis.QPerA, q.Axis);
        AssertPattern(q.ToTwoTheta(lam), true);
        // d in nm, decreasing in the file
        double D(int i) => lam / (2 * Math.Sin(X(i) * Math.PI / 360)) / 10;
        File.WriteAllText(t.File("d.dat"), "d_nm;counts\n" + Columns(";", false, D));
        var d = PowderPatternReader.Read(t.File("d.dat"));
        Assert.Equal(PatternAxis.DA, d.Axis);
        Assert.Contains(d.Provenance, s => s.Contains("nm", StringComparison.Ordinal));
        AssertPattern(d.ToTwoTheta(lam), false);
        File.WriteAllText(t.File("t.csv"), "TOF_us,I\n" + Columns(",", false, i => 1000 + 10 * i));
        Assert.Equal(PatternAxis.TofMicroseconds, PowderPatternReader.Read(t.File("t.csv")).Axis);
    }

    [Fact]
    public void Unclear_files_are_refused_naming_the_column()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("a.csv"), "energy,I\n" + Columns(",", false));
        var e = Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("a.csv")));
        Assert.Contains("'energy'", e.Message);
        Assert.Contains("--x-axis", e.Message);
        File.WriteAllText(t.File("b.xy"), string.Concat(Enumerable.Range(0, N).Select(i => $"{X(i)} 1 2 3\n")));
        Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("b.xy")));
        File.WriteAllText(t.File("c.xy"), string.Concat(Enumerable.Range(0, N).Select(i => $"{(i == 50 ? 5 : X(i))} 1\n")));
        Assert.Contains("not strictly increasing", Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("c.xy"))).Message);
    }

    [Fact]
    public void Gsas_esd_std_and_fxye_banks()
    {
        using var t = new TempDir();
        // ESD: CONST binning in centidegrees, five (F8, F8) pairs per 80-column record
        var esd = new StringBuilder("Li9N2Cl3 simulated\n# Wavelength 1.54056\n");
        esd.AppendLine($"BANK 1 {N} {(N + 4) / 5} CONST 1000.00 20.00 0 0 ESD");
        for (int i = 0; i < N; i += 5)
            esd.AppendLine(string.Concat(Enumerable.Range(i, Math.Min(5, N - i)).Select(k => Y(k).ToString("0.0", Inv).PadLeft(8) + Math.Sqrt(Y(k)).ToString("0.0000", Inv).PadLeft(8))));
        File.WriteAllText(t.File("a.gsa"), esd.ToString());
        var p = PowderPatternReader.Read(t.File("a.gsa"));
        Assert.Equal(1.54056, p.Wavelength1A!.Value, 9);
        Assert.Equal(N, p.Count);
        Assert.Equal(X(57), p.X[57], 9);
        Assert.Equal(Y(57), p.Intensity[57], 9);
        Assert.Equal(Math.Sqrt(Y(57)), p.Esd[57], 1e-4);
        // STD: ten (I2, F6) per record; second bank FXYE
        var std = new StringBuilder("two banks\n");
        std.AppendLine($"BANK 1 {N} {N / 10} CONST 1000 20 0 0 STD");
        for (int i = 0; i < N; i += 10)
            std.AppendLine(string.Concat(Enumerable.Range(i, 10).Select(k => "  " + Y(k).ToString("0", Inv).PadLeft(6))));
        std.AppendLine($"BANK 2 {N} {N} CONST 1000 20 0 0 FXYE");
        for (int i = 0; i < N; i++) std.AppendLine($"{(X(i) * 100).ToString("0.00", Inv)} {Y(i).ToString(Inv)} {Math.Sqrt(Y(i)).ToString("R", Inv)}");
        File.WriteAllText(t.File("b.gsa"), std.ToString());
        var b1 = PowderPatternReader.Read(t.File("b.gsa"));
        Assert.Equal(Y(57), b1.Intensity[57], 9);
        Assert.Equal(Math.Sqrt(Y(57)), b1.Esd[57], 9);
        Assert.Contains(b1.Provenance, s => s.Contains("bank 1 of 2", StringComparison.Ordinal));
        var b2 = PowderPatternReader.Read(t.File("b.gsa"), new PatternReadOptions { Bank = 2 });
        AssertPattern(b2, true);
        Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("b.gsa"), new PatternReadOptions { Bank = 3 }));
    }

    private static string Xrdml(string positions, string intensities, string unit = "counts", string extra = "", string intended = "K-Alpha") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xrdMeasurements xmlns="http://www.xrdml.com/XRDMeasurement/1.5">
          <sample type="To be analyzed"><id>S1</id></sample>
          <xrdMeasurement measurementType="Scan" status="Completed">
            <usedWavelength intended="{intended}">
              <kAlpha1 unit="Angstrom">1.5405980</kAlpha1>
              <kAlpha2 unit="Angstrom">1.5444260</kAlpha2>
              <kBeta unit="Angstrom">1.3922500</kBeta>
              <ratioKAlpha2KAlpha1>0.5000</ratioKAlpha2KAlpha1>
            </usedWavelength>
            <incidentBeamPath><xRayTube><anodeMaterial>Cu</anodeMaterial></xRayTube></incidentBeamPath>
            <scan appendNumber="0" mode="Continuous" scanAxis="Gonio" status="Completed">
              <dataPoints>
                <positions axis="2Theta" unit="deg">{positions}</positions>
                <positions axis="Omega" unit="deg"><startPosition>5</startPosition><endPosition>14.9</endPosition></positions>
                <commonCountingTime unit="seconds">2.0</commonCountingTime>
                <{(unit == "cps" ? "intensities" : "counts")} unit="{unit}">{intensities}</{(unit == "cps" ? "intensities" : "counts")}>
              </dataPoints>
            </scan>
            {extra}
          </xrdMeasurement>
        </xrdMeasurements>
        """;

    [Fact]
    public void Xrdml_start_end_list_positions_cps_and_several_scans()
    {
        using var t = new TempDir();
        string counts = string.Join(" ", Enumerable.Range(0, N).Select(i => Y(i).ToString(Inv)));
        File.WriteAllText(t.File("a.xrdml"), Xrdml("<startPosition>10.0</startPosition><endPosition>29.8</endPosition>", counts));
        var a = PowderPatternReader.Read(t.File("a.xrdml"));
        AssertPattern(a, true);
        Assert.Equal(1.540598, a.Wavelength1A!.Value, 9);
        Assert.Equal(1.544426, a.Wavelength2A!.Value, 9);
        Assert.Equal(0.5, a.Ka2RatioFromFile!.Value, 9);
        // varying steps, counts per second (× 2 s counting time for the esd), Kα1-only beam
        double Xv(int i) => 10 + 0.2 * i + 0.001 * i * i;
        string cps = string.Join(" ", Enumerable.Range(0, N).Select(i => (Y(i) / 2).ToString("R", Inv)));
        File.WriteAllText(t.File("b.xrdml"), Xrdml($"<listPositions>{string.Join(" ", Enumerable.Range(0, N).Select(i => Xv(i).ToString("R", Inv)))}</listPositions>", cps, "cps", intended: "K-Alpha 1"));
        var b = PowderPatternReader.Read(t.File("b.xrdml"));
        Assert.Equal(Xv(57), b.X[57], 12);
        Assert.Equal(Y(57) / 2, b.Intensity[57], 12);
        Assert.Equal(Math.Sqrt(Y(57)) / 2, b.Esd[57], 9);
        Assert.Null(b.Wavelength2A);
        // two scans: the second has ten more counts everywhere
        string second = $"<scan appendNumber=\"1\"><dataPoints><positions axis=\"2Theta\" unit=\"deg\"><startPosition>10.0</startPosition><endPosition>29.8</endPosition></positions><counts unit=\"counts\">{string.Join(" ", Enumerable.Range(0, N).Select(i => (Y(i) + 10).ToString(Inv)))}</counts></dataPoints></scan>";
        File.WriteAllText(t.File("c.xrdml"), Xrdml("<startPosition>10.0</startPosition><endPosition>29.8</endPosition>", counts, extra: second));
        var c2 = PowderPatternReader.Read(t.File("c.xrdml"), new PatternReadOptions { Scan = 2 });
        Assert.Equal(Y(57) + 10, c2.Intensity[57], 12);
        Assert.Contains(c2.Provenance, s => s.Contains("scan 2 of 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Brml_zip_with_and_without_data_views()
    {
        using var t = new TempDir();
        foreach (bool views in new[] { true, false })
        {
            var xml = new StringBuilder("<?xml version=\"1.0\"?><RawData xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><FixedInformation><Instrument><WaveLengthAlpha1 Value=\"1.5406\" Unit=\"Å\"/><WaveLengthAlpha2 Value=\"1.54439\"/><WaveLengthRatio Value=\"0.5\"/></Instrument></FixedInformation><DataRoutes><DataRoute RouteFlag=\"Measured\">");
            if (views)
                xml.Append("<DataViews><RawDataView xsi:type=\"FixedRawDataView\" Start=\"0\" Length=\"1\" LogicName=\"MeasuredTime\"/><RawDataView xsi:type=\"VaryingRawDataView\" Start=\"1\" Length=\"2\"><Varying><FieldDefinitions FieldName=\"Theta\" AxisId=\"Theta\"/><FieldDefinitions FieldName=\"TwoTheta\" AxisId=\"TwoTheta\"/></Varying></RawDataView><RawDataView xsi:type=\"RecordedRawDataView\" Start=\"3\" Length=\"1\"/></DataViews>");
            for (int i = 0; i < N; i++)
                xml.Append(views ? $"<Datum>1,{(X(i) / 2).ToString("R", Inv)},{X(i).ToString("R", Inv)},{Y(i).ToString(Inv)},7</Datum>" : $"<Datum>1,1,{X(i).ToString("R", Inv)},{(X(i) / 2).ToString("R", Inv)},{Y(i).ToString(Inv)}</Datum>");
            xml.Append("</DataRoute></DataRoutes></RawData>");
            var path = t.File(views ? "v.brml" : "n.brml");
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                zip.CreateEntry("experimentCollection.xml");
                using var w = new StreamWriter(zip.CreateEntry("Experiment0/RawData0.xml").Open());
                w.Write(xml.ToString());
            }
            var p = PowderPatternReader.Read(path);
            AssertPattern(p, true);
            Assert.Equal(1.5406, p.Wavelength1A!.Value, 9);
            Assert.Equal(1.54439, p.Wavelength2A!.Value, 9);
            Assert.Contains(p.Provenance, s => s.Contains(views ? "from DataViews" : "assumed", StringComparison.Ordinal));
        }
        File.WriteAllText(t.File("bad.brml"), "not a zip");
        Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("bad.brml")));
    }
}
