using System.Globalization;
using ExcelDataReader;
using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Formats;

/// <summary>
/// The data sheet of a cycler's Excel export (XLSX or legacy XLS, read with ExcelDataReader) as tab-separated lines
/// for the shared column layer. Arbin writes "Global_Info", "Channel_&lt;n&gt;" and "Statistics_&lt;n&gt;" sheets, Neware
/// BTS "Info"/"Cycle"/"Statis"/"Record" (or "record"): the data sheet is the one whose header (in its first 30 rows)
/// names a time and a voltage column and that has the most rows. Numbers are written with '.' and round-trip
/// precision; a date-time cell becomes "yyyy-MM-dd HH:mm:ss.fff"; a time-of-day cell (Excel's day fraction before
/// 1901, how "hh:mm:ss" durations are stored) becomes "d-hh:mm:ss.fff".
/// </summary>
public static class XlsxTable
{
    /// <summary>Zip ("PK") for XLSX, the OLE2 compound-file magic for XLS.</summary>
    public static bool LooksLikeWorkbook(byte[] head, int n) =>
        (n >= 2 && head[0] == 'P' && head[1] == 'K') || (n >= 8 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0);

    public static (string Sheet, string[] Lines) ReadDataSheet(string path)
    {
        CodePageEncodings.Register();
        var sheets = new List<(string Name, List<string> Lines)>();
        try
        {
            using var fs = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = ExcelReaderFactory.CreateReader(fs);
            do
            {
                var lines = new List<string>();
                while (reader.Read())
                {
                    var cells = new string[reader.FieldCount];
                    for (int k = 0; k < cells.Length; k++) cells[k] = Cell(reader.GetValue(k));
                    lines.Add(string.Join('\t', cells).TrimEnd('\t'));
                }
                sheets.Add((reader.Name ?? $"sheet {sheets.Count + 1}", lines));
            } while (reader.NextResult());
        }
        catch (Exception e) when (e is not NitrolyteFormatException and not OutOfMemoryException)
        {
            throw new NitrolyteFormatException(path, $"not a readable Excel workbook: {e.Message}", inner: e);
        }
        (string Sheet, string[] Lines)? best = null;
        int bestRows = -1;
        foreach (var (name, lines) in sheets)
        {
            int header = lines.Take(30).ToList().FindIndex(l => NamesTimeAndVoltage(l));
            if (header < 0) continue;
            int rows = lines.Count - header - 1;
            if (rows > bestRows) { bestRows = rows; best = (name, lines.ToArray()); }
        }
        if (best is null)
            throw new NitrolyteFormatException(path, $"no sheet with a time and a voltage column in its header (sheets: {string.Join(", ", sheets.Select(t => $"'{t.Name}'"))}); name the columns with --columns or export the data sheet as CSV");
        return best.Value;
    }

    private static bool NamesTimeAndVoltage(string line)
    {
        var cells = line.Split('\t').Select(c => c.Trim()).ToArray();
        return cells.Length >= 2 && cells.Any(c => ColumnRecogniser.Names(c, Quantities.Time)) && cells.Any(c => ColumnRecogniser.Names(c, Quantities.Voltage));
    }

    /// <summary>The cell's Excel serial (days): ExcelDataReader maps serials below 61 one day later (Excel's 1900 leap-year
    /// bug), so 0 reads as 1899-12-31.</summary>
    private static double ExcelSerial(DateTime dt)
    {
        double oa = dt.ToOADate();
        return oa < 61 ? oa - 1 : oa;
    }

    private static string Cell(object? v) => v switch
    {
        null or DBNull => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        int or long or short or decimal => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
        bool b => b ? "1" : "0",
        TimeSpan ts => Duration(ts),
        DateTime dt when dt.Year <= 1900 => Duration(TimeSpan.FromMilliseconds(Math.Round(ExcelSerial(dt) * 86_400_000))),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        string s => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' '),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Duration(TimeSpan ts) =>
        ts < TimeSpan.Zero ? "" : $"{(int)ts.TotalDays}-{ts.Hours:00}:{ts.Minutes:00}:{ts.Seconds:00}.{ts.Milliseconds:000}";
}

/// <summary>Registers the code-page encodings that legacy XLS files (and EC-Lab's windows-1252 text) need.</summary>
internal static class CodePageEncodings
{
    private static int _done;
    public static void Register()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0) System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
    }
}
