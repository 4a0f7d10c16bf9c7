using System.CommandLine;
using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;
using Spectre.Console;

namespace Nitrolyte.Cli;

/// <summary>
/// <c>--columns</c>, shared by every command that reads text tables: which column holds what, by header name or
/// 1-based position, with a unit and a leading minus for a negated column. A malformed value is a usage error.
/// </summary>
public static class ColumnsOption
{
    public static Option<string?> Create(string example) => new("--columns")
    {
        Description = $"Name the columns of a text table when the header does not say (or says wrongly) what they hold: KEY=COLUMN[/UNIT], "
            + $"COLUMN a header name or a 1-based position, a leading '-' for a negated column (−Z''), e.g. \"{example}\". See docs/file-formats.md.",
    };

    /// <summary>The parsed spec, or null when the option was not given; a malformed one is a usage error (exit 2).</summary>
    public static ColumnSpec? Parse(ParseResult p, Option<string?> option)
    {
        try { return ColumnSpec.ParseOrNull(p.GetValue(option)); }
        catch (NitrolyteInputException e) { throw new UsageException(e.Message); }
    }

    /// <summary>Human output: which columns were read and what was assumed (nothing for fixed instrument formats).</summary>
    public static void Print(ColumnProvenance? c)
    {
        if (c is null || c.Columns.All(x => x.Source == "format")) return;
        AnsiConsole.WriteLine("columns: " + c.Describe());
        foreach (var a in c.Assumptions) AnsiConsole.WriteLine("assumed: " + a);
    }
}
