using System.CommandLine;
using Nitrolyte.Core;
using Nitrolyte.Reports;
using Nitrolyte.Reports.Figures;

namespace Nitrolyte.Cli;

/// <summary>
/// The options every plotting command shares: <c>--figure out.svg|out.png [--dpi 300] [--size 85x70mm]</c> writes the
/// command's figure(s) for a paper (the same data and styling as the HTML report), and <c>--export-data out.csv</c>
/// writes the plotted series as CSV. A command with several figures writes the first at the path given and the
/// others beside it as <c>name_2.svg</c>, <c>name_3.svg</c>, ...
/// </summary>
public sealed class FigureOutput
{
    public Option<string?> Figure { get; } = new("--figure") { Description = "Write the plot as a static figure for a paper: .svg (vector) or .png. Several plots: name.svg, name_2.svg, ..." };
    public Option<int?> Dpi { get; } = new("--dpi") { Description = "PNG resolution, 72-1200 dpi (default 300)." };
    public Option<string?> Size { get; } = new("--size") { Description = "Figure size WIDTHxHEIGHT in mm (or cm/in), 20-500 mm a side (default 85x70mm, one journal column)." };
    public Option<string?> ExportData { get; } = new("--export-data") { Description = "Write the plotted series as CSV (one header row 'series: quantity (unit)'; Origin/Excel/pandas open it as is)." };

    public void AddTo(Command command)
    {
        command.Add(Figure);
        command.Add(Dpi);
        command.Add(Size);
        command.Add(ExportData);
    }

    /// <summary>True when the user asked for a figure or its data (so the command builds its plots only then).</summary>
    public bool Wanted(ParseResult p) => p.GetValue(Figure) is not null || p.GetValue(ExportData) is not null;

    /// <summary>Checks the options before any work (bad size, wrong extension, output = an input): usage errors.</summary>
    public void Validate(ParseResult p, params string[] inputs)
    {
        try { FigureSize.Parse(p.GetValue(Size), p.GetValue(Dpi)); }
        catch (NitrolyteInputException e) { throw new UsageException(e.Message); }
        if (p.GetValue(Figure) is { } fig && Path.GetExtension(fig).ToLowerInvariant() is not (".svg" or ".png"))
            throw new UsageException($"--figure {fig}: the figure must end in .svg or .png");
        foreach (var output in new[] { p.GetValue(Figure), p.GetValue(ExportData) }.OfType<string>())
            foreach (var input in inputs)
                if (File.Exists(input) && OutputGuard.IsSameFile(output, input))
                    throw new UsageException($"{output} is an input of this command; choose another output path");
    }

    /// <summary>Writes what was asked for and says where on stderr (stdout stays the result, e.g. the JSON).</summary>
    public void Write(ParseResult p, IReadOnlyList<PlotFigure> figures)
    {
        if (figures.Count == 0)
        {
            if (Wanted(p)) Console.Error.WriteLine("note: this analysis produced no plot; no figure written");
            return;
        }
        var size = FigureSize.Parse(p.GetValue(Size), p.GetValue(Dpi));
        if (p.GetValue(Figure) is { } path)
            for (int i = 0; i < figures.Count; i++)
            {
                var target = Numbered(path, i);
                StaticFigureWriter.Write(figures[i], target, size);
                Console.Error.WriteLine($"wrote figure {target} ({figures[i].Title})");
            }
        if (p.GetValue(ExportData) is { } data)
            for (int i = 0; i < figures.Count; i++)
            {
                var target = Numbered(data, i);
                AtomicFile.WriteAllText(target, StaticFigureWriter.DataCsv(figures[i]));
                Console.Error.WriteLine($"wrote plotted data {target} ({figures[i].Title})");
            }
    }

    private static string Numbered(string path, int i) =>
        i == 0 ? path : Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}_{i + 1}{Path.GetExtension(path)}");
}
