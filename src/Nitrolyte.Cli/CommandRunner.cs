using System.CommandLine;
using Nitrolyte.Core;
using Nitrolyte.Reports;

namespace Nitrolyte.Cli;

/// <summary>
/// Shared plumbing for commands: the --json option, the mapping of bad input to exit code 1 with a single line,
/// usage problems to exit code 2, and JSON printing in the project convention.
/// </summary>
public static class CommandRunner
{
    public static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object on stdout (snake_case keys, units in the names) instead of tables." };

    /// <summary>Sets the command's action: runs <paramref name="body"/>, turning Nitrolyte exceptions into one-line errors.</summary>
    public static void SetHandler(this Command command, Func<ParseResult, int> body)
    {
        command.SetAction(parse =>
        {
            try
            {
                return body(parse);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"error: {OneLine(e.Message)}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is NitrolyteFormatException or NitrolyteInputException or IOException or UnauthorizedAccessException)
            {
                // Bad input: one line naming the file and the problem, never a stack trace.
                Console.Error.WriteLine($"error: {OneLine(e.Message)}");
                return ExitCodes.BadData;
            }
            catch (MathNet.Numerics.NonConvergenceException e) when (Environment.GetEnvironmentVariable("NITROLYTE_DEBUG") is null)
            {
                // A numerical solve that failed on this input (analyses convert the ones they know at the source).
                Console.Error.WriteLine($"error: the fit did not converge: {OneLine(e.Message)} (the data may be degenerate or span an extreme range of values)");
                return ExitCodes.BadData;
            }
            catch (Exception e) when (Environment.GetEnvironmentVariable("NITROLYTE_DEBUG") is null)
            {
                // A bug, not bad input; keep the one-line contract but say it is ours.
                Console.Error.WriteLine($"error: internal error ({e.GetType().Name}): {OneLine(e.Message)} (set NITROLYTE_DEBUG=1 for the stack trace)");
                return ExitCodes.BadData;
            }
        });
    }

    /// <summary>Adds a table row whose cells are plain text (Spectre would read '[' as markup).</summary>
    public static Spectre.Console.Table AddEscapedRow(this Spectre.Console.Table table, params string[] cells) =>
        Spectre.Console.TableExtensions.AddRow(table, cells.Select(Spectre.Console.Markup.Escape).ToArray());

    public static void PrintJson(object? value) => Console.Out.WriteLine(Json.Serialize(value));

    public static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");

    /// <summary>Parses "a,b,c" into doubles, or throws a usage error naming the option.</summary>
    public static double[] ParseDoubles(string? text, string optionName)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => double.Parse(x, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new UsageException($"{optionName}: '{text}' is not a comma-separated list of numbers");
        }
    }
}

/// <summary>A problem with how the command was called (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
