using Nitrolyte.Core;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats;

public class BioLogicReaderTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "peis.mpr", "peis.mpt" },
        { "peis.issue_225.no_ece.mpr", "peis.issue_225.no_ece.mpt" },
        { "geis.issue_149.mpr", "geis.issue_149.mpt" },
        { "cp.mpr", "cp.mpt" },
        { "ca.issue_149.mpr", "ca.issue_149.mpt" },
        { "gcpl.issue_149.mpr", "gcpl.issue_149.mpt" },
        { "ocv.mpr", "ocv.mpt" },
        { "mb.issue_95.mpr", "mb.issue_95.mpt" },
        { "mb.issue_95.mpr", "mb.issue_95.de.mpt" },
        { "cva.issue_202.mpr", "cva.issue_202.mpt" },
        { "wait.mpr", "wait.mpt" },
        { "zir.mpr", "zir.mpt" },
    };

    /// <summary>yadg's test_eclab_consistency: every numeric column of the mpr equals the mpt column (rtol 1e-5, atol 1e-8).
    /// The GEIS harmonic/THD/NSD/NSR columns are excluded there too.</summary>
    [SharedDataTheory]
    [MemberData(nameof(Pairs))]
    public void MprAndMptAgreeColumnByColumn(string mpr, string mpt)
    {
        var a = BioLogicReader.Read(SharedData.TestData("biologic/yadg/" + mpr));
        var b = BioLogicReader.Read(SharedData.TestData("biologic/yadg/" + mpt));
        Assert.Empty(a.Warnings);
        Assert.Equal(b.RowCount, a.RowCount);
        Assert.Equal(b.TechniqueShort, a.TechniqueShort);
        int compared = 0;
        foreach (var col in a.Columns)
        {
            if (col.Name.Contains("THD") || col.Name.Contains("NSD") || col.Name.Contains("NSR") || col.Name.Contains(" h")) continue;
            // EC-Lab labels ID 70 "Pwe/W" in impedance exports and "P/W" elsewhere
            var other = col.Name == "P/W" ? b.Find("P/W", "Pwe/W") : b.Find(col.Name);
            Assert.True(other is not null, $"{mpt} has no column '{col.Name}'");
            for (int i = 0; i < a.RowCount; i++)
            {
                double x = col.Values[i], y = other!.Values[i];
                Assert.True(Math.Abs(x - y) <= 1e-8 + 1e-5 * Math.Abs(y), $"{mpr} '{col.Name}' row {i}: mpr {x} vs mpt {y}");
            }
            compared++;
        }
        Assert.True(compared >= 3, $"only {compared} columns compared");
        // the mpr LOG start timestamp equals the mpt "Acquisition started on" (within a millisecond)
        Assert.NotNull(a.StartTime);
        Assert.NotNull(b.StartTime);
        Assert.True(Math.Abs((b.StartTime!.Value - a.StartTime!.Value).TotalSeconds) < 0.01, $"start {a.StartTime} vs {b.StartTime}");
    }

    [SharedDataFact]
    public void PeisFirstRowAndEmptyTechniques()
    {
        var f = BioLogicReader.ReadMpt(SharedData.TestData("biologic/yadg/peis.mpt"));
        Assert.Equal("Potentio Electrochemical Impedance Spectroscopy", f.Technique);
        Assert.Equal("PEIS", f.TechniqueShort);
        Assert.Equal(1.9999814E+05, f.Find("freq/Hz")!.Values[0], 6);
        Assert.Equal(1.0512296E+01, f.Find("Re(Z)/Ohm")!.Values[0], 9);
        Assert.Equal(7.3047662E-01, f.Find("-Im(Z)/Ohm")!.Values[0], 9);
        Assert.Equal("Ohm", f.Find("re(z)/ohm")!.Unit);
        Assert.Equal(0, BioLogicReader.Read(SharedData.TestData("biologic/yadg/wait.mpr")).RowCount);
        Assert.Equal(0, BioLogicReader.Read(SharedData.TestData("biologic/yadg/wait.mpt")).RowCount);
        var de = BioLogicReader.ReadMpt(SharedData.TestData("biologic/yadg/gcpl.issue_149.mpt"));
        Assert.Equal(132, de.RowCount);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 11, 2, 29, 886, TimeSpan.Zero), de.StartTime);
        Assert.Equal("V/mA", de.Find("control/V/mA")!.Unit);
    }

    [SharedDataFact]
    public void OtherMptExportsParse()
    {
        var f = BioLogicReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataBioLogic.mpt"));
        Assert.Equal(43, f.RowCount);
        Assert.NotNull(f.Find("freq/Hz"));
        var missing = BioLogicReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataBioLogic_MissingFreq.mpt"));
        Assert.Null(missing.Find("freq/Hz"));
        var multi = BioLogicReader.Read(SharedData.TestData("other_formats/pyimpspec/case-multiple-spectra.mpt"));
        Assert.Equal(87, multi.RowCount);
        Assert.Equal(29, BioLogicReader.Read(SharedData.TestData("other_formats/pyimpspec/data.mpt")).RowCount);
    }

    [SharedDataFact]
    public void NavaniGcplHas46102Rows()
    {
        var f = BioLogicReader.Read(SharedData.TestData("biologic/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"));
        Assert.Equal(46102, f.RowCount);
        Assert.Equal("GCPL", f.TechniqueShort);
        Assert.NotNull(f.Find("Ewe/V"));
        Assert.NotNull(f.Find("half cycle"));
        Assert.Empty(f.Warnings);
        foreach (var name in new[] { "00_test_01_OCV_C01.mpr", "00_test_02_MB_C01.mpr" })
            Assert.True(BioLogicReader.Read(SharedData.TestData("biologic/navani/" + name)).RowCount > 0);
    }

    [SharedDataFact]
    public void GalvaniColumn27AndDate()
    {
        var f = BioLogicReader.Read(SharedData.TestData("biologic/galvani/col_27_issue_74.mpr"));
        Assert.NotNull(f.Find("Ewe-Ece/V"));
        Assert.Equal(new DateTime(2022, 7, 28), f.StartTime!.Value.Date);
        Assert.Equal(20, f.RowCount);
        var ewe = f.Find("Ewe/V")!.Values; var ece = f.Find("Ece/V")!.Values; var d = f.Find("Ewe-Ece/V")!.Values;
        for (int i = 0; i < f.RowCount; i++) Assert.Equal(ewe[i] - ece[i], d[i], 4);
    }

    [SharedDataFact]
    public void UnknownColumnIdIsKeptWithAWarning()
    {
        using var tmp = new TempDir();
        var bytes = File.ReadAllBytes(SharedData.TestData("biologic/galvani/col_27_issue_74.mpr"));
        // col_27 uses the old layout: data module payload at 6902 + 6 + 51; IDs (u16) start at byte 5.
        int ids = 6902 + 6 + 51 + 5;
        int k = Enumerable.Range(0, 21).First(j => BitConverter.ToUInt16(bytes, ids + 2 * j) == 27);
        BitConverter.GetBytes((ushort)9999).CopyTo(bytes, ids + 2 * k);
        var p = tmp.File("unknown.mpr");
        File.WriteAllBytes(p, bytes);
        var f = BioLogicReader.Read(p);
        Assert.NotNull(f.Find("column_9999"));
        Assert.Contains(f.Warnings, w => w.Contains("9999"));
        Assert.Equal(20, f.RowCount);
        Assert.NotNull(f.Find("Ewe/V"));
    }

    [SharedDataFact]
    public void TruncatedAndWrongMagicNameFileAndOffset()
    {
        using var tmp = new TempDir();
        var bytes = File.ReadAllBytes(SharedData.TestData("biologic/yadg/cp.mpr"));
        var cut = tmp.File("cut.mpr");
        File.WriteAllBytes(cut, bytes[..9000]);
        var e = Assert.Throws<NitrolyteFormatException>(() => BioLogicReader.Read(cut));
        Assert.Contains("cut.mpr", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.NotNull(e.ByteOffset);

        var bad = tmp.File("bad.mpr");
        var copy = (byte[])bytes.Clone();
        copy[0] = (byte)'X';
        File.WriteAllBytes(bad, copy);
        e = Assert.Throws<NitrolyteFormatException>(() => BioLogicReader.Read(bad));
        Assert.Contains("bad.mpr", e.Message);
        Assert.Equal(0, e.ByteOffset);

        var txt = tmp.File("cut.mpt");
        var lines = File.ReadAllLines(SharedData.TestData("biologic/yadg/cp.mpt"), System.Text.Encoding.Latin1);
        File.WriteAllLines(txt, lines.Take(30));
        e = Assert.Throws<NitrolyteFormatException>(() => BioLogicReader.Read(txt));
        Assert.Contains("header", e.Message);
    }

    /// <summary>The parallel chunked .mpt path (used for files over 16 MB) gives exactly the sequential result,
    /// including blank lines and error line numbers. Forced here on small files by lowering the threshold.</summary>
    [SharedDataFact]
    public void ParallelMptParsingEqualsSequential()
    {
        using var tmp = new TempDir();
        var src = SharedData.TestData("biologic/yadg/mb.issue_95.de.mpt");
        var lines = File.ReadAllLines(src, System.Text.Encoding.Latin1).ToList();
        lines.Insert(120, "");                                   // a blank line inside the data
        var p = tmp.File("blank.mpt");
        File.WriteAllLines(p, lines, System.Text.Encoding.Latin1);
        var bad = tmp.File("bad.mpt");
        var badLines = lines.ToList();
        badLines[110] = badLines[110].Replace('\t', ' ');       // one row without tabs
        File.WriteAllLines(bad, badLines, System.Text.Encoding.Latin1);
        var seq = BioLogicReader.ReadMpt(p);
        var seqError = Assert.Throws<NitrolyteFormatException>(() => BioLogicReader.ReadMpt(bad));
        var old = BioLogicReader.ParallelThresholdBytes;
        try
        {
            BioLogicReader.ParallelThresholdBytes = 0;
            var par = BioLogicReader.ReadMpt(p);
            Assert.Equal(seq.RowCount, par.RowCount);
            for (int c = 0; c < seq.Columns.Count; c++) Assert.Equal(seq.Columns[c].Values, par.Columns[c].Values);
            var parError = Assert.Throws<NitrolyteFormatException>(() => BioLogicReader.ReadMpt(bad));
            Assert.Equal(seqError.Line, parError.Line);
            foreach (var name in new[] { "cp.mpt", "ocv.mpt", "gcpl.issue_149.mpt", "wait.mpt", "zir.mpt" })
            {
                var a = BioLogicReader.ReadMpt(SharedData.TestData("biologic/yadg/" + name));
                BioLogicReader.ParallelThresholdBytes = long.MaxValue;
                var b = BioLogicReader.ReadMpt(SharedData.TestData("biologic/yadg/" + name));
                BioLogicReader.ParallelThresholdBytes = 0;
                Assert.Equal(b.RowCount, a.RowCount);
                for (int c = 0; c < a.Columns.Count; c++) Assert.Equal(b.Columns[c].Values, a.Columns[c].Values);
            }
        }
        finally { BioLogicReader.ParallelThresholdBytes = old; }
    }

    [Fact]
    public void FastNumberParsesCommasExponentsAndFallsBack()
    {
        foreach (var (s, v) in new[] { ("1,0019531E+004", 10019.531), ("-4.2044960E+001", -42.04496), ("0,000", 0.0), ("4.320298865059699E+004", 43202.98865059699),
                     ("12345678901234567890.5", 12345678901234567890.5), ("1e-300", 1e-300), (" 7 ", 7.0) })
        {
            Assert.True(Nitrolyte.Formats.FastNumber.TryParse(s, out var x), s);
            Assert.Equal(v, x);
        }
        Assert.False(Nitrolyte.Formats.FastNumber.TryParse("abc", out _));
        Assert.False(Nitrolyte.Formats.FastNumber.TryParse("1e", out _));
    }
}
