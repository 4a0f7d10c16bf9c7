using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class ConvertCommand
{
    /// <summary>Streaming is used when the EC-Lab file counts its cycles; otherwise the whole file is read so that the
    /// cycle can be derived as 'cycle full' counts it (docs/file-formats.md).</summary>
    private static bool HasCycleColumn(string path)
    {
        using var r = Nitrolyte.Formats.BioLogic.BioLogicReader.Open(path);
        return r.ColumnNames.Any(n => string.Equals(n, "cycle number", StringComparison.OrdinalIgnoreCase));
    }

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Instrument file: BioLogic .mpr/.mpt, Gamry .DTA, Neware .nda/.ndax, Maccor text export, or CSV." };
        var to = new Option<string>("--to") { Description = "Output format: csv (Nitrolyte's tidy time-series CSV) or bdf (Battery Data Format: 'Test Time / s', 'Voltage / V', 'Current / A', ...; CSV, or Parquet when --out ends in .parquet, e.g. cell.bdf.parquet). Both write a <name>.metadata.json sidecar (source, format, technique, start time, columns); see docs/file-formats.md.", DefaultValueFactory = _ => "csv" };
        var output = new Option<string>("--out") { Description = "CSV file to write.", Required = true };
        var columnsOpt = ColumnsOption.Create("t=time/s, v=Ewe/V, i=I/mA");
        var json = CommandRunner.JsonOption();
        var cmd = new Command("convert", "Convert any readable cycler/potentiostat file into a tidy CSV (time_s, voltage_v, current_a, cycle, step, step_kind, then the instrument's other columns). BioLogic files are streamed row by row to --to csv (constant memory, ~70 MB whatever the length); --to bdf, other formats and BioLogic files without a cycle column hold the series as float64/int32 columns (8 bytes x columns x rows; a 1.1 GB .mpt to BDF: 0.33 GB peak). Sign convention: current > 0 = charge / anodic at the working electrode. Example: nitrolyte convert run_C01.mpr --to csv --out run.csv (writes run.csv, header on the first line, and run.metadata.json). Formats: docs/file-formats.md.")
        {
            file, to, output, columnsOpt, json,
        };
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            var fmt = p.GetValue(to)!.Trim().ToLowerInvariant();
            if (fmt is not ("csv" or "bdf")) throw new UsageException($"--to {fmt}: use csv or bdf");
            var outPath = p.GetValue(output)!;
            OutputGuard.EnsureNotInput(outPath, "--out", path);
            if (OutputGuard.IsSameFile(CsvMetadata.PathFor(outPath), path))
                throw new UsageException($"--out {outPath}: its metadata sidecar would overwrite the input file");
            var kind = TimeSeriesReader.Detect(path);
            var spec = ColumnsOption.Parse(p, columnsOpt);
            if (spec is not null && kind is not (InstrumentFormat.Csv or InstrumentFormat.Xlsx))
                throw new UsageException($"--columns applies to CSV/TSV tables; {path} is a {kind} file whose columns are fixed by its format");
            long rows = 0; int columns = 0;
            var warnings = new List<string>();
            System.Text.Json.Nodes.JsonObject? meta = null;
            string? impedancePath = null;
            Nitrolyte.Electrochemistry.TimeSeries? series = null;
            // BDF of a BioLogic file writes no instrument column beyond time, voltage, current, cycle and step (the
            // recorded capacities it maps are Neware's and Arbin's): only the EC-Lab columns the adapter needs are read
            bool bdfExtras = !(kind is InstrumentFormat.BioLogicMpr or InstrumentFormat.BioLogicMpt);
            if (fmt == "bdf")
            {
                // BDF has no impedance schema: impedance rows go to a documented table beside the BDF file (or, for an
                // impedance-only file, are the output)
                var spectra = Nitrolyte.Formats.Impedance.SpectraTableWriter.Read(path, kind);
                // read once: the same series is written below (a second read would hold two copies of a large file)
                try { series = ColumnsOption.Read(() => TimeSeriesReader.Read(path, keepExtras: bdfExtras, columns: spec)); }
                catch (NitrolyteFormatException) when (spectra.Count > 0) { }
                var tablePath = series is null ? outPath : Nitrolyte.Formats.Impedance.SpectraTableWriter.PathFor(outPath);
                if (spectra.Count > 0)
                {
                    AtomicFile.Write(tablePath, (Stream s) =>
                    {
                        using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16);
                        Nitrolyte.Formats.Impedance.SpectraTableWriter.Write(spectra, w);
                    });
                    var tmeta = CsvMetadata.ForTable(tablePath, Nitrolyte.Formats.Impedance.SpectraTableWriter.Columns.Select(n => (n, (string?)n[(n.LastIndexOf('/') + 1)..].Trim())),
                        "nitrolyte convert --to bdf (impedance rows; BDF has no impedance schema yet)", path);
                    tmeta["spectra"] = spectra.Count;
                    CsvMetadata.Write(tablePath, tmeta);
                    if (series is null)
                    {
                        rows = spectra.Sum(x => x.Spectrum.FrequenciesHz.Length);
                        columns = Nitrolyte.Formats.Impedance.SpectraTableWriter.Columns.Length;
                        warnings.Add($"an impedance file: wrote its {spectra.Count} {(spectra.Count == 1 ? "spectrum" : "spectra")} as the impedance table (BDF has no impedance schema)");
                        foreach (var wmsg in warnings) Console.Error.WriteLine($"warning: {path}: {wmsg}");
                        if (p.GetValue(json))
                        {
                            CommandRunner.PrintJson(new JsonObject { ["file"] = path, ["format"] = kind.ToString(), ["out"] = Path.GetFullPath(outPath), ["metadata"] = Path.GetFullPath(CsvMetadata.PathFor(outPath)), ["to"] = fmt,
                                ["rows"] = rows, ["columns"] = columns, ["spectra"] = spectra.Count, ["warnings"] = new JsonArray(warnings.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) });
                            return 0;
                        }
                        Console.WriteLine($"Wrote {spectra.Count} {(spectra.Count == 1 ? "spectrum" : "spectra")} ({rows} rows) to {outPath}; metadata in {CsvMetadata.PathFor(outPath)}");
                        return 0;
                    }
                    impedancePath = tablePath;
                }
            }
            AtomicFile.Write(outPath, (Stream s) =>
            {
                using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16);
                if (fmt == "csv" && kind is InstrumentFormat.BioLogicMpr or InstrumentFormat.BioLogicMpt && HasCycleColumn(path))
                {
                    var info = new TimeSeriesCsv.StreamInfo();
                    rows = TimeSeriesCsv.StreamBioLogic(path, w, warnings, info);
                    meta = CsvMetadata.ForTimeSeries(outPath, path, info.Format, info.Technique, info.StartTime, info.HasCurrent,
                        CsvMetadata.TimeSeriesColumns(info.Extras), null, warnings, "nitrolyte convert --to csv");
                }
                else
                {
                    var ts = series ?? ColumnsOption.Read(() => TimeSeriesReader.Read(path, keepExtras: fmt != "bdf" || bdfExtras, columns: spec));
                    warnings.AddRange(ts.Warnings);
                    rows = ts.Count;
                    IEnumerable<(string, string?)> cols;
                    if (fmt == "bdf")
                    {
                        if (outPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) { w.Flush(); BdfWriter.WriteParquet(ts, s); }
                        else BdfWriter.Write(ts, w);
                        var names = BdfWriter.Columns(ts);
                        columns = names.Count;
                        cols = names.Select(n => (n, (string?)n[(n.LastIndexOf('/') + 1)..].Trim()));
                    }
                    else
                    {
                        TimeSeriesCsv.Write(ts, w);
                        columns = TimeSeriesCsv.FixedColumns.Length + ts.Extra.Count;
                        cols = CsvMetadata.TimeSeriesColumns(ts.Extra.Keys);
                    }
                    meta = CsvMetadata.ForTimeSeries(outPath, path, ts.Format, ts.Technique, ts.StartTime, ts.HasCurrent, cols, ts.Columns is { } prov ? Reports.ColumnsJson.Columns(prov) : null, warnings, $"nitrolyte convert --to {fmt}");
                    if (fmt == "bdf") meta["schema_table"] = "Battery Data Format (Battery Data Alliance), CSV; one cell per file";
                    if (impedancePath is not null) meta["impedance_table"] = Path.GetFileName(impedancePath);
                }
            });
            CsvMetadata.Write(outPath, meta!);
            if (columns == 0)
            {
                using var r = new StreamReader(outPath);
                columns = r.ReadLine()?.Split(',').Length ?? 0;
            }
            foreach (var wmsg in warnings) Console.Error.WriteLine($"warning: {path}: {wmsg}");
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject { ["file"] = path, ["format"] = kind.ToString(), ["out"] = Path.GetFullPath(outPath), ["metadata"] = Path.GetFullPath(CsvMetadata.PathFor(outPath)), ["to"] = fmt, ["impedance_table"] = impedancePath is null ? null : Path.GetFullPath(impedancePath), ["rows"] = rows, ["columns"] = columns,
                    ["warnings"] = new JsonArray(warnings.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) });
                return 0;
            }
            Console.WriteLine($"Wrote {rows} rows x {columns} columns ({kind}) to {outPath}; metadata in {CsvMetadata.PathFor(outPath)}");
            return 0;
        });
        return cmd;
    }
}
