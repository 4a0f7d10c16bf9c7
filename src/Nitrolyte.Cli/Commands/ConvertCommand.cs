using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class ConvertCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Instrument file: BioLogic .mpr/.mpt, Gamry .DTA, Neware .nda/.ndax, Maccor text export, or CSV." };
        var to = new Option<string>("--to") { Description = "Output format (only csv: Nitrolyte's tidy time-series CSV, see docs/file-formats.md).", DefaultValueFactory = _ => "csv" };
        var output = new Option<string>("--out") { Description = "CSV file to write.", Required = true };
        var columnsOpt = ColumnsOption.Create("t=time/s, v=Ewe/V, i=I/mA");
        var json = CommandRunner.JsonOption();
        var cmd = new Command("convert", "Convert any readable cycler/potentiostat file into a tidy CSV (time_s, voltage_v, current_a, cycle, step, step_kind, then the instrument's other columns). BioLogic files are streamed row by row. Sign convention: current > 0 = charge / anodic at the working electrode. Example: nitrolyte convert run_C01.mpr --to csv --out run.csv. Formats: docs/file-formats.md.")
        {
            file, to, output, columnsOpt, json,
        };
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            var fmt = p.GetValue(to)!.Trim().ToLowerInvariant();
            if (fmt != "csv") throw new UsageException($"--to {fmt}: only csv is supported");
            var outPath = p.GetValue(output)!;
            var kind = TimeSeriesReader.Detect(path);
            var spec = ColumnsOption.Parse(p, columnsOpt);
            if (spec is not null && kind != InstrumentFormat.Csv)
                throw new UsageException($"--columns applies to CSV/TSV tables; {path} is a {kind} file whose columns are fixed by its format");
            long rows = 0; int columns = 0;
            var warnings = new List<string>();
            AtomicFile.Write(outPath, (Stream s) =>
            {
                using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16);
                if (kind is InstrumentFormat.BioLogicMpr or InstrumentFormat.BioLogicMpt)
                    rows = TimeSeriesCsv.StreamBioLogic(path, w, warnings);
                else
                {
                    var ts = ColumnsOption.Read(() => TimeSeriesReader.Read(path, columns: spec));
                    TimeSeriesCsv.Write(ts, w);
                    warnings.AddRange(ts.Warnings);
                    rows = ts.Count;
                    columns = TimeSeriesCsv.FixedColumns.Length + ts.Extra.Count;
                }
            });
            if (columns == 0)
            {
                using var r = new StreamReader(outPath);
                r.ReadLine();
                columns = r.ReadLine()?.Split(',').Length ?? 0;
            }
            foreach (var wmsg in warnings) Console.Error.WriteLine($"warning: {path}: {wmsg}");
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject { ["file"] = path, ["format"] = kind.ToString(), ["out"] = Path.GetFullPath(outPath), ["rows"] = rows, ["columns"] = columns,
                    ["warnings"] = new JsonArray(warnings.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) });
                return 0;
            }
            Console.WriteLine($"Wrote {rows} rows x {columns} columns ({kind}) to {outPath}");
            return 0;
        });
        return cmd;
    }
}
