using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Formats.Gamry;
using Nitrolyte.Formats.Maccor;
using Nitrolyte.Formats.Neware;

namespace Nitrolyte.Formats;

/// <summary>Recognised instrument file kinds.</summary>
public enum InstrumentFormat { Unknown, BioLogicMpr, BioLogicMpt, Gamry, Neware, Maccor, Csv, Xlsx }

/// <summary>Reads any supported instrument file into a <see cref="TimeSeries"/>, recognising the format by its content
/// (magic bytes, first lines) and then by its extension.</summary>
public static class TimeSeriesReader
{
    public static InstrumentFormat Detect(string path)
    {
        if (Directory.Exists(path)) throw new NitrolyteFormatException(path, "is a directory, not a cycler/potentiostat file");
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var head = new byte[64];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.Read(head);
        var s = System.Text.Encoding.Latin1.GetString(head, 0, n);
        if (s.StartsWith("BIO-LOGIC MODULAR FILE", StringComparison.Ordinal)) return InstrumentFormat.BioLogicMpr;
        if (s.StartsWith("EC-Lab ASCII FILE", StringComparison.Ordinal)) return InstrumentFormat.BioLogicMpt;
        if (s.StartsWith("EXPLAIN", StringComparison.Ordinal)) return InstrumentFormat.Gamry;
        if (s.StartsWith("NEWARE", StringComparison.Ordinal)) return InstrumentFormat.Neware;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".ndax" && n >= 2 && head[0] == 'P' && head[1] == 'K') return InstrumentFormat.Neware;
        if (ext is ".xlsx" or ".xls" && XlsxTable.LooksLikeWorkbook(head, n)) return InstrumentFormat.Xlsx;
        if (ext == ".mpr") return InstrumentFormat.BioLogicMpr;
        if (ext == ".mpt") return InstrumentFormat.BioLogicMpt;
        if (ext is ".dta") return InstrumentFormat.Gamry;
        if (ext is ".nda" or ".ndax") return InstrumentFormat.Neware;
        if (MaccorReader.LooksLikeMaccor(path)) return InstrumentFormat.Maccor;
        // Maccor numbered raw text exports (cell1.001, cell1.012): a text table read by the shared column layer
        if (ext.Length == 4 && char.IsAsciiDigit(ext[1]) && char.IsAsciiDigit(ext[2]) && char.IsAsciiDigit(ext[3]) && LooksLikeText(path)) return InstrumentFormat.Csv;
        if (ext is ".csv" or ".tsv" or ".txt") return LooksLikeEcLabExport(path) ? InstrumentFormat.BioLogicMpt : InstrumentFormat.Csv;
        return InstrumentFormat.Unknown;
    }

    /// <summary>No NUL bytes in the first 4 kB (a binary Maccor raw file is not read).</summary>
    private static bool LooksLikeText(string path)
    {
        var b = new byte[4096];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.Read(b);
        return n > 0 && Array.IndexOf(b, (byte)0, 0, n) < 0;
    }

    /// <summary>An EC-Lab "export as text/CSV" without the ASCII banner: a ';'- or tab-separated first line that names
    /// time/s, an EC-Lab voltage column and EC-Lab's step bookkeeping (mode or Ns).</summary>
    private static bool LooksLikeEcLabExport(string path)
    {
        string? first;
        using (var r = new StreamReader(path, System.Text.Encoding.Latin1)) first = r.ReadLine();
        if (first is null) return false;
        char sep = first.Contains('\t') ? '\t' : first.Contains(';') ? ';' : '\0';
        if (sep == '\0') return false;
        var names = first.Split(sep).Select(x => x.Trim().Trim('"')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return names.Contains("time/s") && BioLogicColumnNames.Voltage.Any(names.Contains) && (names.Contains("mode") || names.Contains("Ns"));
    }

    /// <param name="columns"><c>--columns</c>: names the columns of a CSV/TSV table; refused for instrument formats,
    /// whose columns the format fixes</param>
    public static TimeSeries Read(string path, bool keepExtras = true, Columns.ColumnSpec? columns = null)
    {
        var format = Detect(path);
        if (columns is not null && format is not (InstrumentFormat.Csv or InstrumentFormat.Xlsx))
            throw new NitrolyteInputException($"{path}: --columns applies to CSV/TSV tables; a {format} file's columns are fixed by its format");
        return Read(path, format, keepExtras, columns);
    }

    private static TimeSeries Read(string path, InstrumentFormat format, bool keepExtras, Columns.ColumnSpec? columns) => format switch
    {
        InstrumentFormat.BioLogicMpr => TimeSeriesAdapters.FromBioLogic(BioLogicReader.ReadMpr(path), keepExtras),
        InstrumentFormat.BioLogicMpt => TimeSeriesAdapters.FromBioLogic(BioLogicReader.ReadMpt(path, keepExtras ? null : TimeSeriesAdapters.BioLogicCoreColumns), keepExtras),
        InstrumentFormat.Gamry => TimeSeriesAdapters.FromGamry(GamryReader.Read(path), keepExtras),
        InstrumentFormat.Neware => TimeSeriesAdapters.FromNeware(NewareReader.Read(path), keepExtras),
        InstrumentFormat.Maccor => TimeSeriesAdapters.FromMaccor(MaccorReader.Read(path), keepExtras),
        InstrumentFormat.Csv when MaccorEisReader.LooksLikeMaccorEis(path) => throw new NitrolyteFormatException(path,
            "a Maccor AC impedance export (one impedance step): DC and cycling analyses need a time series; use the impedance tools (eis fit/kk/drt) or convert --to bdf"),
        InstrumentFormat.Csv => TimeSeriesCsv.Read(path, columns),
        InstrumentFormat.Xlsx => TimeSeriesCsv.ReadXlsx(path, columns),
        _ => throw new NitrolyteFormatException(path, "unrecognised file: not a BioLogic .mpr/.mpt, Gamry .DTA, Neware .nda/.ndax, Maccor text export, CSV or XLSX"),
    };
}
