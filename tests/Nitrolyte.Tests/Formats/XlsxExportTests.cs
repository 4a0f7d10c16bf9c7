using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using Nitrolyte.Formats;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats;

/// <summary>Cycler Excel exports: a workbook written here as the OpenXML zip (sheets, inline strings, numbers, an
/// "h:mm:ss" time style and a date-time style), read through ExcelDataReader and the shared column layer.</summary>
public class XlsxExportTests
{
    /// <summary>A cell: a string (inline), a double, or (double, style) for styled numbers (1 = h:mm:ss, 2 = date-time).</summary>
    private static string Sheet(IEnumerable<object[]> rows)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        int r = 0;
        foreach (var row in rows)
        {
            r++;
            sb.Append($"<row r=\"{r}\">");
            for (int c = 0; c < row.Length; c++)
            {
                string refName = $"{(char)('A' + c)}{r}";
                switch (row[c])
                {
                    case string s: sb.Append($"<c r=\"{refName}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(s)}</t></is></c>"); break;
                    case double d: sb.Append($"<c r=\"{refName}\"><v>{d.ToString("R", CultureInfo.InvariantCulture)}</v></c>"); break;
                    case ValueTuple<double, int> ds: sb.Append($"<c r=\"{refName}\" s=\"{ds.Item2}\"><v>{ds.Item1.ToString("R", CultureInfo.InvariantCulture)}</v></c>"); break;
                }
            }
            sb.Append("</row>");
        }
        return sb.Append("</sheetData></worksheet>").ToString();
    }

    private static void WriteXlsx(string path, params (string Name, string Xml)[] sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Put(string name, string text) { using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false)); w.Write(text); }
        var ct = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        for (int k = 1; k <= sheets.Length; k++) ct.Append($"<Override PartName=\"/xl/worksheets/sheet{k}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        Put("[Content_Types].xml", ct.Append("</Types>").ToString());
        Put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        var wb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
        var rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int k = 1; k <= sheets.Length; k++)
        {
            wb.Append($"<sheet name=\"{sheets[k - 1].Name}\" sheetId=\"{k}\" r:id=\"rId{k}\"/>");
            rels.Append($"<Relationship Id=\"rId{k}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{k}.xml\"/>");
        }
        rels.Append($"<Relationship Id=\"rId{sheets.Length + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
        Put("xl/workbook.xml", wb.Append("</sheets></workbook>").ToString());
        Put("xl/_rels/workbook.xml.rels", rels.Append("</Relationships>").ToString());
        Put("xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>"
            + "<fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf/></cellStyleXfs>"
            + "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"21\" applyNumberFormat=\"1\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
        for (int k = 1; k <= sheets.Length; k++) Put($"xl/worksheets/sheet{k}.xml", sheets[k - 1].Xml);
    }

    private static readonly DateTime T0 = new(2021, 3, 15, 10, 0, 0);
    private static double Oa(DateTime d) => d.ToOADate();

    [Fact]
    public void ArbinWorkbookPicksTheChannelSheet()
    {
        using var tmp = new TempDir();
        var p = tmp.File("arbin.xlsx");
        var rows = new List<object[]> { new object[] { "Data_Point", "Test_Time(s)", "Date_Time", "Step_Index", "Cycle_Index", "Current(A)", "Voltage(V)", "Charge_Capacity(Ah)" } };
        for (int i = 0; i < 6; i++) rows.Add([(double)(i + 1), 10.0 * i, (Oa(T0.AddSeconds(10 * i)), 2), i < 3 ? 1.0 : 2.0, 1.0, i < 3 ? 0.002 : -0.002, 3.0 + 0.1 * i, 0.0]);
        WriteXlsx(p, ("Global_Info", Sheet([["Test Name", "cell 1"], ["Start DateTime", "2021-03-15 10:00:00"]])), ("Channel_1-006", Sheet(rows)),
            ("Statistics_1-006", Sheet([["Cycle_Index", "Test_Time(s)", "Voltage(V)"], [1.0, 50.0, 3.5]])));
        Assert.Equal(InstrumentFormat.Xlsx, TimeSeriesReader.Detect(p));
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal("XLSX (sheet 'Channel_1-006')", ts.Format);
        Assert.Equal([0.0, 10, 20, 30, 40, 50], ts.TimeS);
        Assert.Equal(3.5, ts.VoltageV[^1], 12);
        Assert.Equal(-0.002, ts.CurrentA[^1], 15);
        Assert.Equal([1, 1, 1, 2, 2, 2], ts.Step);
        Assert.Equal((T0.AddSeconds(50) - DateTime.UnixEpoch).TotalSeconds, ts.Extra["Unix Time / s"][^1], 3);
        Assert.Equal(new DateTimeOffset(T0, TimeSpan.Zero), ts.StartTime);
    }

    [Fact]
    public void NewareWorkbookWithHmsTimeCells()
    {
        using var tmp = new TempDir();
        var p = tmp.File("neware.xlsx");
        var rows = new List<object[]> { new object[] { "DataPoint", "Cycle Index", "Step Index", "Step Type", "Time", "Total Time", "Current(mA)", "Voltage(V)", "Date" } };
        double[] total = [0, 10, 3600, 3610];
        for (int i = 0; i < 4; i++)
            rows.Add([(double)(i + 1), 1.0, i < 2 ? 1.0 : 2.0, i < 2 ? "CC Chg" : "CC DChg", (total[i] % 3600 / 86400, 1), (total[i] / 86400, 1), i < 2 ? 1.0 : -1.0, 3.1 + 0.1 * i, (Oa(T0.AddSeconds(total[i])), 2)]);
        WriteXlsx(p, ("Info", Sheet([["Barcode", "x"]])), ("Record", Sheet(rows)));
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal(4, ts.TimeS.Length);
        for (int i = 0; i < 4; i++) Assert.Equal(total[i], ts.TimeS[i], 3);
        Assert.Equal(-1e-3, ts.CurrentA[^1], 12);
        Assert.Contains(ts.Warnings, w => w.Contains("hh:mm:ss"));
    }

    [Fact]
    public void AWorkbookWithoutADataSheetIsRefusedNamingTheSheets()
    {
        using var tmp = new TempDir();
        var p = tmp.File("info.xlsx");
        WriteXlsx(p, ("Info", Sheet([["Barcode", "x"]])));
        var e = Assert.Throws<Nitrolyte.Core.NitrolyteFormatException>(() => TimeSeriesReader.Read(p));
        Assert.Contains("'Info'", e.Message);
    }
}
