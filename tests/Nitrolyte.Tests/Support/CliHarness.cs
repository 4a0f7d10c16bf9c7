using Nitrolyte.Cli;

namespace Nitrolyte.Tests.Support;

/// <summary>Runs the CLI in-process and captures stdout, stderr and the exit code.</summary>
public static class CliHarness
{
    private static readonly object ConsoleLock = new();

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public System.Text.Json.Nodes.JsonNode Json() => System.Text.Json.Nodes.JsonNode.Parse(Stdout)
            ?? throw new InvalidOperationException("no JSON on stdout");
    }

    public static Result Run(params string[] args)
    {
        lock (ConsoleLock)
        {
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            var outW = new StringWriter();
            var errW = new StringWriter();
            Console.SetOut(outW);
            Console.SetError(errW);
            try
            {
                Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
                {
                    Out = new Spectre.Console.AnsiConsoleOutput(outW),
                    Ansi = Spectre.Console.AnsiSupport.No,
                    ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
                });
                int code = CliApp.Run(args);
                return new Result(code, outW.ToString(), errW.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
