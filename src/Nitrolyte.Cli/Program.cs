using Nitrolyte.Cli;
using Spectre.Console;

// Output sent to a file or a pipe gets plain text: no colour or hyperlink escape codes in `> out.txt`.
if (Console.IsOutputRedirected)
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(Console.Out),
    });

if (Environment.GetEnvironmentVariable("NITROLYTE_STARTUP_PROFILE") == "1")
    return StartupProfile.Run(args);
return CliApp.Run(args);
