using Nitrolyte.Cli;

namespace Nitrolyte.Tests.Support;

/// <summary>
/// Runs the CLI and captures stdout, stderr and the exit code: in-process by default, or, when the environment
/// variable NITROLYTE_CLI names an executable (test.sh sets it to the ReadyToRun-published build/cli/Nitrolyte.Cli),
/// as a child process of that binary, so the same tests exercise the published tool.
/// </summary>
public static class CliHarness
{
    private static readonly object ConsoleLock = new();

    /// <summary>The published CLI the tests run when NITROLYTE_CLI is set (null: in-process).</summary>
    public static string? PublishedCli { get; } = Environment.GetEnvironmentVariable("NITROLYTE_CLI") is { Length: > 0 } p ? Path.GetFullPath(p) : null;

    /// <summary>A start info for the CLI as a child process: the published binary if NITROLYTE_CLI is set, else `dotnet Nitrolyte.Cli.dll` next to the tests.</summary>
    public static System.Diagnostics.ProcessStartInfo StartInfo(params string[] args)
    {
        System.Diagnostics.ProcessStartInfo psi;
        if (PublishedCli is { } exe) psi = new System.Diagnostics.ProcessStartInfo(exe);
        else
        {
            psi = new System.Diagnostics.ProcessStartInfo("dotnet");
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Nitrolyte.Cli.dll"));
        }
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static Result RunPublished(string[] args)
    {
        var psi = StartInfo(args);
        psi.RedirectStandardInput = true;
        psi.StandardOutputEncoding = System.Text.Encoding.UTF8;
        psi.StandardErrorEncoding = System.Text.Encoding.UTF8;
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new Result(p.ExitCode, stdout, err.Result);
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public System.Text.Json.Nodes.JsonNode Json() => System.Text.Json.Nodes.JsonNode.Parse(Stdout)
            ?? throw new InvalidOperationException("no JSON on stdout");
    }

    public static Result Run(params string[] args)
    {
        if (PublishedCli is not null) return RunPublished(args);
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
