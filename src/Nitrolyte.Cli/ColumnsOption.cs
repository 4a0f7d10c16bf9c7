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

    /// <summary>Runs a read that was given a <c>--columns</c> spec: a spec that does not fit the file's kind (a key the
    /// reader does not need, a unit of the wrong kind, --columns on a binary instrument file) is a usage error (exit 2);
    /// a column it names that the file lacks stays a data error naming the file (exit 1).</summary>
    public static T Read<T>(Func<T> read)
    {
        try { return read(); }
        catch (NitrolyteInputException e) when (e.Message.Contains("--columns", StringComparison.Ordinal)) { throw new UsageException(e.Message); }
    }

    /// <summary>Human output: which columns were read and what was assumed (nothing for fixed instrument formats).</summary>
    public static void Print(ColumnProvenance? c)
    {
        if (c is null || c.Columns.All(x => x.Source == "format")) return;
        AnsiConsole.WriteLine("columns: " + c.Describe());
        foreach (var a in c.Assumptions) AnsiConsole.WriteLine("assumed: " + a);
    }
}
